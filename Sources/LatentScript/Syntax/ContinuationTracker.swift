/// Decides, line by line, whether an entry typed at the prompt is complete: each line is lexed once,
/// starting from the brackets and blocks the earlier lines left open, so an entry of N lines costs
/// O(N) however long it stays open (re-lexing the whole entry per line made it quadratic).
public struct ContinuationTracker: Sendable {
    private var depth = Lexer.Depth()
    /// Characters lexed since the tracker was made or reset (the work done; tests check it is linear).
    public private(set) var charactersLexed = 0

    /// A tracker for a new entry.
    public init() {}

    /// Adds the next line (or several, joined with newlines); true while the entry is unfinished: a block,
    /// list or parenthesis is open, or the text ends after a trailing `\`. A string left open at the end
    /// of a line finishes the entry (even inside a block), so it runs and reports the error at that line.
    public mutating func feed(_ text: String) -> Bool {
        let lexer = Lexer.tokenize(SourceText(name: "", text: text), depth: depth)
        charactersLexed += lexer.chars.count
        depth = lexer.finalDepth
        return lexer.openStringLine == nil && (depth.open > 0 || lexer.endsInsideToken)
    }

    /// Starts a new entry.
    public mutating func reset() { depth = Lexer.Depth() }
}
