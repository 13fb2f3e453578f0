import LatentCore

/// PCA of a dataset fitted on a seeded subsample of at most `fitRows` rows and applied to every row in
/// batches, so the n x d float copy of a large set is never made.
public enum PCAProjection {
    /// The first `components` principal coordinates of every row of `data` (n, components).
    public static func project(_ data: SampleSource, components: Int, fitRows: Int = 10_000) throws -> Matrix {
        try apply(fit(data, components: components, fitRows: fitRows), to: data)
    }

    /// The PCA of `components` components fitted on a seeded subsample of at most `fitRows` rows of `data`.
    public static func fit(_ data: SampleSource, components: Int, fitRows: Int = 10_000) throws -> PCA {
        var rng = Rng(seed: 0x9CA)
        return try PCA.fit(data.sampleRows(rng.subsample(data.sampleCount, fitRows)), components: components)
    }

    /// Every row of `data` (n, d) projected by `pca`, in batches: (n, components).
    public static func apply(_ pca: PCA, to data: SampleSource) throws -> Matrix {
        try NeighbourError.require(data.featureCount == pca.mean.count,
            "PCA was fitted on \(pca.mean.count) columns but the data has \(data.featureCount).")
        let n = data.sampleCount, components = pca.components.rows
        let out = Matrix(rows: n, cols: components)
        var start = 0
        while start < n {
            let b = min(4096, n - start)
            let chunk = try pca.transform(data.sampleRows(Array(start..<(start + b))))     // (b, components)
            out.row(start).update(from: chunk.base, count: b * components)
            start += b
        }
        return out
    }
}
