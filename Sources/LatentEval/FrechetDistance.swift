import LatentCore
import LatentNeighbours

/// The mean and covariance of a set of feature vectors, in double precision.
public struct FeatureStatistics: Sendable, Equatable {
    /// Number of vectors the statistics were taken from.
    public let count: Int
    /// Dimension d of the vectors.
    public let dimension: Int
    /// Column means, length d.
    public let mean: [Double]
    /// Covariance (d, d) row-major, `n - 1` denominator, exactly symmetric.
    public let covariance: [Double]

    /// Statistics given directly (e.g. of a known distribution); `covariance` is (d, d) row-major.
    public init(mean: [Double], covariance: [Double], count: Int = 0) throws {
        let d = mean.count
        try EvalError.require(d > 0, "Feature statistics need at least one dimension.")
        try EvalError.require(covariance.count == d * d,
                              "A covariance of \(d)-dimensional features has \(d * d) entries, got \(covariance.count).")
        self.count = count
        dimension = d
        self.mean = mean
        self.covariance = covariance
    }

    /// Rows of `x` (n, d), n >= 2: centred in double precision, covariance by dgemm over row chunks.
    public init(_ x: Matrix) throws {
        let n = x.rows, d = x.cols
        try EvalError.require(n >= 2, "Feature statistics need at least 2 vectors, got \(n).")
        try EvalError.require(d >= 1, "Feature statistics need at least one dimension.")
        var mean = [Double](repeating: 0, count: d)
        for r in 0..<n { let p = x.row(r); for c in 0..<d { mean[c] += Double(p[c]) } }
        for c in 0..<d { mean[c] /= Double(n) }
        var cov = [Double](repeating: 0, count: d * d)
        let chunkRows = 4096
        var chunk = [Double](repeating: 0, count: min(n, chunkRows) * d)
        for r0 in Swift.stride(from: 0, to: n, by: chunkRows) {
            let b = min(chunkRows, n - r0)
            for r in 0..<b {
                let p = x.row(r0 + r)
                for c in 0..<d { chunk[r * d + c] = Double(p[c]) - mean[c] }
            }
            // (d,b)·(b,d) -> (d,d), accumulated over chunks
            dgemm(m: d, n: d, k: b, chunk, lda: d, true, chunk, ldb: d, false, &cov, ldc: d, beta: 1)
        }
        for i in 0..<(d * d) { cov[i] /= Double(n - 1) }
        FrechetDistance.symmetrize(&cov, d)
        self.count = n
        dimension = d
        self.mean = mean
        covariance = cov
    }
}

/// The Fréchet distance between two Gaussians fitted to feature sets (the FID form):
/// ||mu1 - mu2||² + tr(S1 + S2 - 2 (S1 S2)^{1/2}).
///
/// The trace of (S1 S2)^{1/2} is taken as tr((√S1 S2 √S1)^{1/2}): √S1 from the symmetric eigendecomposition
/// of S1 (negative rounding eigenvalues clipped to 0), then the eigenvalues of the symmetric PSD
/// √S1 S2 √S1, all in double precision. The eigen-solver is cyclic Jacobi, O(d³) per sweep: meant for
/// feature spaces of up to a few hundred dimensions (a classifier's penultimate layer), not raw pixels.
public enum FrechetDistance {
    /// The distance between two sets of feature vectors (rows; same width, at least 2 rows each).
    public static func distance(_ x: Matrix, _ y: Matrix) throws -> Double {
        try EvalError.require(x.cols == y.cols, "Fréchet distance needs features of one width, got \(x.cols) and \(y.cols).")
        return try distance(FeatureStatistics(x), FeatureStatistics(y))
    }

    /// The distance between two fitted Gaussians of one dimension.
    public static func distance(_ a: FeatureStatistics, _ b: FeatureStatistics) throws -> Double {
        try EvalError.require(a.dimension == b.dimension,
                              "Fréchet distance needs statistics of one dimension, got \(a.dimension) and \(b.dimension).")
        let d = a.dimension
        var meanTerm = 0.0
        for i in 0..<d { let e = a.mean[i] - b.mean[i]; meanTerm += e * e }
        var traces = 0.0
        for i in 0..<d { traces += a.covariance[i * d + i] + b.covariance[i * d + i] }
        let root = squareRoot(a.covariance, d)
        // M = √S1 · S2 · √S1 (d,d), symmetric PSD
        var t = [Double](repeating: 0, count: d * d), m = [Double](repeating: 0, count: d * d)
        dgemm(m: d, n: d, k: d, root, lda: d, false, b.covariance, ldb: d, false, &t, ldc: d)
        dgemm(m: d, n: d, k: d, t, lda: d, false, root, ldb: d, false, &m, ldc: d)
        symmetrize(&m, d)
        let crossTrace = SymmetricEigen.jacobi(m, n: d).values.reduce(0.0) { $0 + max($1, 0).squareRoot() }
        // rounding can leave a tiny negative value for (near-)identical sets; the distance is >= 0
        return max(0, meanTerm + traces - 2 * crossTrace)
    }

    /// √S of a symmetric PSD (d, d) matrix: V·diag(√max(λ, 0))·Vᵀ.
    static func squareRoot(_ s: [Double], _ d: Int) -> [Double] {
        let (values, vectors) = SymmetricEigen.jacobi(s, n: d)
        var scaled = vectors                                  // columns of V times √λ
        for r in 0..<d { for c in 0..<d { scaled[r * d + c] *= max(values[c], 0).squareRoot() } }
        var root = [Double](repeating: 0, count: d * d)
        // (V·diag(√λ))·Vᵀ: (d,d)·(d,d) -> (d,d)
        dgemm(m: d, n: d, k: d, scaled, lda: d, false, vectors, ldb: d, true, &root, ldc: d)
        symmetrize(&root, d)
        return root
    }

    /// Replaces a (d, d) matrix by (A + Aᵀ)/2.
    static func symmetrize(_ a: inout [Double], _ d: Int) {
        for i in 0..<d { for j in 0..<i { let m = (a[i * d + j] + a[j * d + i]) / 2; a[i * d + j] = m; a[j * d + i] = m } }
    }
}
