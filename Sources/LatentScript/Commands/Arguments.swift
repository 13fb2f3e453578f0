/// The validated arguments of one command invocation, with defaults filled in.
///
/// Every value has already been checked against its parameter's type, so the typed accessors only
/// throw when a command asks for a name it did not declare or reads an absent optional value.
public struct Arguments {
    /// The command's name ("train", "save history").
    public let command: String
    private let values: [String: Value]
    private let given: Set<String>
    private let kinds: [String: String]
    /// Options a command that accepts any option was given beyond its declared ones, in source order.
    public let extra: [(name: String, value: Value)]
    /// What each argument was written as when that is a name (`m`, `runs.best`), per item for variadics.
    private let written: [String: [String?]]

    /// Arguments from validated values; `given` names those written in the call (not defaulted).
    init(command: Command, values: [String: Value], given: Set<String>, extra: [(name: String, value: Value)] = [],
         written: [String: [String?]] = [:]) {
        self.command = command.name
        self.values = values
        self.given = given
        self.extra = extra
        self.written = written
        var kinds: [String: String] = [:]
        for p in command.positionals { kinds[p.name] = "argument" }
        for o in command.options { kinds[o.name] = "option" }
        self.kinds = kinds
    }

    /// Arguments built directly (for tests and for commands invoking each other).
    public init(command: String, values: [String: Value]) {
        self.command = command
        self.values = values
        self.given = Set(values.keys)
        self.kinds = [:]
        self.extra = []
        self.written = [:]
    }

    /// The value of `key` read as its Swift type (see ParameterKeys.swift).
    public subscript<T>(_ key: Positional<T>) -> T { get throws { try read(key.parameter.name) } }
    /// The value of option `key` read as its Swift type.
    public subscript<T>(_ key: Option<T>) -> T { get throws { try read(key.parameter.name) } }
    /// The items of variadic `key`, each read as `T`.
    public subscript<T>(_ key: Variadic<T>) -> [T] { get throws { try read(key.parameter.name) } }

    /// The object of class `T` in `key`, for a parameter that accepts several types (`.oneOf`): the body has
    /// checked which one it holds, or the error says what it expected.
    public func object<T: ScriptObject>(_ key: some ParameterKey, as type: T.Type) throws -> T {
        try read(key.parameter.name)
    }

    /// The value of `key` as written (`.none` when absent).
    public func value(_ key: some ParameterKey) -> Value { self[key.parameter.name] }
    /// The variable (or member path, `runs.best`) `key` was written as, or nil when it was written another way
    /// (a literal, an expression) or not at all: `plot loss m m2` titles its lines `m` and `m2`.
    public func writtenName(_ key: some ParameterKey) -> String? { written[key.parameter.name]?.first ?? nil }
    /// Per item of a variadic parameter, the name it was written as (nil where it was not a name).
    public func writtenNames(_ key: some ParameterKey) -> [String?] { written[key.parameter.name] ?? [] }
    /// True when the call wrote the parameter (as opposed to taking its default).
    public func isGiven(_ key: some ParameterKey) -> Bool { isGiven(key.parameter.name) }
    /// True when the parameter has a value other than `none` (given or defaulted).
    public func has(_ key: some ParameterKey) -> Bool { has(key.parameter.name) }
    /// An error about parameter `key`; the interpreter points its caret at that argument.
    /// Example: `throw args.invalid(Eval.knn, "must be at least 1")` -> "option 'knn' of 'eval' must be at least 1".
    public func invalid(_ key: some ParameterKey, _ problem: String) -> CommandError { invalid(key.parameter.name, problem) }

    // String-keyed access stays inside the language target, for user-defined commands (`def`), whose
    // parameters exist only at run time; commands written in Swift use the typed keys above.

    /// The value of parameter `name` (`.none` when absent).
    subscript(_ name: String) -> Value { values[name] ?? Value.none }
    /// True when the call wrote parameter `name`.
    func isGiven(_ name: String) -> Bool { given.contains(name) }
    /// True when parameter `name` has a value other than `none`.
    func has(_ name: String) -> Bool { !(values[name]?.isNone ?? true) }
    /// An error about parameter `name`.
    func invalid(_ name: String, _ problem: String) -> CommandError {
        CommandError("\(kinds[name] ?? "argument") '\(name)' of '\(command)' \(problem)", argument: name)
    }

    private func read<T: ArgumentValue>(_ name: String) throws -> T {
        guard let value = values[name], !value.isNone else {
            if let absent = T.absentValue { return absent }
            throw invalid(name, "is required here")
        }
        guard let result = T.read(value) else { throw invalid(name, "expects \(T.valueType.phrase), got \(value.kindDescription)") }
        return result
    }
}

/// An error about one argument of a call: the interpreter points its caret at the argument `argument` names
/// (a parameter's name). Errors of lower layers adopt it where they know the option (`ConfigError`'s `option`),
/// so a command body lets them through instead of re-wrapping them.
public protocol ArgumentError: Error, CustomStringConvertible {
    /// The parameter the error is about, by its script name, when it is about one.
    var argument: String? { get }
}

/// An error a command throws; its description is the complete message shown to the user.
public struct CommandError: ArgumentError {
    /// The complete sentence.
    public let message: String
    /// The parameter the error is about, so the caret can point at it.
    public let argument: String?

    /// An error with a full message, optionally about one argument.
    public init(_ message: String, argument: String? = nil) {
        self.message = message
        self.argument = argument
    }

    /// An error about parameter `key`: the caret points at its argument.
    public init(_ message: String, about key: some ParameterKey) {
        self.init(message, argument: key.parameter.name)
    }

    /// The message.
    public var description: String { message }
}
