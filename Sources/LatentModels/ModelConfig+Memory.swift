import LatentFiles
import LatentCore

/// Memory planning: a model whose tables or layers cannot fit in the memory available to latent is
/// refused before anything is allocated, with a sentence naming the largest piece or the total.
extension ModelConfig {
    /// The tensors a model of this configuration builds for `samples` x `features` data (its descriptor's layout).
    public func tensors(samples: Int, features: Int) -> [TensorShape] {
        kind.descriptor.tensors(self, samples: samples, features: features)
    }

    /// Throws when building this model for `samples` x `features` data and training it with batches of
    /// `batch` rows (rollback snapshot included) would need more than `limit`.
    public func checkFitsInMemory(samples: Int, features: Int, batch: Int = 1, limit: MemoryLimit = .current) throws {
        try MemoryEstimate(tensors(samples: samples, features: features))
            .check(batch: batch, limit: limit, what: "a \(kind.rawValue) model")
    }
}
