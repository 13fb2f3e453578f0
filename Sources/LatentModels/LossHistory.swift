/// One epoch's mean losses, by component.
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number over the model's whole life (continues across `train` calls).
    public var epoch: Int
    /// Mean of each loss component over the epoch's batches, e.g. ["loss": 0.05, "recon": 0.04, "kl": 0.01].
    public var losses: [String: Double]
    /// Wall seconds the epoch took.
    public var seconds: Double
}

/// The loss curve of a model, kept across incremental training calls and saved in checkpoints.
public struct LossHistory: Sendable, Codable, Equatable {
    /// Every completed epoch, oldest first.
    public var epochs: [EpochRecord] = []

    /// An empty history.
    public init() {}

    /// Number of completed epochs.
    public var count: Int { epochs.count }

    /// Component names that appear in the history, "loss" first.
    public var components: [String] {
        var names = Set<String>()
        for e in epochs { names.formUnion(e.losses.keys) }
        return names.sorted { a, b in a == "loss" ? true : b == "loss" ? false : a < b }
    }

    /// The values of `component` per epoch (nil where an epoch lacks it).
    public func series(_ component: String) -> [Double?] { epochs.map { $0.losses[component] } }
}
