/// One positional parameter or `key=value` option of a command.
public struct Parameter {
    /// The name (`epochs`); options are written `epochs=10`.
    public let name: String
    /// The accepted type.
    public let type: ValueType
    /// The value used when the argument is not given (`nil`: required positional / absent option).
    public let defaultValue: Value?
    /// True when the call must supply it.
    public let isRequired: Bool
    /// Positional only: collects all remaining positional arguments into a list.
    public let isVariadic: Bool
    /// Option only: may also be written without `=`, as `to "file.png"`.
    public let isKeyword: Bool
    /// One line for `help CMD`.
    public let help: String

    /// A parameter. Positionals are required unless they have a default or `required: false`;
    /// options are optional unless `required: true`.
    public init(_ name: String, _ type: ValueType, default defaultValue: Value? = nil,
                required: Bool? = nil, variadic: Bool = false, keyword: Bool = false, _ help: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required ?? false
        self.isVariadic = variadic
        self.isKeyword = keyword
        self.help = help
        self.requirementGiven = required != nil
    }

    /// Whether `required:` was passed explicitly (positionals default to required otherwise).
    let requirementGiven: Bool

    /// A copy used as a positional: required when it has no default, unless stated otherwise.
    func asPositional() -> Parameter {
        let required = requirementGiven ? isRequired : (defaultValue == nil && !isVariadic)
        return Parameter(name, type, default: defaultValue, required: required, variadic: isVariadic,
                         keyword: false, help)
    }
}
