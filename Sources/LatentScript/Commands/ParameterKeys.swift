/// Typed command parameters: a parameter is declared once, as a value that both the `Command` declaration
/// and the command's body use, so a misspelt option or object type is a compile error.
///
/// Before (names and types as strings, repeated in the declaration, the body and the examples file):
///
///     register(Command("train", summary: "...",
///                      positionals: [Parameter("model", .object("Model"), "the model")],
///                      options: [Parameter("epochs", .int, default: 10, "passes"),
///                                Parameter("lr", .number, "learning rate")]) { args, session in
///         let model = try args.object("model", as: ModelObject.self)
///         let epochs = try args.int("epochs")
///         let lr = try args.numberIfPresent("lr")
///         if epochs < 1 { throw args.invalid("epochs", "must be at least 1") }
///         ...
///     })
///     // CommandExamples.swift: "train": ["train m d epochs=2"]
///
/// After (the keys live in a namespace named after the command, beside its registration):
///
///     private enum Train {
///         static let model = Positional<ModelObject>("model", "the model")    // type: .object(ModelObject.self)
///         static let epochs = Option<Int>("epochs", default: 10, "passes")    // reads as Int
///         static let lr = Option<Double?>("lr", "learning rate")              // absent reads as nil
///     }
///     register(Command("train", summary: "...", positionals: [Train.model], options: [Train.epochs, Train.lr],
///                      examples: ["train m d epochs=2"]) { args, session in
///         let model = try args[Train.model]
///         let epochs = try args[Train.epochs]
///         let lr = try args[Train.lr]
///         if epochs < 1 { throw args.invalid(Train.epochs, "must be at least 1") }
///         ...
///     })
///
/// The Swift type gives the script type: `Int` -> `.int`, `Double`/`Float` -> `.number`, `String`, `Bool`,
/// `[Int]` -> `.list(.int)`, a `ScriptObject` class -> `.object(Class.self)`, an enum adopting `ChoiceArgument`
/// -> `.choice` of its raw values, `Value` -> `.any` (read as written); `T?` is the same type, optional.
/// Pass an explicit `ValueType` when the script type is wider than the Swift one:
/// `Option<Value>("init", .oneOf([.choice(["random", "pca"]), .object(EmbeddingObject.self)]), default: "random", "...")`.
/// `Variadic<T>` collects the remaining positionals (`args[key]` is `[T]`). Other typed reads:
/// `args.has(key)`, `args.isGiven(key)`, `args.value(key)` (the raw `Value`), `args.writtenName(key)`,
/// `args.invalid(key, "problem")` (an error whose caret points at that argument).
///
/// Porting an old declaration, line by line:
/// - `Parameter("n", .int, "...")` as a positional -> `Positional<Int>("n", "...")`; with `required: false` and
///   no default -> `Positional<Int?>`; `variadic: true` -> `Variadic<Int>` (add `required: true` if it had it).
/// - an option without a default -> `Option<Int?>("k", "...")`, read with `if let k = try args[Cmd.k]`
///   (was `args.intIfPresent("k")`, or `args.has("k")` then `args.int("k")`); with a default -> `Option<Int>`.
/// - `.object("Model")` -> the class: `Positional<ModelObject>`, or `.object(ModelObject.self)` inside a
///   `.oneOf`; `returns: .object(ModelObject.self)`.
/// - `.choice(Loss.allCases.map(\.rawValue))` -> `Option<Loss?>` (the enum adopts `ChoiceArgument` in
///   LatentCommands/ChoiceArguments.swift); a literal `.choice(["a", "b"])` -> `Option<String>("x", .choice(["a", "b"]), ...)`.
/// - `args["x"]` (the raw value of a `.oneOf`) -> `args.value(Cmd.x)`, or `args.object(Cmd.x, as: ModelObject.self)`.
/// - `CommandError("...", argument: "x")` -> `CommandError("...", about: Cmd.x)`; `CapabilityError(...).at(Cmd.model)`.
/// - the examples of `CommandExamples.swift` -> `examples: [...]` in the `Command(...)` call.
/// - a new `model` setting: a case of `ModelSetting` (LatentModels/ModelSetting.swift) and a `ModelConfig` field;
///   the `model` command's option, its binding and `help model` follow from the table.
/// The key namespaces are private enums named after the command (`plot embedding` -> `PlotEmbedding`), at the
/// end of the file that registers it; keys several commands share live in one internal enum (`PlotKeys`).
public protocol ParameterKey {
    /// The declaration the binder, help, completion and the static checker read.
    var parameter: Parameter { get }
}

extension Parameter: ParameterKey {
    /// The parameter itself (user-defined commands build untyped parameters at run time).
    public var parameter: Parameter { self }
}

/// A positional parameter read as `T`; required unless it has a default or `T` is optional.
public struct Positional<T: ArgumentValue>: ParameterKey, @unchecked Sendable {   // immutable; defaults are literals
    /// The declaration.
    public let parameter: Parameter

    /// A positional named `name` (upper-cased in usage lines) of type `T.valueType`.
    public init(_ name: String, default defaultValue: Value? = nil, _ help: String) {
        self.init(name, T.valueType, default: defaultValue, help)
    }

    /// A positional whose script type `type` is wider than `T.valueType` (`T` is then usually `Value`).
    public init(_ name: String, _ type: ValueType, default defaultValue: Value? = nil, _ help: String) {
        parameter = Parameter(name, type, default: defaultValue, required: defaultValue == nil && T.absentValue == nil, help)
    }
}

/// The remaining positional arguments, each read as `T` (`args[key]` is `[T]`).
public struct Variadic<T: ArgumentValue>: ParameterKey, @unchecked Sendable {   // immutable
    /// The declaration.
    public let parameter: Parameter

    /// A variadic positional; `required: true` asks for at least one item.
    public init(_ name: String, required: Bool = false, _ help: String) {
        self.init(name, T.valueType, required: required, help)
    }

    /// A variadic positional whose items' script type `type` is wider than `T.valueType`.
    public init(_ name: String, _ type: ValueType, required: Bool = false, _ help: String) {
        parameter = Parameter(name, type, required: required, variadic: true, help)
    }
}

/// A `name=value` option read as `T` (use `T?` for an option without a default).
public struct Option<T: ArgumentValue>: ParameterKey, @unchecked Sendable {   // immutable; defaults are literals
    /// The declaration.
    public let parameter: Parameter

    /// An option of type `T.valueType`; `required: true` makes the call supply it, `keyword: true` also
    /// accepts `to "file.png"` for `to="file.png"`.
    public init(_ name: String, default defaultValue: Value? = nil, required: Bool = false, keyword: Bool = false,
                _ help: String) {
        self.init(name, T.valueType, default: defaultValue, required: required, keyword: keyword, help)
    }

    /// An option whose script type `type` is wider than `T.valueType` (`T` is then usually `Value`).
    public init(_ name: String, _ type: ValueType, default defaultValue: Value? = nil, required: Bool = false,
                keyword: Bool = false, _ help: String) {
        parameter = Parameter(name, type, default: defaultValue, required: required, keyword: keyword, help)
    }
}

/// A Swift type a parameter can be read as; its `valueType` is what the binder checks before the command runs.
public protocol ArgumentValue {
    /// The script type a parameter of this Swift type accepts.
    static var valueType: ValueType { get }
    /// The value as this type, nil when it does not fit.
    static func read(_ value: Value) -> Self?
    /// What an absent parameter reads as: nil (the default) when reading it is an error, `.some(nil)` for optionals.
    static var absentValue: Self? { get }
}

extension ArgumentValue {
    /// Absent values are an error to read.
    public static var absentValue: Self? { nil }
}

extension Int: ArgumentValue {
    /// `.int`.
    public static var valueType: ValueType { .int }
    /// The integer value.
    public static func read(_ value: Value) -> Int? { value.int }
}

extension Double: ArgumentValue {
    /// `.number`.
    public static var valueType: ValueType { .number }
    /// The number value.
    public static func read(_ value: Value) -> Double? { value.number }
}

extension Float: ArgumentValue {
    /// `.number`.
    public static var valueType: ValueType { .number }
    /// The number value, rounded to Float.
    public static func read(_ value: Value) -> Float? { value.number.map { Float($0) } }
}

extension String: ArgumentValue {
    /// `.string`.
    public static var valueType: ValueType { .string }
    /// The string value.
    public static func read(_ value: Value) -> String? { value.string }
}

extension Bool: ArgumentValue {
    /// `.bool`.
    public static var valueType: ValueType { .bool }
    /// The bool value.
    public static func read(_ value: Value) -> Bool? { value.bool }
}

extension Value: ArgumentValue {
    /// `.any`.
    public static var valueType: ValueType { .any }
    /// The value as written.
    public static func read(_ value: Value) -> Value? { value }
}

extension Optional: ArgumentValue where Wrapped: ArgumentValue {
    /// The wrapped type's script type.
    public static var valueType: ValueType { Wrapped.valueType }
    /// nil for `none`, else the wrapped value.
    public static func read(_ value: Value) -> Wrapped?? {
        if value.isNone { return .some(nil) }
        return Wrapped.read(value).map { .some($0) }
    }
    /// Absent reads as nil.
    public static var absentValue: Wrapped?? { .some(nil) }
}

extension Array: ArgumentValue where Element: ArgumentValue {
    /// A list of the element's type.
    public static var valueType: ValueType { .list(Element.valueType) }
    /// Every item read as `Element`, nil when one does not fit.
    public static func read(_ value: Value) -> [Element]? {
        guard let items = value.list else { return nil }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let x = Element.read(item) else { return nil }
            result.append(x)
        }
        return result
    }
}

/// An enum whose raw values are the words a parameter accepts (`label=first`): adopt it with an empty
/// extension (`extension ModelKind: ChoiceArgument {}`) and declare `Option<ModelKind>("kind", "...")`.
public protocol ChoiceArgument: ArgumentValue, RawRepresentable, CaseIterable where RawValue == String {}

extension ChoiceArgument {
    /// One of the raw values.
    public static var valueType: ValueType { .choice(allCases.map(\.rawValue)) }
    /// The case whose raw value is the string.
    public static func read(_ value: Value) -> Self? { value.string.flatMap(Self.init(rawValue:)) }
}
