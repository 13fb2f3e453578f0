import LatentCore

/// Principal component analysis by the covariance matrix and its symmetric eigen-decomposition.
///
/// Components have a deterministic sign: the entry of largest magnitude of each is positive.
/// Explained variances are covariance eigenvalues with the `n - 1` denominator (as scikit-learn).
public struct PCA: Sendable {
    /// Column means of the fitted data, length d.
    public let mean: [Float]
    /// Principal axes as unit rows, `k x d`, by decreasing variance.
    public let components: Matrix
    /// Variance along each component (covariance eigenvalues), length k.
    public let explainedVariance: [Double]
    /// Total variance of the data (trace of the covariance).
    public let totalVariance: Double
    /// The fitted data projected on the components, `n x k`.
    public let projection: Matrix

    /// A PCA given by its `mean` (d) and unit `components` (k, d) alone, as saved with a model: it projects
    /// new rows; its variances are unknown (empty, 0) and it holds no fitted projection.
    public init(mean: [Float], components: Matrix) {
        precondition(components.cols == mean.count, "one mean per component column")
        self.init(mean: mean, components: components, explainedVariance: [], totalVariance: 0,
                  projection: Matrix(rows: 0, cols: components.rows))
    }

    init(mean: [Float], components: Matrix, explainedVariance: [Double], totalVariance: Double, projection: Matrix) {
        self.mean = mean; self.components = components; self.explainedVariance = explainedVariance
        self.totalVariance = totalVariance; self.projection = projection
    }

    /// Share of the total variance along each component.
    public var explainedVarianceRatio: [Double] {
        explainedVariance.map { totalVariance > 0 ? $0 / totalVariance : 0 }
    }

    /// Widest dimension decomposed fully by Jacobi; wider covariances use subspace iteration.
    static let jacobiMaxDimension = 96
    static let chunkRows = 2048

    /// Fits `components` principal components to the rows of `x` (n x d, n >= 2) and projects them.
    public static func fit(_ x: Matrix, components k: Int) throws -> PCA {
        try fit(x, components: k, useJacobi: x.cols <= jacobiMaxDimension)
    }

    /// Fit with an explicit choice of eigen-solver (tests exercise both).
    static func fit(_ x: Matrix, components k: Int, useJacobi: Bool) throws -> PCA {
        let n = x.rows, d = x.cols
        try NeighbourError.require(n >= 2, "PCA needs at least 2 rows, got \(n).")
        try NeighbourError.require(k >= 1 && k <= d, "PCA components must be between 1 and the \(d) columns, got \(k).")
        var meanD = [Double](repeating: 0, count: d)
        for r in 0..<n { let p = x.row(r); for c in 0..<d { meanD[c] += Double(p[c]) } }
        let mean = meanD.map { Float($0 / Double(n)) }
        var cov = [Double](repeating: 0, count: d * d)
        let chunk = UnsafeMutablePointer<Float>.allocate(capacity: min(n, chunkRows) * d)
        let partial = UnsafeMutablePointer<Float>.allocate(capacity: d * d)
        defer { chunk.deallocate(); partial.deallocate() }
        for r0 in stride(from: 0, to: n, by: chunkRows) {
            let b = min(chunkRows, n - r0)
            center(x, r0, b, mean, into: chunk)
            // (d,b)·(b,d) -> (d,d), summed per chunk in Float, across chunks in Double.
            gemm(m: d, n: d, k: b, chunk, lda: d, true, chunk, ldb: d, false, partial, ldc: d)
            for i in 0..<(d * d) { cov[i] += Double(partial[i]) }
        }
        for i in 0..<(d * d) { cov[i] /= Double(n - 1) }
        for i in 0..<d { for j in 0..<i { let m = (cov[i * d + j] + cov[j * d + i]) / 2; cov[i * d + j] = m; cov[j * d + i] = m } }
        let total = (0..<d).reduce(0.0) { $0 + cov[$1 * d + $1] }

        var values: [Double], rows: [Double]
        if useJacobi {
            let (all, vectors) = SymmetricEigen.jacobi(cov, n: d)
            values = Array(all.prefix(k))
            rows = [Double](repeating: 0, count: k * d)
            for i in 0..<k { for r in 0..<d { rows[i * d + r] = vectors[r * d + i] } }
        } else {
            (values, rows) = SymmetricEigen.top(cov, d: d, k: k)
        }
        let comps = Matrix(rows: k, cols: d)
        for i in 0..<k {
            var big = 0
            for c in 1..<d where abs(rows[i * d + c]) > abs(rows[i * d + big]) { big = c }
            let sign: Double = rows[i * d + big] < 0 ? -1 : 1
            for c in 0..<d { comps[i, c] = Float(sign * rows[i * d + c]) }
        }
        let projection = Matrix(rows: n, cols: k)
        project(x, mean: mean, components: comps, into: projection, chunk: chunk)
        return PCA(mean: mean, components: comps, explainedVariance: values.map { max($0, 0) },
                   totalVariance: total, projection: projection)
    }

    /// Projects the rows of `x` (n x d) on the components: `(x - mean)·componentsᵀ`, n x k.
    public func transform(_ x: Matrix) throws -> Matrix {
        try NeighbourError.require(x.cols == mean.count,
            "PCA was fitted on \(mean.count) columns but the data has \(x.cols).")
        let out = Matrix(rows: x.rows, cols: components.rows)
        let chunk = UnsafeMutablePointer<Float>.allocate(capacity: min(max(x.rows, 1), PCA.chunkRows) * mean.count)
        defer { chunk.deallocate() }
        PCA.project(x, mean: mean, components: components, into: out, chunk: chunk)
        return out
    }

    private static func center(_ x: Matrix, _ r0: Int, _ b: Int, _ mean: [Float],
                               into chunk: UnsafeMutablePointer<Float>) {
        let d = x.cols
        for i in 0..<b {
            let src = x.row(r0 + i), dst = chunk + i * d
            for c in 0..<d { dst[c] = src[c] - mean[c] }
        }
    }

    private static func project(_ x: Matrix, mean: [Float], components: Matrix, into out: Matrix,
                                chunk: UnsafeMutablePointer<Float>) {
        let d = x.cols, k = components.rows
        for r0 in stride(from: 0, to: x.rows, by: chunkRows) {
            let b = min(chunkRows, x.rows - r0)
            center(x, r0, b, mean, into: chunk)
            // (b,d)·(d,k) -> (b,k)
            gemm(m: b, n: k, k: d, chunk, lda: d, false, components.base, ldb: d, true, out.row(r0), ldc: k)
        }
    }
}
