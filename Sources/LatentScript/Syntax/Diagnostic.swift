/// A named script text, split into lines for error reports.
public struct SourceText: Sendable {
    /// The name shown in diagnostics (a path, `<stdin>`, `<command line>`).
    public let name: String
    /// The whole text.
    public let text: String
    /// The text's lines without their terminators.
    public let lines: [String]
    /// The line number reported for the text's first line (REPL entries continue the count).
    public let firstLine: Int
    let characters: [Character]

    /// The characters from `offset` up to the next space, line end, or the end of the text (a path
    /// written without quotes, for the message that says to quote it).
    func word(from offset: Int) -> String {
        var end = max(0, min(offset, characters.count))
        while end < characters.count, !characters[end].isWhitespace { end += 1 }
        return String(characters[max(0, min(offset, characters.count))..<end])
    }

    /// A source text with the given display name; `firstLine` offsets reported line numbers.
    public init(name: String, text: String, firstLine: Int = 1) {
        self.name = name
        self.text = text
        self.firstLine = firstLine
        self.characters = Array(text)
        var lines: [String] = []
        var current = ""
        for ch in text {
            if ch == "\n" || ch == "\r\n" || ch == "\r" {
                lines.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        lines.append(current)
        self.lines = lines
    }

    /// The text of 1-based `line`, or "" when out of range.
    public func line(_ line: Int) -> String {
        line >= 1 && line <= lines.count ? lines[line - 1] : ""
    }

    /// The characters covered by `span` (statements in history and transcripts).
    public func slice(_ span: SourceSpan) -> String {
        let lo = max(0, min(span.start.offset, characters.count))
        let hi = max(lo, min(span.end.offset, characters.count))
        return String(characters[lo..<hi])
    }
}

/// One error located in a script: `file:line:col: error: message`, the source line and a caret line.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    /// Whether the error was found before running (exit 65) or while running (exit 70).
    public enum Phase: Sendable { case syntax, runtime }

    /// Syntax or runtime.
    public var phase: Phase
    /// The script's display name.
    public var file: String
    /// The offending characters, when known.
    public var span: SourceSpan?
    /// A complete sentence saying what is wrong.
    public var message: String
    /// The text of the offending line (empty when unknown).
    public var sourceLine: String
    /// The line number as reported (the span's line shifted by the source's `firstLine`).
    public var line: Int

    /// A diagnostic pointing at `span` of `source`.
    public init(_ phase: Phase, _ message: String, at span: SourceSpan?, in source: SourceText) {
        self.phase = phase
        self.message = message
        self.span = span
        self.file = source.name
        self.sourceLine = span.map { source.line($0.start.line) } ?? ""
        self.line = (span?.start.line ?? 1) + source.firstLine - 1
    }

    /// The rendered report, without a trailing newline.
    public var description: String {
        guard let span else { return "\(file): error: \(message)" }
        var out = "\(file):\(line):\(span.start.column): error: \(message)"
        out += "\n" + sourceLine + "\n" + Diagnostic.caretLine(for: span, in: sourceLine)
        return out
    }

    /// Spaces (tabs kept) up to the column, then `^` and `~` for the rest of the span on that line.
    static func caretLine(for span: SourceSpan, in line: String) -> String {
        let chars = Array(line)
        var out = ""
        for i in 0..<max(0, span.start.column - 1) {
            out.append(i < chars.count && chars[i] == "\t" ? "\t" : " ")
        }
        out += "^"
        let sameLine = span.end.line == span.start.line
        let available = max(0, chars.count - span.start.column)
        let extra = sameLine ? min(span.length - 1, available) : available
        if extra > 0 { out += String(repeating: "~", count: extra) }
        return out
    }
}
