/// A problem with the inputs of a neighbour or geometry routine (kNN, PCA, spectral layout), described as a
/// complete sentence naming the offending argument and what was expected.
public struct NeighbourError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The sentence naming the offending argument and what was expected.
    public let description: String

    /// An error carrying `description` verbatim.
    public init(_ description: String) { self.description = description }

    /// Throws when `condition` is false.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw NeighbourError(message()) }
    }
}
