import LatentCore

/// Settings of sampling by iterating a map from noise (kaleido).
public struct IteratedSamplingOptions: Sendable {
    /// Chains, one sample each.
    public var count = 64
    /// Applications of the map before the kept state.
    public var burnIn = 50
    /// Standard deviation of the Gaussian noise added at each application.
    public var noise: Float = 0.01
    /// Keep every state of every chain.
    public var keepChain = false

    /// The defaults.
    public init() {}

    /// Throws a sentence naming the first invalid option.
    public func validate() throws {
        guard (1...100_000).contains(count) else { throw ConfigError("count must be between 1 and 100000, got \(count)", option: "count") }
        guard (0...100_000).contains(burnIn) else { throw ConfigError("burn must be between 0 and 100000, got \(burnIn)", option: "burn") }
        guard noise >= 0, noise.isFinite else { throw ConfigError("noise must be zero or positive, got \(noise)", option: "noise") }
    }
}

extension IteratedMapModel {
    /// Samples with `options` (one kept step, settle tolerance 1e-3 RMS per feature).
    public func sample(_ options: IteratedSamplingOptions, rng: inout Rng) throws -> KaleidoChain {
        try options.validate()
        return sample(count: options.count, burnIn: options.burnIn, steps: 1, noise: options.noise, tolerance: 1e-3,
                      keepChain: options.keepChain, rng: &rng)
    }
}

extension KaleidoChain {
    /// The kept states as a film strip: the first `chains` chains, one row of frames each, every `stride`-th
    /// state so that about `frames` frames show. Returns ((shown chains · columns), d) images, chain by
    /// chain, the frames per chain and the stride. Needs the states (sampled with `keepChain`).
    public func filmStrip(chains: Int = 8, frames: Int = 12) -> (images: Matrix, columns: Int, stride: Int) {
        precondition(!chain.isEmpty, "a film strip needs the chain's states (keepChain)")
        let shown = min(samples.rows, chains), d = samples.cols
        let stride = max(1, chain.count / frames)
        let picked = Array(Swift.stride(from: 0, to: chain.count, by: stride))
        let film = Matrix(rows: shown * picked.count, cols: d)
        for c in 0..<shown {
            for (j, s) in picked.enumerated() { film.row(c * picked.count + j).update(from: chain[s].row(c), count: d) }
        }
        return (film, picked.count, stride)
    }
}
