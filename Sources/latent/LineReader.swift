/// What reading one line produced.
enum LineRead {
    /// A line, without its terminator (several lines joined with newlines when a block was recalled).
    case line(String)
    /// Ctrl-C at the prompt: the line is abandoned.
    case cancelled
    /// End of input (Ctrl-D on an empty line, or end of the pipe).
    case end
}

/// A source of input lines for the REPL.
protocol LineReader: AnyObject {
    /// Reads a line, showing `prompt` when interactive.
    func read(prompt: String) -> LineRead
    /// Remembers a typed entry (one line, or a block's lines joined with newlines) for recall with the
    /// arrow keys (no-op when not interactive).
    func remember(_ entry: String)
    /// True for a terminal with line editing.
    var isInteractive: Bool { get }
}

/// Plain reads from stdin: no prompts, no escape codes (used when stdin or stdout is not a terminal).
final class PlainLineReader: LineReader {
    let isInteractive = false

    func read(prompt: String) -> LineRead {
        guard let line = readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    func remember(_ entry: String) {}
}
