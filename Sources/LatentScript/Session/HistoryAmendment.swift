/// A change to the history entry of the statement that ran: `option=value` replaces (or is added to) the
/// statement's option of that name, so `save history` replays what happened (an interrupted
/// `train m d epochs=5000` that ran 175 epochs is saved as `train m d epochs=175`).
struct HistoryAmendment {
    var option: String
    var value: String
    var note: String?

    /// `text`, the source of `statement`, with the option set; a statement that is not one command
    /// call (a loop, a def) keeps its text and gets a comment saying what differed.
    func apply(to text: String, of statement: Statement) -> String {
        let call: Call
        switch statement.kind {
        case .expression(.call(let c)), .assign(_, _, .call(let c)): call = c
        default:
            return text + "  # \(option)=\(value) inside: the replay may differ" + (note.map { "; \($0)" } ?? "")
        }
        var characters = Array(text)
        let base = statement.span.start.offset
        let replacement = Array("\(option)=\(value)")
        if let span = call.arguments.lazy.compactMap({ argument -> SourceSpan? in
            if case .option(let name, _, _) = argument, name == option { return argument.span }
            return nil
        }).first {
            let lo = span.start.offset - base, hi = span.end.offset - base
            guard lo >= 0, hi <= characters.count, lo <= hi else { return text }
            characters.replaceSubrange(lo..<hi, with: replacement)
        } else {
            let end = min(characters.count, max(0, call.span.end.offset - base))
            characters.insert(contentsOf: [" "] + replacement, at: end)
        }
        return String(characters) + (note.map { "  # \($0)" } ?? "")
    }
}
