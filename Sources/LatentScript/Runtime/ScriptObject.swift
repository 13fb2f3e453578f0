/// A host object the language can hold in a variable: a dataset, a model, a matrix, samples, a table.
///
/// Wrap a domain type in a small final class conforming to this protocol; its static `typeName` is what
/// `.object(DatasetObject.self)` parameters match and what `vars` shows. Every script object is also an
/// `ArgumentValue`: `Positional<DatasetObject>("data", "the training data")` declares a parameter and
/// `args[data]` reads it as a `DatasetObject`.
public protocol ScriptObject: AnyObject, ArgumentValue {
    /// The type name shown to users and matched by object parameters ("Dataset", "Model").
    static var typeName: String { get }
    /// One line describing the object ("1797 samples x 64 features, 10 classes").
    var summary: String { get }
    /// The value of `object.name`, or nil when there is no such member.
    func member(_ name: String) -> Value?
    /// True when a command returning this object already printed it, so an unbound call shows nothing more.
    var quietWhenUnbound: Bool { get }
    /// Member names, for completion and for the error listing the available members.
    var memberNames: [String] { get }
    /// How many elements `object[i]` reaches (a table's rows, an embedding's points); nil: not indexable.
    var elementCount: Int? { get }
    /// Element `index` (0-based, already checked against `elementCount`).
    func element(at index: Int) -> Value
    /// What `print` and a bare expression show, when more than `Type: summary` (a table's aligned rows).
    var printedText: String? { get }
}

extension ScriptObject {
    /// The class's type name (`Self.typeName`).
    public var typeName: String { Self.typeName }
    /// An object parameter accepts objects of this class.
    public static var valueType: ValueType { .object(Self.self) }
    /// The value as an object of this class.
    public static func read(_ value: Value) -> Self? { value.object(as: Self.self) }
    /// No members by default.
    public func member(_ name: String) -> Value? { nil }
    /// No member names by default.
    public var memberNames: [String] { [] }
    /// False by default: an unbound command result is shown.
    public var quietWhenUnbound: Bool { false }
    /// Not indexable by default.
    public var elementCount: Int? { nil }
    /// `none` by default.
    public func element(at index: Int) -> Value { .none }
    /// `Type: summary` by default.
    public var printedText: String? { nil }
}
