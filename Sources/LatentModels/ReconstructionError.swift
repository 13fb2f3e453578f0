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

extension ReconstructionError {
    /// The squared error per feature of every row: decoding row i of `embedding` (n, k) against row i of
    /// `data` (n, d), in blocks of `block` rows so no n x d matrix is held; a class-conditional decoder gets
    /// each row's class from `classes`. Nil when the shapes disagree, or the decoder needs classes and
    /// none are given, or `shouldStop` says so between blocks.
    public static func perRow(_ model: EmbeddingModel, data: SampleSource, embedding: Matrix, classes: [Int32]? = nil,
                              block: Int = 4096, shouldStop: () -> Bool = { false }) -> [Double]? {
        let n = data.sampleCount
        guard embedding.rows == n, model.asConditional == nil || classes?.count == n else { return nil }
        var out = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            if shouldStop() { return nil }
            let rows = Array(start..<min(n, start + block))
            let x = data.sampleRows(rows)                                                   // (b, d)
            guard let y = try? Generation.decode(model, embedding.gatherRows(rows), classes: classes.map { c in rows.map { Int(c[$0]) } }) else { return nil }  // (b, d)
            let d = x.cols
            for (r, row) in rows.enumerated() {
                var sum = 0.0
                for c in 0..<d { let e = Double(x[r, c] - y[r, c]); sum += e * e }
                out[row] = sum / Double(max(d, 1))
            }
            start += block
        }
        return out
    }
}
