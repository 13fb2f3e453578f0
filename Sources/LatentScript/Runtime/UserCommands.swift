/// `def name params { body }`: a command written in the language, registered like any other so that
/// `help`, completion, the static checker and `save history` treat it as one.
extension Interpreter {
    /// The deepest chain of user commands calling each other.
    static let maxUserCallDepth = 100

    /// Registers the def's command (defaults evaluated now, in the defining scope).
    func define(_ definition: Definition) throws {
        if let existing = session.registry.command(named: definition.name), !existing.isUserDefined {
            throw error("'\(definition.name)' is a built-in command; choose another name for the def", at: definition.nameSpan)
        }
        var defaults: [String: Value] = [:]
        for parameter in definition.parameters {
            if let expr = parameter.defaultValue { defaults[parameter.name] = try evaluate(expr, as: .any) }
        }
        let source = self.source
        session.registry.register(Interpreter.command(for: definition, defaults: defaults, file: source.name) { args, session in
            try Interpreter(session: session, source: source).invoke(definition, args)
        })
    }

    /// The registry entry of a def: positionals and options of any type; `defaults` are the options' values.
    static func command(for definition: Definition, defaults: [String: Value], file: String,
                        execute: @escaping (Arguments, Session) throws -> Value) -> Command {
        let positionals = definition.parameters.filter { $0.defaultValue == nil }
            .map { Parameter($0.name, .any, "positional parameter") }
        let options = definition.parameters.filter { $0.defaultValue != nil }
            .map { Parameter($0.name, .any, default: defaults[$0.name] ?? Value.none, "option") }
        let line = definition.nameSpan.start.line
        return Command(definition.name, group: "User commands",
                       summary: definition.summary.isEmpty ? "A command defined with def." : definition.summary,
                       details: "Defined with def in \(file) at line \(line).",
                       positionals: positionals, options: options, userDefined: true, execute: execute)
    }

    /// Runs the body in a new scope holding the parameters; the value of `return` is the result.
    func invoke(_ definition: Definition, _ args: Arguments) throws -> Value {
        guard session.userCallDepth < Interpreter.maxUserCallDepth else {
            throw CommandError("user commands are nested more than \(Interpreter.maxUserCallDepth) deep; does '\(definition.name)' call itself without end?")
        }
        session.userCallDepth += 1
        defer { session.userCallDepth -= 1 }
        let scope = Environment(kind: .function, parent: session.globals)
        for parameter in definition.parameters { scope.values[parameter.name] = args[parameter.name] }
        return try withScope(scope) {
            do {
                try run(definition.body)
                return .none
            } catch let signal as ReturnSignal {
                return signal.value
            }
        }
    }
}
