/// One CSV column named by its header text or by its 1-based number (the numbering errors use).
public enum ColumnRef: Sendable, Equatable, CustomStringConvertible {
    /// The column at this 1-based position.
    case number(Int)
    /// The column with this header name (exact, else ignoring case).
    case name(String)

    /// `3` or `"species"`, as the user would write it.
    public var description: String {
        switch self {
        case .number(let k): return String(k)
        case .name(let s): return "\"\(s)\""
        }
    }
}
