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

    /// The value of parameter `name` (`.none` when absent).
    public subscript(_ name: String) -> Value { values[name] ?? Value.none }

    /// The variable (or member path, `runs.best`) parameter `name` was written as, or nil when it was written
    /// another way (a literal, an expression) or not at all: `plot loss m m2` titles its lines `m` and `m2`.
    public func writtenName(_ name: String) -> String? { written[name]?.first ?? nil }

    /// Per item of a variadic parameter, the name it was written as (nil where it was not a name).
    public func writtenNames(_ name: String) -> [String?] { written[name] ?? [] }

    /// True when the call wrote the parameter (as opposed to taking its default).
    public func isGiven(_ name: String) -> Bool { given.contains(name) }

    /// True when the parameter has a value other than `none` (given or defaulted).
    public func has(_ name: String) -> Bool { !(values[name]?.isNone ?? true) }

    /// An error about parameter `name`; the interpreter points its caret at that argument.
    /// Example: `throw args.invalid("k", "must be at least 1")` -> "option 'k' of 'eval' must be at least 1".
    public func invalid(_ name: String, _ problem: String) -> CommandError {
        CommandError("\(kinds[name] ?? "argument") '\(name)' of '\(command)' \(problem)", argument: name)
    }

    private func require<T>(_ name: String, _ what: String, _ get: (Value) -> T?) throws -> T {
        guard let value = values[name], !value.isNone else {
            throw invalid(name, "is required here")
        }
        guard let result = get(value) else { throw invalid(name, "expects \(what), got \(value.kindDescription)") }
        return result
    }

    /// The number value of `name`.
    public func number(_ name: String) throws -> Double { try require(name, "a number") { $0.number } }
    /// The integer value of `name`.
    public func int(_ name: String) throws -> Int { try require(name, "an integer") { $0.int } }
    /// The string value of `name`.
    public func string(_ name: String) throws -> String { try require(name, "a string") { $0.string } }
    /// The bool value of `name`.
    public func bool(_ name: String) throws -> Bool { try require(name, "true or false") { $0.bool } }
    /// The list value of `name` (variadic positionals are lists).
    public func list(_ name: String) throws -> [Value] { try require(name, "a list") { $0.list } }
    /// The object of class `T` in `name`.
    public func object<T: ScriptObject>(_ name: String, as type: T.Type = T.self) throws -> T {
        try require(name, "an object of type \(T.self)") { $0.object(as: T.self) }
    }

    /// The number value, or nil when absent.
    public func numberIfPresent(_ name: String) throws -> Double? { has(name) ? try number(name) : nil }
    /// The integer value, or nil when absent.
    public func intIfPresent(_ name: String) throws -> Int? { has(name) ? try int(name) : nil }
    /// The string value, or nil when absent.
    public func stringIfPresent(_ name: String) throws -> String? { has(name) ? try string(name) : nil }
    /// The object, or nil when absent.
    public func objectIfPresent<T: ScriptObject>(_ name: String, as type: T.Type = T.self) throws -> T? {
        has(name) ? try object(name, as: type) : nil
    }
    /// A list of numbers as Doubles.
    public func numbers(_ name: String) throws -> [Double] {
        try list(name).enumerated().map { i, v in
            guard let x = v.number else { throw invalid(name, "expects numbers, got item \(i + 1) \(v.kindDescription)") }
            return x
        }
    }
    /// A list of integers.
    public func ints(_ name: String) throws -> [Int] {
        try list(name).enumerated().map { i, v in
            guard let x = v.int else { throw invalid(name, "expects integers, got item \(i + 1) \(v.kindDescription)") }
            return x
        }
    }
}

/// An error a command throws; its description is the complete message shown to the user.
public struct CommandError: Error, CustomStringConvertible {
    /// The complete sentence.
    public let message: String
    /// The parameter the error is about, so the caret can point at it.
    public let argument: String?

    /// An error with a full message, optionally about one argument.
    public init(_ message: String, argument: String? = nil) {
        self.message = message
        self.argument = argument
    }

    /// The message.
    public var description: String { message }
}
