import LatentCore

/// PCA of a dataset fitted on a seeded subsample of at most `fitRows` rows and applied to every row in
/// batches, so the n x d float copy of a large set is never made.
public enum PCAProjection {
    /// The first `components` principal coordinates of every row of `data` (n, components).
    public static func project(_ data: SampleSource, components: Int, fitRows: Int = 10_000) throws -> Matrix {
        var rng = Rng(seed: 0x9CA)
        let n = data.sampleCount
        let pca = try PCA.fit(data.sampleRows(rng.subsample(n, fitRows)), components: components)
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
