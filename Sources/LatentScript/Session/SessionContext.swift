/// State a commands layer keeps per session beside the language's own (latent's `LatentContext`: the
/// random generator, the communicator, the plotter).
public protocol SessionContext: AnyObject {
    /// The seed setting changed (`set seed N`, or the context was just installed): start the session's
    /// random generator again from `seed`.
    func reseed(_ seed: UInt64)
    /// A top-level statement is about to run: remember what its failure must put back (the generator's
    /// state: a statement that fails draws nothing, so the history rebuilds the session).
    func beginStatement()
    /// The statement failed: put back what `beginStatement` remembered.
    func rollBack()
}

/// A process's place in a data-parallel run: rank `rank` of `size`.
public struct Ranks: Sendable, Equatable {
    /// This process's rank, from 0.
    public let rank: Int
    /// The number of ranks.
    public let size: Int
    /// Rank 0, which alone prints, plots and saves.
    public var isRoot: Bool { rank == 0 }
    /// Rank `rank` of `size`.
    public init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }
}
