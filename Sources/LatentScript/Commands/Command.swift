/// A command of the language: its name, documentation, parameters and behaviour.
///
/// Register one with `registry.register(Command("add", summary: "...", positionals: [Add.a, Add.b]) { args, session in ... })`,
/// its parameters declared as typed keys (`Positional`, `Option`, `Variadic`: see ParameterKeys.swift).
/// A two-word name ("save history", "plot loss") makes a subcommand: `save history "h.latent"`.
public struct Command {
    /// The name as typed; two words for a subcommand.
    public let name: String
    /// Group heading in `help` ("Session", "Data", "Models").
    public let group: String
    /// One line for `help`.
    public let summary: String
    /// Paragraphs for `help CMD` (may be empty).
    public let details: String
    /// Positional parameters in order.
    public let positionals: [Parameter]
    /// `key=value` options.
    public let options: [Parameter]
    /// False for commands that should not be replayed by `save history` (help, vars, record, ...).
    public let recordsInHistory: Bool
    /// What the command does in a data-parallel run (every rank, rank 0 only, or refused).
    public let dataParallel: DataParallelRole
    /// What the command returns, when it always returns one kind of value (the static checker's types).
    public let result: ValueType?
    /// True for commands written with `def` (they may be redefined; built-in commands may not).
    public let isUserDefined: Bool
    /// Accepts options it does not declare (`append t lr=0.1 acc=0.9`); they arrive in `Arguments.extra`.
    public let acceptsAnyOption: Bool
    /// Statements shown under "Examples:" in `help CMD`; each runs as written after the documented
    /// preamble of names (a test runs them all).
    public let examples: [String]
    /// Runs the command with validated arguments; the returned value is bound or shown.
    public let execute: (Arguments, Session) throws -> Value

    /// A command; `details` is extra help text, `history: false` keeps it out of saved histories,
    /// `dataParallel` says how it runs under mpirun, `returns` what it always returns, `examples` the statements
    /// `help CMD` shows (each must run as written: DocumentedExamplesTests runs them).
    public init(_ name: String, group: String = "General", dataParallel: DataParallelRole = .everyRank,
                returns result: ValueType? = nil, summary: String, details: String = "",
                positionals: [any ParameterKey] = [], options: [any ParameterKey] = [], history: Bool = true,
                anyOption: Bool = false, userDefined: Bool = false, examples: [String] = [],
                execute: @escaping (Arguments, Session) throws -> Value) {
        self.name = name
        self.group = group
        self.summary = summary
        self.details = details
        self.positionals = positionals.map { $0.parameter.asPositional() }
        self.options = options.map(\.parameter)
        self.examples = examples
        self.recordsInHistory = history
        self.dataParallel = dataParallel
        self.isUserDefined = userDefined
        self.result = result
        self.acceptsAnyOption = anyOption
        self.execute = execute
    }

    /// The option named `name`, if declared.
    public func option(_ name: String) -> Parameter? { options.first { $0.name == name } }

    /// The usage line: `train MODEL DATA [epochs=INT] [lr=NUMBER]`.
    public var usage: String {
        var parts = [name]
        for p in positionals {
            var token = p.name.uppercased()
            if p.isVariadic { token += "..." }
            parts.append(p.isRequired ? token : "[\(token)]")
        }
        for o in options {
            let token = "\(o.name)=\(o.type.placeholder)"
            parts.append(o.isRequired ? token : "[\(token)]")
        }
        if acceptsAnyOption { parts.append("[NAME=VALUE...]") }
        return parts.joined(separator: " ")
    }
}
