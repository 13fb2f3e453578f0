import LatentCore

/// Squared Euclidean distances from a block of rows of a matrix to all of its rows, block by block.
///
/// Wide matrices use `||a||^2 + ||b||^2 - 2 a·b` through LatentCore's `gemm`; narrow ones (embeddings)
/// sum coordinate differences directly, in the same order as `squaredDistance`.
package struct DistanceRows {
    package let data: Matrix
    private let norms: [Float]
    /// Widest dimension computed directly rather than through `gemm`.
    static let directMaxDimension = 16

    /// Prepares distances among the rows of `data`.
    package init(_ data: Matrix) {
        self.data = data
        norms = data.cols > DistanceRows.directMaxDimension ? BruteForceKNN.rowNorms(data) : []
    }

    /// Writes distances of rows `r0..<r1` to all `m` rows into `out` (row-major `(r1-r0) x m`); the
    /// diagonal (a row to itself) is set to +infinity.
    package func fill(_ r0: Int, _ r1: Int, into out: UnsafeMutablePointer<Float>) {
        let m = data.rows, d = data.cols
        if d > DistanceRows.directMaxDimension {
            // (b,d)·(d,m) -> (b,m)
            gemm(m: r1 - r0, n: m, k: d, data.row(r0), lda: d, false, data.base, ldb: d, true, out, ldc: m, alpha: -2)
            norms.withUnsafeBufferPointer { nb in
                let shared = SharedPointer(out), normShared = SharedPointer(UnsafeMutablePointer(mutating: nb.baseAddress!))
                parallelChunks(r1 - r0) { i in
                    let row = shared.base + i * m, nrm = normShared.base
                    let ni = nrm[r0 + i]
                    for j in 0..<m { row[j] = max(0, row[j] + ni + nrm[j]) }
                    row[r0 + i] = .infinity
                }
            }
        } else {
            let shared = SharedPointer(out), data = self.data
            parallelChunks(r1 - r0) { i in
                let row = shared.base + i * m, a = data.row(r0 + i)
                for j in 0..<m { row[j] = squaredDistance(a, data.row(j), d) }
                row[r0 + i] = .infinity
            }
        }
    }
}
