import LatentFiles
import LatentCore

/// Creates models of any kind from a config, through the kind's descriptor.
public enum ModelFactory {
    /// A new model for `samples` rows of `features` values (tables have `samples` rows for gne/gnd, or only
    /// the rows `keeping` on a data-parallel rank). The config is validated and the memory the model
    /// needs to train is checked against the memory available before anything is allocated.
    public static func make(_ config: ModelConfig, samples: Int, features: Int, rng: inout Rng,
                            keeping rows: Range<Int>? = nil, limit: MemoryLimit = .current) throws -> GenerativeModel {
        try config.validate(forBuilding: true)
        guard features >= 1 else { throw ConfigError("the data have no features") }
        try config.checkConvFeatures(features)
        let descriptor = config.kind.descriptor
        if descriptor.hasTables {
            guard samples >= 1 else { throw ConfigError("the data have no samples") }
            if let rows, rows.lowerBound < 0 || rows.upperBound > samples {
                throw ConfigError("kept rows \(rows) lie outside the table's 0..<\(samples)")
            }
        }
        try config.checkFitsInMemory(samples: rows?.count ?? samples, features: features, limit: limit)
        return descriptor.build(config, samples, features, &rng, rows)
    }
}
