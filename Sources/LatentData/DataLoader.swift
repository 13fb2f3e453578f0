import LatentFiles
import Foundation

/// Which CSV column holds the class labels.
public enum LabelColumn: Sendable, Equatable {
    /// A header column named `label`, `labels`, `class`, `target` or `y` (case-insensitive; the first of these
    /// names that a column has wins, so `x,y,label` takes `label`), else the one
    /// column that holds text (several such columns are refused, naming them), else none.
    case auto
    /// No label column: every column is a feature.
    case none
    /// The first column.
    case first
    /// The last column.
    case last
    /// The column at this 1-based position (the numbering messages use).
    case number(Int)
    /// The column with this header name (forces a header).
    case name(String)
}

/// Whether the first CSV line is a header.
public enum HeaderMode: Sendable, Equatable {
    /// A header when the first line has a non-numeric feature cell.
    case auto
    /// The first line is a header.
    case present
    /// The first line is data.
    case absent
}

/// Options for `DataLoader.load`; every field has a sensible default.
public struct LoadOptions: Sendable {
    /// CSV cell separator; nil picks tab, comma or semicolon from the first line.
    public var delimiter: UInt8? = nil
    /// Header detection for CSV.
    public var header: HeaderMode = .auto
    /// Label column for CSV.
    public var label: LabelColumn = .auto
    /// The feature columns, in this order; nil takes every column but the label and `dropColumns`.
    public var columns: [ColumnRef]? = nil
    /// Columns to leave out.
    public var dropColumns: [ColumnRef] = []
    /// A CSV column holding one identifier per row (kept as `Dataset.ids`, not a feature); nil: none.
    public var idColumn: ColumnRef? = nil
    /// What to do with missing cells in feature columns.
    public var missing: MissingValues = .error
    /// Explicit labels file for IDX or NPY images (otherwise IDX looks for the MNIST-named partner).
    public var labelsPath: String? = nil
    /// Explicit image shape (height, width); must multiply to the feature count.
    public var imageShape: (height: Int, width: Int)? = nil
    /// Mark rows as square images when the feature count is a perfect square (CSV, 2-D NPY).
    public var squareImages: Bool = false
    /// Image folders: the size every image is resampled to (height, width); nil requires one shared size.
    public var imageSize: (height: Int, width: Int)? = nil
    /// Image folders: 1 (gray) or 3 (RGB); nil takes 1 when every image is gray, else 3.
    public var imageChannels: Int? = nil
    /// Image folders: refuse a file that is not a PNG or JPEG image (or is damaged) instead of skipping it.
    public var strict: Bool = false
    /// Dataset name; defaults to the file name without extensions.
    public var name: String? = nil
    /// The most bytes a file may occupy in memory, compressed or decompressed (the memory guard).
    public var memoryLimit: Int = LoadOptions.defaultMemoryLimit
    /// Polled while a file is decompressed; returning true stops the load with a `DataError` of kind `interrupted`.
    public var shouldStop: (@Sendable () -> Bool)? = nil

    /// The default memory limit: this machine's physical memory.
    public static var defaultMemoryLimit: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return Int.max }
        return pages.multipliedReportingOverflow(by: size).overflow ? Int.max : pages * size
    }

    /// Default options.
    public init() {}
}

/// Entry points for reading datasets from CSV/TSV, IDX (raw or gzipped) and NPY files, and folders of PNG/JPEG images.
public enum DataLoader {
    /// File formats recognised by `load`.
    public enum Format: String, Sendable {
        /// Comma/tab/semicolon separated text.
        case csv
        /// LeCun's IDX binary format.
        case idx
        /// NumPy `.npy`.
        case npy
    }

    /// The format implied by the file name (`.csv`, `.tsv`, `.txt`, `.npy`, `*idx*` / `*-ubyte`, optionally `.gz`).
    public static func format(of path: String) -> Format? {
        var name = FileBytes.baseName(path).lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".npy") { return .npy }
        if name.hasSuffix(".csv") || name.hasSuffix(".tsv") || name.hasSuffix(".txt") { return .csv }
        if name.contains("idx") || name.hasSuffix("ubyte") { return .idx }
        return nil
    }

    /// The format implied by the first bytes: IDX magic `00 00 08`, NPY magic, or printable text (CSV).
    static func sniff(_ path: String) throws -> Format? {
        let head = FileBytes.prefix(path, count: 8)
        // Missing or empty files go to the CSV reader, which reports them.
        if head.isEmpty { return .csv }
        if head.count >= 3 && head[0] == 0 && head[1] == 0 && head[2] == 8 { return .idx }
        if head.count >= 6 && head[0] == 0x93 && head[1...5].elementsEqual("NUMPY".utf8) { return .npy }
        if head.allSatisfy({ $0 == 9 || $0 == 10 || $0 == 13 || ($0 >= 32 && $0 < 127) }) { return .csv }
        return nil
    }

    /// Loads `path`, choosing the reader from the file name (or its first bytes); the dataset is returned whole or not at all.
    public static func load(_ path: String, options: LoadOptions = LoadOptions()) throws -> Dataset {
        var notes: [String] = []
        return try load(path, options: options, notes: &notes)
    }

    /// `load`, adding to `notes` a sentence for each thing the reader did on its own (a pandas index
    /// column dropped, rows with gaps left out, gaps filled).
    public static func load(_ path: String, options: LoadOptions, notes: inout [String]) throws -> Dataset {
        if isFolder(path) { return try applyShapeOptions(try loadImageFolder(path, options: options, notes: &notes), options) }
        try refuseOtherFormats(path)
        guard let format = try format(of: path) ?? sniff(path) else {
            throw DataError(.unsupported, file: path, "is not recognised as CSV, IDX or NPY; \(formatsRead)")
        }
        var ds: Dataset
        switch format {
        case .csv: ds = try loadCSV(path, options: options, notes: &notes)
        case .idx: ds = try loadIDX(path, labelsPath: options.labelsPath, name: options.name, limits: ReadLimits(options))
        case .npy:
            let partner = npyPartnerLabels(for: path, options: options)
            if let partner { notes.append("labels from \(partner)") }
            let labelsPath = options.labelsPath ?? partner
            ds = try loadNPY(path, labelsPath: labelsPath, name: options.name, limits: ReadLimits(options))
            if let labelsPath { ds = try withClassNames(ds, labelsPath: labelsPath, notes: &notes) }
        }
        return try applyShapeOptions(ds, options)
    }

    /// Applies `imageShape` / `squareImages` from the options.
    static func applyShapeOptions(_ ds: Dataset, _ options: LoadOptions) throws -> Dataset {
        if let s = options.imageShape { return try ds.withImageShape(height: s.height, width: s.width) }
        if options.squareImages && ds.imageShape == nil { return try ds.withSquareImageShape() }
        return ds
    }

    /// The file name without `.gz` and the format extension, used as the default dataset name.
    static func defaultName(_ path: String) -> String {
        var name = FileBytes.baseName(path)
        if name.lowercased().hasSuffix(".gz") { name.removeLast(3) }
        for ext in [".csv", ".tsv", ".txt", ".npy"] where name.lowercased().hasSuffix(ext) {
            name.removeLast(ext.count)
            break
        }
        return name
    }
}
