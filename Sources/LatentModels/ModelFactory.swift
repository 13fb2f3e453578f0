import LatentCore

/// Creates models of any kind from a config.
public enum ModelFactory {
    /// A new model for `samples` rows of `features` values (tables have `samples` rows for gne/gnd, or only
    /// the rows `keeping` on a data-parallel rank).
    public static func make(_ config: ModelConfig, samples: Int, features: Int, rng: inout Rng,
                            keeping rows: Range<Int>? = nil) throws -> GenerativeModel {
        try config.validate()
        guard features >= 1 else { throw ConfigError("the data have no features") }
        if config.kind == .gne || config.kind == .gnd {
            guard samples >= 1 else { throw ConfigError("the data have no samples") }
        }
        try config.checkFitsInMemory(samples: rows?.count ?? samples, features: features)
        switch config.kind {
        case .gne, .gnd:
            return config.kind == .gne
                ? GNEModel(config: config, samples: samples, features: features, rng: &rng, keeping: rows)
                : GNDModel(config: config, samples: samples, features: features, rng: &rng, keeping: rows)
        case .vae: return VAEModel(config: config, features: features, rng: &rng)
        case .kaleido: return KaleidoModel(config: config, features: features, rng: &rng)
        }
    }
}
