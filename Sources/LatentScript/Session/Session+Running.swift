import Foundation
import LatentFiles

/// The outcome of running a script or a REPL entry.
public struct RunResult: Sendable, Equatable {
    /// Errors found before running (nothing ran when this is non-zero).
    public var syntaxErrors = 0
    /// Statements that failed while running.
    public var runtimeErrors = 0
    /// The status passed to `exit`, when the script called it.
    public var exitCode: Int32? = nil
    /// True when an interrupt (Ctrl-C, a notebook's interrupt button) stopped the run after a statement
    /// (set only in a notebook session, where it ends the cell).
    public var interrupted = false

    /// A result with the given counts.
    public init(syntaxErrors: Int = 0, runtimeErrors: Int = 0, exitCode: Int32? = nil) {
        self.syntaxErrors = syntaxErrors
        self.runtimeErrors = runtimeErrors
        self.exitCode = exitCode
    }

    /// The process status: the `exit` code, else 65 for syntax errors, 70 for runtime errors, 0 otherwise.
    public var status: Int32 {
        exitCode ?? (syntaxErrors > 0 ? 65 : runtimeErrors > 0 ? 70 : 0)
    }
}

/// Signals that a nested script already printed its errors.
struct AlreadyReported: Error {}

extension Session {
    /// Syntax errors printed per script; the rest are only counted.
    public static let maxReportedErrors = 50

    /// Parses, checks and runs `text`; errors are printed to the error channel as
    /// `file:line:col: error: ...` with the source line and a caret.
    ///
    /// With syntax errors nothing runs and all of them are printed. A runtime error stops the run
    /// unless `keepGoing`. Each statement starts with the interrupt flag cleared; successful
    /// statements join the history. `firstLine` numbers the text's lines (REPL entries continue it).
    @discardableResult
    public func run(_ text: String, file: String, firstLine: Int = 1, keepGoing: Bool = false) -> RunResult {
        access.lock()
        defer { access.unlock() }
        return runProgram(SourceText(name: file, text: text, firstLine: firstLine), topLevel: true, keepGoing: keepGoing)
    }

    /// Runs the script at `path` (relative to `baseDirectory`); an unreadable file is reported and
    /// counted as a runtime error.
    @discardableResult
    public func runFile(_ path: String, keepGoing: Bool = false) -> RunResult {
        access.lock()
        defer { access.unlock() }
        do {
            let text = try readScript(path)
            return runProgram(SourceText(name: path, text: text), topLevel: true, keepGoing: keepGoing)
        } catch {
            printError("latent: \(error)")
            return RunResult(runtimeErrors: 1)
        }
    }

    /// Runs a sourced file inside the current statement (`source FILE`; its errors are about the file argument).
    func runSourced(_ path: String) throws {
        guard sourceDepth < 16 else {
            throw CommandError("'source' is nested more than 16 deep; does '\(path)' source itself?")
        }
        let text = try readScript(path)
        sourceDepth += 1
        defer { sourceDepth -= 1 }
        let result = runProgram(SourceText(name: path, text: text), topLevel: false, keepGoing: false)
        if let code = result.exitCode { throw ExitRequest(code: code) }
        if result.syntaxErrors > 0 || result.runtimeErrors > 0 {
            throw CommandError("'\(path)' stopped after the error above")
        }
    }

    func readScript(_ path: String) throws -> String {
        let bytes: [UInt8]
        do { bytes = try ReadableFile.read(findPath(path)) } catch let e as FileError {   // never a FIFO or a folder
            throw CommandError("cannot read script '\(path)': " + (e.kind == .missing ? "no such file" : e.reason))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandError("cannot read script '\(path)': it is not readable UTF-8 text")
        }
        return text
    }

    /// Parses and checks `source` against this session's commands and variables without running it:
    /// the program and every error found before running, in source order.
    public func check(_ source: SourceText) -> (program: Program, errors: [Diagnostic]) {
        let (program, syntaxErrors) = Parser.parse(source)
        var checker = StaticChecker(program: program, registry: registry, variables: variables,
                                    dataParallel: ranks != nil)
        checker.check(program.statements)
        let errors = (syntaxErrors + checker.diagnostics).enumerated().sorted {
            ($0.element.span?.start.offset ?? 0, $0.offset) < ($1.element.span?.start.offset ?? 0, $1.offset)
        }.map(\.element)
        return (program, errors)
    }

    /// Runs a program; a top-level one runs on a thread whose stack holds the deepest program within the
    /// nesting and call limits (`StackGuard`), with this session's interrupt flag as the stop request
    /// library code polls (`Interruption`). Under mpirun it stays on the calling thread (MPI calls are
    /// made from the thread that initialised MPI); the stack guard still turns depth into an error there.
    private func runProgram(_ source: SourceText, topLevel: Bool, keepGoing: Bool) -> RunResult {
        guard topLevel else { return runStatements(source, topLevel: false, keepGoing: keepGoing) }
        let onNewThread = ranks == nil
        let run = {
            // the caller holds `access`; this thread runs the statements on its behalf
            let outer = self.statementThread
            self.statementThread = Thread.current
            defer { self.statementThread = outer }
            return Interruption.polling(self.interrupt) {
                let saved = self.stackGuard
                self.stackGuard = StackGuard()
                defer { self.stackGuard = saved }
                return self.runStatements(source, topLevel: true, keepGoing: keepGoing)
            }
        }
        return onNewThread ? StackGuard.onLargeStack(run) : run()
    }

    private func runStatements(_ source: SourceText, topLevel: Bool, keepGoing: Bool) -> RunResult {
        var result = RunResult()
        let (program, errors) = check(source)
        if !errors.isEmpty {
            // a garbage file can hold an error per character: show the first ones and count the rest
            for diagnostic in errors.prefix(Session.maxReportedErrors) { printError(diagnostic.description) }
            if errors.count > Session.maxReportedErrors {
                printError("\(source.name): error: \(errors.count - Session.maxReportedErrors) more errors not shown")
            }
            result.syntaxErrors = errors.count
            return result
        }
        let interpreter = Interpreter(session: self, source: source)
        let characters = Array(source.text)   // once: slicing the text per statement would be quadratic
        for statement in program.statements {
            let lo = max(0, min(statement.span.start.offset, characters.count))
            let text = String(characters[lo..<max(lo, min(statement.span.end.offset, characters.count))])
            if topLevel {
                interrupt.clear()
                recorder?.begin(statement: text)
                historyAmendment = nil
            }
            defer { if topLevel { endRecordedStatement(&result) } }
            // a statement that fails part-way binds nothing and draws nothing, so the history (which
            // leaves it out) rebuilds the session; objects it changed in place stay changed
            let bindings = topLevel ? globals.values : [:]
            if topLevel { context?.beginStatement() }
            do {
                try interpreter.execute(statement)
                if topLevel && recordsInHistory(statement) {
                    remember(historyAmendment.map { $0.apply(to: text, of: statement) } ?? text)
                }
                // a notebook cell stops where it was interrupted (a train keeps what it learned), as IPython's does
                if topLevel && isNotebook && interrupt.isSet { result.interrupted = true; break }
            } catch let diagnostic as Diagnostic {
                printError(diagnostic.description)
                if topLevel { globals.values = bindings; context?.rollBack() }
                result.runtimeErrors += 1
                if topLevel && isNotebook && interrupt.isSet { result.interrupted = true; break }
                if !keepGoing { break }
            } catch let exit as ExitRequest {
                result.exitCode = exit.code
                break
            } catch {
                if !(error is AlreadyReported) { printError("\(source.name): error: \(error)") }
                if topLevel { globals.values = bindings; context?.rollBack() }
                result.runtimeErrors += 1
                if !keepGoing { break }
            }
        }
        return result
    }

    private func recordsInHistory(_ statement: Statement) -> Bool {
        guard case .expression(.call(let call)) = statement.kind,
              let (command, _) = try? registry.resolve(call) else { return true }
        return command.recordsInHistory
    }
}
