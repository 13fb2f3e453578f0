/// An error raised while loading, transforming or writing data.
///
/// `description` is one complete message naming the file, the place in it (CSV line and column, or byte
/// offset in a binary file) and what was expected, e.g. `digits.csv:17: expected 65 columns, found 64`.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The category of failure, for callers that react differently to different problems.
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist, or is a folder, a FIFO, a device or another non-regular file.
        case missingFile
        /// The file could not be opened or read.
        case unreadable
        /// The file (or its decompressed content) holds no data.
        case emptyFile
        /// A CSV row has a different number of columns from the first row.
        case raggedRow
        /// A CSV cell that must be numeric is not.
        case nonNumeric
        /// A value is NaN, infinite or out of Float range.
        case nonFinite
        /// A binary file does not start with the expected magic bytes.
        case badMagic
        /// A header declares more or fewer bytes than the file holds.
        case sizeMismatch
        /// A gzip stream ends before its end marker.
        case truncatedGzip
        /// A gzip stream is damaged.
        case corruptGzip
        /// A valid file uses a feature the loader does not support (dtype, Fortran order, rank).
        case unsupported
        /// A header or structure is malformed.
        case malformed
        /// Images and labels (or two datasets) disagree in count or shape.
        case countMismatch
        /// A caller-supplied argument is invalid (unknown label column, bad fraction, ...).
        case invalidArgument
        /// Writing an output file failed.
        case writeFailed
        /// Ctrl-C stopped the read.
        case interrupted
    }

    /// The category of failure.
    public let kind: Kind
    /// The file concerned, as the caller named it.
    public let file: String?
    /// 1-based line number (text files).
    public let line: Int?
    /// Byte offset from the start of the (decompressed) file (binary files).
    public let offset: Int?
    /// What went wrong and what was expected.
    public let detail: String

    /// An error of `kind` with the given location and detail sentence.
    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, offset: Int? = nil, _ detail: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.offset = offset
        self.detail = detail
    }

    /// The complete message: `file:line: detail`, `file: byte offset N: detail` or `file: detail`.
    public var description: String {
        var s = ""
        if let file { s += file }
        if let line { s += ":\(line)" }
        if let offset { s += (s.isEmpty ? "" : ": ") + "byte offset \(offset)" }
        return s.isEmpty ? detail : s + ": " + detail
    }
}

extension DataError {
    static func missing(_ path: String) -> DataError {
        DataError(.missingFile, file: path, "no such file")
    }

    static func empty(_ path: String) -> DataError {
        DataError(.emptyFile, file: path, "the file is empty; expected data")
    }

    static func argument(_ detail: String) -> DataError {
        DataError(.invalidArgument, detail)
    }
}
