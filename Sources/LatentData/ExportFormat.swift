/// A file format `export` writes. Each format is one type in one file (`CSVFormat`, `NPYFormat`), listed
/// in `ExportFormats.all`; every file goes through `AtomicFileWriter`.
public protocol ExportFormat {
    /// The file extension, lower case and without the dot ("csv").
    static var fileExtension: String { get }
    /// Writes `object` to `path` (and any partner files the format keeps beside it).
    static func write(_ object: any Exportable, to path: String) throws
}

/// The formats `export` knows, chosen by the file's extension.
public enum ExportFormats {
    /// Every format, in the order help lists them.
    public static var all: [any ExportFormat.Type] { [CSVFormat.self, NPYFormat.self] }

    /// The format whose extension `path` ends in (any case); nil when none does.
    public static func format(for path: String) -> (any ExportFormat.Type)? {
        let name = path.lowercased()
        return all.first { name.hasSuffix("." + $0.fileExtension) }
    }

    /// ".csv or .npy": the extensions, for sentences.
    public static var extensionsText: String {
        let names = all.map { "." + $0.fileExtension }
        return names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
