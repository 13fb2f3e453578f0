import LatentFiles

/// Thrown by `exit`/`quit`: stops the script or REPL with a status.
public struct ExitRequest: Error {
    /// The process exit status requested.
    public let code: Int32
}

/// Thrown by `return` and caught by the user command it returns from.
struct ReturnSignal: Error {
    var value: Value
}

/// Executes the statements of one parsed program against a session.
///
/// Runtime errors are thrown as `Diagnostic`s located in the program's source; a variable is bound
/// only after its value was computed, so a failing statement leaves the variables as they were.
final class Interpreter {
    let session: Session
    let source: SourceText
    /// The innermost scope: the globals, a loop's or a def's.
    var environment: Environment

    init(session: Session, source: SourceText, environment: Environment? = nil) {
        self.session = session
        self.source = source
        self.environment = environment ?? session.globals
    }

    func error(_ message: String, at span: SourceSpan) -> Diagnostic {
        Diagnostic(.runtime, message, at: span, in: source)
    }

    /// Runs one statement (blocks run their bodies; the interrupt flag is checked between iterations).
    func execute(_ statement: Statement) throws {
        try requireStack(statement.span)
        switch statement.kind {
        case .assign(let name, _, let expr):
            let value = try evaluate(expr, as: .any)
            environment.assign(name, value)
        case .expression(let expr):
            let value = try evaluate(expr, as: .any)
            let quiet = value.isNone || (value.object?.quietWhenUnbound ?? false)
            if !quiet || !isCommandCall(expr) { session.print(value.description(all: false, name: expr.writtenName)) }
        case .forLoop(let name, _, let sequenceExpr, let body):
            let sequence = try evaluate(sequenceExpr, as: .any)
            guard case .list(let items) = sequence else {
                throw error("'for' needs a list after 'in', got \(sequence.kindDescription)"
                            + (sequence.int != nil ? "; to run a block N times write repeat N { ... }" : ""),
                            at: sequenceExpr.span)
            }
            let scope = Environment(kind: .loop, parent: environment)
            try withScope(scope) {
                for item in items {
                    try checkInterrupt(statement.span)
                    scope.values[name] = item
                    try run(body)
                }
            }
        case .repeatLoop(let countExpr, let body):
            let count = try evaluate(countExpr, as: .int)
            guard let n = count.int, n >= 0 else {
                throw error("'repeat' needs a non-negative integer count, got \(count.kindDescription)", at: countExpr.span)
            }
            for _ in 0..<n {
                try checkInterrupt(statement.span)
                try run(body)
            }
        case .conditional(let branches, let otherwise):
            for (condition, body) in branches {
                let value = try evaluate(condition, as: .any)
                if try truth(value, of: "'if'", at: condition.span) { return try run(body) }
            }
            if let otherwise { try run(otherwise) }
        case .definition(let definition):
            try define(definition)
        case .returnValue(let expr, _):
            throw ReturnSignal(value: try expr.map { try evaluate($0, as: .any) } ?? .none)
        case .assertion(let condition, let message):
            try check(condition, message: message, statement: statement)
        }
    }

    func run(_ body: [Statement]) throws {
        for inner in body { try execute(inner) }
    }

    /// Runs `body` with `scope` as the innermost scope.
    func withScope<T>(_ scope: Environment, _ body: () throws -> T) rethrows -> T {
        let saved = environment
        environment = scope
        defer { environment = saved }
        return try body()
    }

    /// A condition's truth; anything but true or false is an error naming what needed it.
    func truth(_ value: Value, of what: String, at span: SourceSpan) throws -> Bool {
        do { return try Operations.condition(value, of: what) } catch let failure as OperationError {
            throw error(failure.message, at: span)
        }
    }

    /// True when the expression runs a command (whose `none` result is not shown).
    private func isCommandCall(_ expr: Expr) -> Bool {
        guard case .call(let call) = expr else { return false }
        return !call.arguments.isEmpty || environment.lookup(call.head) == nil
    }

    /// Throws when the thread's stack is nearly used up by nested blocks, expressions and user calls.
    @inline(__always) func requireStack(_ span: SourceSpan) throws {
        if let guardian = session.stackGuard, !guardian.hasRoom {
            throw error("the script nests too deep: its blocks, expressions and user-command calls inside each other "
                        + "use up the interpreter's stack; nest fewer blocks inside recursive commands", at: span)
        }
    }

    private func checkInterrupt(_ span: SourceSpan) throws {
        if session.interrupt.isSet { throw error("interrupted", at: span) }
    }
}
