import LatentCore

/// Something `export` writes: rows of values under column names, with optional row IDs, labels and
/// class names. The formats (`ExportFormat`) read nothing else, so a new exportable object is one
/// conformance and a new file format one file.
///
/// A CSV file is `[id,][label,]column1,column2,...`: the IDs first (header `id`), then the labels
/// (class names when there are any), then the values. An NPY file holds the values; labels and class
/// names go beside it (`NAME.labels.npy`, `NAME.classes.csv`), as `load "NAME.npy"` reads them back.
public protocol Exportable {
    /// The rows' values; throws a sentence when the object has nothing to write (e.g. a model not yet trained).
    func exportValues() throws -> ExportValues
    /// The value columns' names, in order (the ID and label columns come before them).
    var exportColumns: [String] { get }
    /// One identifier per row, written as the first column; nil (the default): none.
    var exportIDs: [String]? { get }
    /// One class per row, written before the values; nil (the default): unlabelled.
    var exportLabels: [Int32]? { get }
    /// The names of the classes `exportLabels` index, written in their place; nil (the default): numbers.
    var exportClassNames: [String]? { get }
}

extension Exportable {
    public var exportIDs: [String]? { nil }
    public var exportLabels: [Int32]? { nil }
    public var exportClassNames: [String]? { nil }
}

/// The values of an exported object: `count` rows of `exportColumns.count` columns.
public struct ExportValues {
    /// How the rows are produced.
    public enum Rows {
        /// float32 rows: `fill(r, out)` writes row r's values into `out` (one per column).
        case numbers((Int, UnsafeMutablePointer<Float>) -> Void)
        /// Cells of mixed kinds (a table of results), read by row and column.
        case cells((Int, Int) -> ExportCell)
    }

    /// The number of rows.
    public let count: Int
    /// The rows.
    public let rows: Rows

    /// `count` rows produced by `rows`.
    public init(count: Int, _ rows: Rows) {
        self.count = count
        self.rows = rows
    }

    /// The rows of `matrix` (n, d).
    public static func matrix(_ matrix: Matrix) -> ExportValues {
        ExportValues(count: matrix.rows, .numbers { r, out in out.update(from: matrix.row(r), count: matrix.cols) })
    }
}

/// One cell of a table of results.
public enum ExportCell {
    /// A number (written in full precision in CSV, as float32 in NPY).
    case number(Double)
    /// Text; `kind` names what it is ("a string", "a list") for the sentence a numeric format gives.
    case text(String, kind: String)
    /// No value (empty in CSV, NaN in NPY).
    case missing
}

/// A matrix with column names and optional labels as an exportable object.
public struct ExportedMatrix: Exportable {
    /// The values (n, d).
    public let matrix: Matrix
    public let exportColumns: [String]
    public let exportLabels: [Int32]?
    public let exportClassNames: [String]?

    /// `matrix` under `columnNames` (default `x1, x2, ...`), with optional labels and their class names.
    public init(_ matrix: Matrix, columnNames: [String]? = nil, labels: [Int32]? = nil, classNames: [String]? = nil) {
        self.matrix = matrix
        exportColumns = columnNames ?? ExportedMatrix.numberedColumns("x", matrix.cols)
        exportLabels = labels
        exportClassNames = classNames
    }

    public func exportValues() throws -> ExportValues { .matrix(matrix) }

    /// `prefix1, prefix2, ..., prefixN`.
    public static func numberedColumns(_ prefix: String, _ count: Int) -> [String] { (0..<count).map { "\(prefix)\($0 + 1)" } }
}

/// Why an object cannot be written in a format, in one sentence (e.g. text in a table written as NPY).
public struct ExportError: Error, CustomStringConvertible, Sendable {
    /// The sentence.
    public let message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Dataset: Exportable {
    /// The values after the affine map, row by row.
    public func exportValues() throws -> ExportValues {
        ExportValues(count: count, .numbers { r, out in
            var index = r
            withUnsafePointer(to: &index) { self.fillRows(UnsafeBufferPointer(start: $0, count: 1), into: out) }
        })
    }
    /// The feature names (`x1, x2, ...` when the data have none).
    public var exportColumns: [String] { featureNames ?? ExportedMatrix.numberedColumns("x", features) }
    /// The rows' IDs (`load ... id=`), written as the first column.
    public var exportIDs: [String]? { ids }
    /// The labels.
    public var exportLabels: [Int32]? { labels }
    /// The label names.
    public var exportClassNames: [String]? { labelNames }
}
