import LatentCore
import LatentModels

/// Runs `body` (typically an options struct's `validate`), turning a `ConfigError` into a command error
/// whose caret points at the option it names.
func checked<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ConfigError { throw CommandError(e.description, argument: e.option) }
}

extension CapabilityError {
    /// The error as a command error pointing at `key`'s argument (the model, or the option that asked).
    func at(_ key: some ParameterKey) -> CommandError { CommandError(description, about: key) }
}

extension ModelObject {
    /// The built model as the ability `get` picks, or a command error at `argument` (the model's parameter)
    /// saying that `request` needs `capability`.
    func require<T>(_ capability: Capability, for request: String, at argument: some ParameterKey,
                    _ get: (GenerativeModel) -> T?) throws -> T {
        let model = try requireModel()
        guard let found = get(model) else { throw CapabilityError(request, needs: [capability], model: model).at(argument) }
        return found
    }
}

extension Value {
    /// A Float default as a user writes it (0.02, not 0.0199999995529651).
    static func float(_ f: Float) -> Value { .number(Double("\(f)") ?? Double(f)) }
}

extension ConfigError: ArgumentError {
    /// The option the error names: the interpreter points its caret there.
    public var argument: String? { option }
}
