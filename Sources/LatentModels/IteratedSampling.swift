import LatentCore

/// Settings of sampling by iterating a map from noise (kaleido).
public struct IteratedSamplingOptions: Sendable {
    /// Chains, one sample each.
    public var count = 64
    /// Applications of the map before the kept state.
    public var burnIn = 50
    /// Standard deviation of the Gaussian noise added at each application.
    public var noise: Float = 0.01
    /// Keep the states of the first chains for a film strip (`filmChains` chains, about `filmFrames` states
    /// each): memory filmChains x filmFrames x d, whatever `count` and `burnIn`.
    public var keepChain = false
    /// Chains a film strip shows.
    public var filmChains = 8
    /// States per chain a film strip shows, about.
    public var filmFrames = 12

    /// What `keepChain` records: the first chains, every so many states (burnIn + 2 states in all).
    public var recording: ChainRecording? {
        keepChain ? ChainRecording(chains: min(count, filmChains), every: max(1, (burnIn + 2) / filmFrames)) : nil
    }

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
                      record: options.recording, rng: &rng)
    }
}

extension KaleidoChain {
    /// The recorded states as a film strip: one row of frames per recorded chain. Returns ((chains ·
    /// columns), d) images, chain by chain, the frames per chain and the steps between frames. Needs
    /// recorded states (sampled with `keepChain`).
    public func filmStrip() -> (images: Matrix, columns: Int, stride: Int) {
        precondition(!chain.isEmpty, "a film strip needs the chain's states (keepChain)")
        let shown = chain[0].rows, d = samples.cols
        let film = Matrix(rows: shown * chain.count, cols: d)
        for c in 0..<shown {
            for (j, s) in chain.enumerated() { film.row(c * chain.count + j).update(from: s.row(c), count: d) }
        }
        return (film, chain.count, recordedEvery)
    }
}
