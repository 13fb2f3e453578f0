import LatentCore

/// Creates models of any kind from a config.
public enum ModelFactory {
    /// A new model for `samples` rows of `features` values (tables have `samples` rows for gne/gnd).
    public static func make(_ config: ModelConfig, samples: Int, features: Int, rng: inout Rng) throws -> GenerativeModel {
        try config.validate()
        guard features >= 1 else { throw ConfigError("the data have no features") }
        switch config.kind {
        case .gne, .gnd:
            guard samples >= 1 else { throw ConfigError("the data have no samples") }
            // tables: value + 2 Adam moments (+ gnd's second table) in Float
            let tables = config.kind == .gne ? 1 : 2
            let bytes = Double(samples) * Double(config.dims) * Double(tables) * 16
            guard bytes < 64e9 else {
                throw ConfigError("an embedding table of \(samples) x \(config.dims) needs \(Int(bytes / 1e9)) GB; reduce dims or the data")
            }
            return config.kind == .gne
                ? GNEModel(config: config, samples: samples, features: features, rng: &rng)
                : GNDModel(config: config, samples: samples, features: features, rng: &rng)
        case .vae: return VAEModel(config: config, features: features, rng: &rng)
        case .kaleido: return KaleidoModel(config: config, features: features, rng: &rng)
        }
    }
}
