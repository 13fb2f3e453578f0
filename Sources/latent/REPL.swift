import Foundation
import LatentScript
#if canImport(Glibc)
import Glibc
#endif

/// The read-eval-print loop: reads entries (continuing while a block or list is open), runs each,
/// prints errors and carries on. A finished entry (a whole block) is one history entry, recalled
/// with Up-arrow as a whole; Ctrl-C or Ctrl-D inside an open block cancels it. Ends at end of input
/// (Ctrl-D at `latent> `) or `exit`.
final class REPL {
    private let session: Session
    private let reader: LineReader
    private var plotsInline = false

    /// A loop over a line editor when stdin and stdout are terminals, else over plain reads.
    init(session: Session) {
        self.session = session
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        if isatty(0) == 1 && isatty(1) == 1 {
            let answer = SixelProbe.probe()
            session.sixelLimit = answer.limit
            if answer.sixel, (try? session.changeSetting("terminal", to: .string("sixel"))) != nil { plotsInline = true }
        }
        if isatty(0) == 1 && isatty(1) == 1,
           let editor = LineEditor(historyPath: home + "/.latent_history",
                                   complete: { [session] in session.completions(forLineBeforeCursor: $0) }) {
            reader = editor
        } else {
            reader = PlainLineReader()
        }
    }

    /// Runs until end of input; returns the exit status (the `exit` code; when not interactive,
    /// 70 if any statement failed at runtime, 65 if any entry had only syntax errors, else 0).
    func run() -> Int32 {
        Signals.installInterruptHandler(restart: true)
        if reader.isInteractive {
            session.print("\(latentVersion) — type 'help' for commands, Ctrl-D to leave.")
            session.print(plotsInline
                ? "Plots appear here (set terminal sixel\(session.sixelLimit.map { ", up to \($0.width)x\($0.height) pixels" } ?? "")); 'set terminal png' writes them to files instead."
                : "Plots go to files in out/ (open them in an image viewer); 'set terminal dumb' draws them here as text.")
        }
        var entry = PromptEntry()
        var entryLine = 1
        var nextLine = 1
        var worst = RunResult()
        while true {
            let read = reader.read(prompt: entry.isEmpty ? "latent> " : "...> ")
            switch read {
            case .cancelled:
                reader.remember(entry.text)   // the lines of an abandoned block, to recall and finish
                entry.reset()
                continue
            case .end where reader.isInteractive && !entry.isEmpty:
                // Ctrl-D inside an open block cancels the block, not the session.
                reader.remember(entry.text)
                entry.reset()
                session.print("(block cancelled: Up-arrow recalls it; Ctrl-D on an empty prompt leaves)")
                continue
            case .end:
                if !entry.isEmpty {
                    let result = execute(entry.text, firstLine: entryLine)
                    if let code = result.exitCode { return code }
                    accumulate(result, into: &worst)
                }
                return reader.isInteractive ? 0 : worst.status
            case .line(let line):
                // a recalled block arrives as one read holding several lines
                if entry.isEmpty { entryLine = nextLine }
                nextLine += 1 + line.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
                guard entry.add(line) else { continue }   // lexes only the new line
                reader.remember(entry.text)               // a whole block is one history entry
                let result = execute(entry.text, firstLine: entryLine)
                entry.reset()
                if let code = result.exitCode { return code }
                accumulate(result, into: &worst)
            }
        }
    }

    private func execute(_ entry: String, firstLine: Int) -> RunResult {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return RunResult() }
        return session.run(entry, file: "<stdin>", firstLine: firstLine)
    }

    private func accumulate(_ result: RunResult, into worst: inout RunResult) {
        worst.syntaxErrors += result.syntaxErrors
        worst.runtimeErrors += result.runtimeErrors
    }
}
