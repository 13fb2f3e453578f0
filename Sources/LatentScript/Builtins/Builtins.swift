import Foundation
import LatentFiles

extension CommandRegistry {
    /// Registers the session commands every registry has. Their `examples:` use the names of the examples'
    /// preamble (`help` says which): `t` a table with an `accuracy` column, `xs` a list of numbers, `r` a report,
    /// `lr` a number.
    func registerBuiltins() {
        registerHelp()
        registerSetCommand(settings: Setting.standard)
        registerValueCommands()
        registerMathCommands()
        registerTableCommands()
        registerFileCommands()
        register(Command("exit", group: "Session", summary: "Ends the session or script with a status (default 0).",
                         positionals: [Exit.status],
                         history: false) { args, _ in
            throw ExitRequest(code: Int32(clamping: try args[Exit.status]))
        })
        register(Command("quit", group: "Session", summary: "Same as exit.",
                         positionals: [Quit.status],
                         history: false) { args, _ in
            throw ExitRequest(code: Int32(clamping: try args[Quit.status]))
        })
    }

    /// Registers `print`, `echo`, `vars`, `del` and `range`.
    private func registerValueCommands() {
        let printCommand = { (name: String, summary: String) in
            Command(name, group: "Session", summary: summary,
                    details: """
                    Strings print without quotes; other values print as a bare expression would. A list of more than
                    \(Value.listLimit) items shows its first and last items and its count; all=true prints every item.
                    """,
                    positionals: [Print.values], options: [Print.all],
                    examples: ["print r.accuracy (len xs) \"lr {lr:.0e}\"", "print (range 100) all=true"].map {
                        name == "print" ? $0 : $0.replacingOccurrences(of: "print", with: name)
                    }) { args, session in
                let all = try args[Print.all], names = args.writtenNames(Print.values)
                let texts = try args[Print.values].enumerated().map { i, v in v.text(all: all, name: i < names.count ? names[i] : nil) }
                session.print(texts.joined(separator: " "))
                return .none
            }
        }
        register(printCommand("print", "Prints values separated by spaces."))
        register(printCommand("echo", "Same as print."))

        register(Command("vars", group: "Session", summary: "Lists variables with their type and summary.",
                         history: false,
                         examples: ["vars"]) { _, session in
            let names = session.variables.keys.sorted()
            guard !names.isEmpty else { session.print("(no variables)"); return .none }
            let rows = names.map { name -> [String] in
                let value = session.variables[name]!
                let summary: String
                if case .object(let o) = value { summary = o.summary } else { summary = value.description }
                return [name, value.typeName, summary]
            }
            for line in Table.format(rows, header: ["name", "type", "value"]) { session.print(line) }
            return .none
        })

        register(Command("del", group: "Session", summary: "Deletes variables.",
                         positionals: [Del.names],
                         examples: ["del xs"]) { args, session in
            let names = try args[Del.names].compactMap(\.string)
            for name in names where session.variables[name] == nil {
                throw CommandError("there is no variable '\(name)' to delete"
                                   + Suggestion.didYouMean(name, in: session.variables.keys), about: Del.names)
            }
            for name in names { session.variables[name] = nil }
            return .none
        })

        register(Command("range", group: "Session", returns: .list(.int), summary: "Returns the integers from START up to but not including STOP.",
                         details: "range 3 is [0, 1, 2]; range 2 5 is [2, 3, 4]. Use it in loops: for i in (range 3) { ... }",
                         positionals: [Range.start, Range.stop],
                         options: [Range.step],
                         examples: ["for i in (range 3) { print i }", "print (range 2 10 step=3)"]) { args, _ in
            var start = try args[Range.start]
            var stop = start
            if let end = try args[Range.stop] { stop = end } else { start = 0 }
            let step = try args[Range.step]
            guard step != 0 else { throw args.invalid(Range.step, "must not be 0") }
            guard abs((stop - start) / step) <= 10_000_000 else { throw args.invalid(Range.stop, "makes a list longer than 10 million") }
            return .ints(stride(from: start, to: stop, by: step))
        })
    }

    /// Registers `source`, `save history`, `history` and `record`.
    private func registerFileCommands() {
        register(Command("source", group: "Session", summary: "Runs the statements of another script in this session.",
                         details: "Variables the script sets stay set. Relative paths are relative to the working directory.",
                         positionals: [Source.file]) { args, session in
            do { try session.runSourced(try args[Source.file]) } catch let failure as CommandError {
                throw CommandError(failure.message, about: Source.file)
            }
            return .none
        })
        register(Command("save history", group: "Session", dataParallel: .rootOnly,
                         summary: "Writes the session's successful statements as a runnable script.",
                         details: """
                         The script starts with the session's starting settings (set seed ..., set threads ...), so running it in a
                         fresh session reproduces the results: an interrupted train is saved with the epochs it ran, and a
                         statement that failed is left out and bound nothing. last=N keeps only the last N statements.
                         """,
                         positionals: [SaveHistory.file],
                         options: [SaveHistory.last], history: false,
                         examples: ["save history \"session.latent\""]) { args, session in
            let path = session.resolvePath(try args[SaveHistory.file])
            let last = try args[SaveHistory.last]
            if let last, last < 1 { throw args.invalid(SaveHistory.last, "must be at least 1, got \(last)") }
            do {
                try AtomicFile.write(session.historyScript(last: last), to: path)
            } catch {
                throw args.invalid(SaveHistory.file, "cannot be written: \(FileError.describe(error))")
            }
            let count = min(last ?? session.history.count, session.history.count)
            session.print("wrote \(try args[SaveHistory.file]) (\(count) statement\(count == 1 ? "" : "s"))")
            return .none
        })
        register(Command("history", group: "Session", summary: "Prints the successful statements of this session.",
                         history: false,
                         examples: ["history"]) { _, session in
            for (i, line) in session.history.enumerated() { session.print("\(i + 1)  \(line)") }
            return .none
        })
        register(Command("record", group: "Session", dataParallel: .rootOnly, summary: "Records a Markdown transcript (record FILE.md), or stops (record stop).",
                         details: "Each later statement is written in a code block followed by its output and links to the plots it wrote. An existing file is replaced (the message says so, with the time it was written).",
                         positionals: [Record.file],
                         history: false,
                         examples: ["record \"notes.md\"", "record stop"]) { args, session in
            let target = try args[Record.file]
            if target == "stop" {
                if session.stopRecording() != nil { session.print("stopped recording") }
                return .none
            }
            let replaced: Date?
            do { replaced = try session.startRecording(to: target) } catch {
                throw args.invalid(Record.file, "cannot be written: \(FileError.describe(error))")
            }
            if let replaced {
                let format = DateFormatter()
                format.locale = Locale(identifier: "en_US_POSIX")
                format.dateFormat = "yyyy-MM-dd HH:mm:ss"
                session.print("recording to \(target), replacing the file written \(format.string(from: replaced))")
            } else {
                session.print("recording to \(target)")
            }
            return .none
        })
    }
}

/// The parameters of `exit`.
private enum Exit {
    static let status = Positional<Int>("status", default: 0, "the process exit status")
}

/// The parameters of `quit`.
private enum Quit {
    static let status = Positional<Int>("status", default: 0, "the process exit status")
}

/// The parameters of `del`.
private enum Del {
    static let names = Variadic<Value>("names", .name, required: true, "variables to delete")
}

/// The parameters of `range`.
private enum Range {
    static let start = Positional<Int>("start", "the first integer (or the count when alone)")
    static let stop = Positional<Int?>("stop", "one past the last integer")
    static let step = Option<Int>("step", default: 1, "the increment (non-zero)")
}

/// The parameters of `source`.
private enum Source {
    static let file = Positional<String>("file", "the script to run")
}

/// The parameters of `save history`.
private enum SaveHistory {
    static let file = Positional<String>("file", "the script to write")
    static let last = Option<Int?>("last", "save only the last N statements")
}

/// The parameters of `record`.
private enum Record {
    static let file = Positional<String>("file", .oneOf([.choice(["stop"]), .string]), "the transcript to write, or stop")
}

/// The parameters of `print` and `echo`.
private enum Print {
    static let values = Variadic<Value>("values", "what to print")
    static let all = Option<Bool>("all", default: false, "every item of long lists")
}
