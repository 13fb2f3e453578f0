import LatentCore

/// How well a model decodes an embedding back to its data.
public struct ReconstructionError: Sendable, Equatable {
    /// Mean squared error per feature.
    public var mse: Double
    /// Rows it was measured on.
    public var samples: Int

    /// Rows measured at most (a seeded subsample of larger data).
    public static let sampleCap = 10_000

    /// The per-feature squared error of decoding `embedding` (n, k) against the rows of `data` (n, d), on at
    /// most `sampleCap` rows drawn with `rng`. Nil (and no draw) when the embedding is not one point per row
    /// or the decoder needs a class per point.
    public static func measure(_ model: EmbeddingModel, data: SampleSource, embedding: Matrix,
                               sampleCap: Int = sampleCap, rng: inout Rng) -> ReconstructionError? {
        guard embedding.rows == data.sampleCount, model.asConditional == nil else { return nil }
        let rows = rng.subsample(data.sampleCount, sampleCap)
        let x = data.sampleRows(rows)                                   // (m, d)
        let y = model.decode(embedding.gatherRows(rows))                // (m, d)
        var sum = 0.0
        for i in 0..<x.count { let d = Double(x.base[i] - y.base[i]); sum += d * d }
        return ReconstructionError(mse: sum / Double(max(x.count, 1)), samples: rows.count)
    }
}
