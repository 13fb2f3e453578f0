/// The statement being typed at the prompt, line by line, until it is complete (blocks, lists,
/// parentheses closed; no trailing `\`). Each line is lexed once, so a long open entry costs linear work.
public struct PromptEntry {
    /// The lines so far, joined with newlines.
    public private(set) var text = ""
    private var tracker = ContinuationTracker()
    private var lines = 0

    /// An empty entry.
    public init() {}

    /// True before the first line.
    public var isEmpty: Bool { lines == 0 }

    /// Characters lexed to decide completeness since the session started (the work; linear in the input).
    public var charactersLexed: Int { tracker.charactersLexed }

    /// Adds a line; true when the entry is now complete and should run.
    public mutating func add(_ line: String) -> Bool {
        text += lines == 0 ? line : "\n" + line
        lines += 1
        return !tracker.feed(line)
    }

    /// Empties the entry (after it ran, or Ctrl-C at the prompt).
    public mutating func reset() {
        text = ""
        lines = 0
        tracker.reset()
    }
}
