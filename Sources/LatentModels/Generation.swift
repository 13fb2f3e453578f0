import LatentFiles
import LatentCore

/// Ways to choose latent points to decode.
public enum Generation {
    /// The lattice box's default quantile: 5% trimmed per side.
    public static let defaultQuantile: Float = 0.05
    /// Prior draws made when no count is given.
    public static let defaultPriorCount = 64

    /// Prior draws (count, k): N(0, I) for gnd and vae (their KL term pulls the latent towards it); for gne,
    /// which has no prior, random training embeddings plus its training noise N(0, noise²) — the
    /// distribution its decoder was trained on.
    public static func priorPoints(_ model: EmbeddingModel, count: Int, rng: inout Rng) -> Matrix {
        model.priorDraws(count: count, rng: &rng)
    }

    /// A `side` x `side` lattice over the central box of the embedding: quantiles `q`..`1-q` of the
    /// training embedding (G-NeuroDAVIS uses the 20th-80th percentiles, q = 0.2; the default 0.05 shows
    /// more of the map), or ±2.5 for the VAE's prior. Returns (side², k), top-left first.
    public static func latticePoints(_ model: EmbeddingModel, side: Int, quantile q: Float = defaultQuantile) -> Matrix {
        let box = model.latentBox(quantile: q)
        let mid = box.lo.indices.map { (box.lo[$0] + box.hi[$0]) / 2 }
        return Lattice.points(side: side, lo: box.lo, hi: box.hi, dims: model.dims, fill: mid)
    }

    /// Rows decoded at once; more rows are decoded block by block, polling Ctrl-C between blocks.
    static let decodeBlock = 8192

    /// Decodes `z` with the model, conditioning a supervised gnd on `classes` (one per row). Throws
    /// `Interrupted` when Ctrl-C stops a decode of more than `decodeBlock` rows between blocks.
    public static func decode(_ model: EmbeddingModel, _ z: Matrix, classes: [Int]? = nil) throws -> Matrix {
        func whole(_ z: Matrix, _ classes: [Int]?) -> Matrix {
            if let conditional = model as? ConditionalModel { return conditional.decode(z, classes: classes) }
            return model.decode(z)
        }
        guard z.rows > decodeBlock else { return whole(z, classes) }
        var out: Matrix?
        for start in stride(from: 0, to: z.rows, by: decodeBlock) {
            try Interruption.check()
            let rows = Array(start..<min(start + decodeBlock, z.rows))
            let part = whole(z.gatherRows(rows), classes.map { c in rows.map { c[$0] } })   // (block, features)
            if out == nil { out = Matrix(rows: z.rows, cols: part.cols) }
            out!.row(start).update(from: part.base, count: part.rows * part.cols)
        }
        return out!
    }
}
