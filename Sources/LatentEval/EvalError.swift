/// A problem with the inputs of an evaluation routine, described as a complete sentence.
public struct EvalError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The sentence naming the offending argument and what was expected.
    public let description: String

    /// An error carrying `description` verbatim.
    public init(_ description: String) { self.description = description }

    /// Throws when `condition` is false.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw EvalError(message()) }
    }
}
