import LatentFiles

/// Thrown by `exit`/`quit`: stops the script or REPL with a status.
public struct ExitRequest: Error {
    /// The process exit status requested.
    public let code: Int32
}

/// Executes the statements of one parsed program against a session.
///
/// Runtime errors are thrown as `Diagnostic`s located in the program's source; a variable is bound
/// only after its value was computed, so a failing statement leaves the variables as they were.
final class Interpreter {
    let session: Session
    let source: SourceText

    init(session: Session, source: SourceText) {
        self.session = session
        self.source = source
    }

    func error(_ message: String, at span: SourceSpan) -> Diagnostic {
        Diagnostic(.runtime, message, at: span, in: source)
    }

    /// Runs one statement (blocks run their bodies; the interrupt flag is checked between iterations).
    func execute(_ statement: Statement) throws {
        switch statement.kind {
        case .assign(let name, _, let expr):
            let value = try evaluateStatement(expr)
            session.variables[name] = value
        case .expression(let expr):
            let value = try evaluateStatement(expr)
            let quiet = value.isNone || (value.object?.quietWhenUnbound ?? false)
            if !quiet || !isCommandCall(expr) { session.print(value.description) }
        case .forLoop(let name, _, let sequenceExpr, let body):
            let sequence = try evaluate(sequenceExpr, as: .any)
            guard case .list(let items) = sequence else {
                throw error("'for' needs a list after 'in', got \(sequence.kindDescription)"
                            + (sequence.int != nil ? "; to run a block N times write repeat N { ... }" : ""),
                            at: sequenceExpr.span)
            }
            for item in items {
                try checkInterrupt(statement.span)
                session.variables[name] = item
                for inner in body { try execute(inner) }
            }
        case .repeatLoop(let countExpr, let body):
            let count = try evaluate(countExpr, as: .int)
            guard let n = count.int, n >= 0 else {
                throw error("'repeat' needs a non-negative integer count, got \(count.kindDescription)", at: countExpr.span)
            }
            for _ in 0..<n {
                try checkInterrupt(statement.span)
                for inner in body { try execute(inner) }
            }
        }
    }

    /// True when the expression runs a command (whose `none` result is not shown).
    private func isCommandCall(_ expr: Expr) -> Bool {
        guard case .call(let call) = expr else { return false }
        return !call.arguments.isEmpty || session.variables[call.head] == nil
    }

    private func checkInterrupt(_ span: SourceSpan) throws {
        if session.interrupt.isSet { throw error("interrupted", at: span) }
    }

    /// A statement-level expression: a call, or a bare name naming a variable.
    private func evaluateStatement(_ expr: Expr) throws -> Value {
        try evaluate(expr, as: .any)
    }

    /// The value of an expression written where a value of `type` is expected.
    ///
    /// A bare word is taken literally when the type accepts it (choices, names), otherwise it names a variable.
    func evaluate(_ expr: Expr, as type: ValueType) throws -> Value {
        switch expr {
        case .literal(let literal, _):
            return literal.value
        case .word(let word, let span):
            if type.takesWord(word) { return .string(word) }
            if let value = session.variables[word] { return value }
            if case .choice = type { return .string(word) }
            if session.registry.isHead(word) {
                throw error("'\(word)' is a command, not a value; write (\(word) ...) to use its result", at: span)
            }
            throw error("unknown variable '\(word)'" + Suggestion.didYouMean(word, in: session.variables.keys), at: span)
        case .list(let items, _):
            let itemType: ValueType
            if case .list(let t) = type { itemType = t } else { itemType = .any }
            return .list(try items.map { try evaluate($0, as: itemType) })
        case .member(let baseExpr, let name, let span):
            let base = try evaluate(baseExpr, as: .any)
            guard let value = base.member(name) else {
                let names = base.memberNames
                let hint = Suggestion.nearest(to: name, in: names).map { "; did you mean '\($0)'?" }
                    ?? (names.isEmpty ? "" : " (members: \(names.joined(separator: ", ")))")
                throw error("\(base.typeName) has no member '\(name)'" + hint, at: span)
            }
            return value
        case .call(let call):
            return try self.call(call)
        }
    }

    /// Runs a call: a bare name is a variable when one exists (variables may shadow commands),
    /// otherwise the command runs with bound arguments.
    func call(_ call: Call) throws -> Value {
        let registry = session.registry
        if call.arguments.isEmpty, let value = session.variables[call.head] { return value }
        if call.arguments.isEmpty && !registry.isHead(call.head) {
            let candidates = Array(session.variables.keys) + registry.heads
            throw error("unknown command or variable '\(call.head)'" + Suggestion.didYouMean(call.head, in: candidates),
                        at: call.headSpan)
        }
        let bound: BoundCall
        do {
            bound = try registry.bind(call) { expr, type in try self.evaluate(expr, as: type) }
        } catch let located as LocatedError {
            throw error(located.message, at: located.span)
        }
        if let comm = session.communicator {
            switch DataParallelPolicy.role(of: bound.command.name) {
            case .everyRank: break
            case .rootOnly: if !comm.isRoot { return .none }
            case .unavailable(let why):
                throw error("'\(bound.command.name)' is not available under mpirun: \(why)", at: call.headSpan)
            }
        }
        do {
            return try bound.command.execute(bound.arguments, session)
        } catch let failure as CommandError {
            let span = failure.argument.flatMap { bound.spans[$0] } ?? call.span
            throw error(failure.message, at: span)
        } catch is Interrupted {
            throw error("'\(bound.command.name)' was interrupted", at: call.span)
        } catch let passThrough as Diagnostic {
            throw passThrough
        } catch let exit as ExitRequest {
            throw exit
        } catch {
            throw self.error(FileError.sentence(error), at: call.span)
        }
    }
}

extension Expr.Literal {
    /// The runtime value of a literal.
    var value: Value {
        switch self {
        case .number(let v): return .number(v)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        }
    }
}
