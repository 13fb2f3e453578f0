/// What `load` does with missing cells (empty, `NA`, `NaN`, `null`, ...) in a CSV's feature columns.
public enum MissingValues: String, Sendable, Equatable, CaseIterable {
    /// Refuse the file, counting the rows and columns affected (the default).
    case error
    /// Leave out every row with a missing cell.
    case drop
    /// Fill a missing cell with its column's mean.
    case mean
    /// Fill a missing cell with its column's median.
    case median
    /// Fill a missing cell with 0.
    case zero

    /// The words read as a missing value, compared without case: empty, `NA`, `N/A`, `NaN`, `-NaN`,
    /// `null`, `None`, `<NA>`, `#N/A` (what R, pandas, Python and spreadsheets write for a gap).
    static let words: Set<String> = ["na", "n/a", "nan", "-nan", "+nan", "null", "none", "<na>", "#n/a"]

    /// True when `p[start..<end]` (trimmed) is empty or one of `words`.
    static func isMissing(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end > start else { return true }
        guard end - start <= 5 else { return false }
        var word = ""
        for k in start..<end { word.unicodeScalars.append(Unicode.Scalar(p[k] | (p[k] >= 65 && p[k] <= 90 ? 0x20 : 0))) }
        return words.contains(word)
    }
}
