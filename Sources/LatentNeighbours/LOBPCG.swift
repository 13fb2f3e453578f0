import LatentCore

/// The largest eigenpairs of a large sparse symmetric operator by LOBPCG (Knyazev 2001), in `Double`.
///
/// Blocks are row-major (n, s) arrays: column j of a block is one vector. Each iteration applies the
/// operator to the residuals and the previous search directions only (at most 2m vectors), and solves a
/// (3m, 3m) Rayleigh-Ritz problem; memory is O(n m), never n x n. Directions orthogonal to `deflate`
/// (unit vectors already known to be eigenvectors) are searched, so the result is the top of the rest.
enum LOBPCG {
    /// The outcome: eigenvalues descending (m), their vectors (n, m), iterations taken, the largest
    /// residual norm |A x - lambda x| of the wanted vectors, and whether it fell below the tolerance.
    struct Result {
        var values: [Double]
        var vectors: [Double]
        var iterations: Int
        var residual: Double
        var converged: Bool
    }

    /// The `m` largest eigenpairs of the symmetric operator `apply` (x (n, s) -> A x (n, s)) on n-vectors,
    /// orthogonal to the unit vectors `deflate`; converged when the first `wanted` residual norms are below
    /// `tolerance`. `start` is the (n, m) initial block (e.g. seeded random values).
    static func largest(n: Int, m: Int, wanted: Int, start: [Double], deflate: [[Double]], tolerance: Double,
                        maxIterations: Int, apply: (_ x: [Double], _ s: Int) -> [Double]) -> Result {
        precondition(m >= wanted && wanted >= 1 && start.count == n * m, "LOBPCG: start must be (n, m), m >= wanted >= 1")
        var x = start
        project(&x, cols: m, n: n, off: deflate)
        guard orthonormalise(&x, cols: m, n: n) == m else { return Result(values: [], vectors: [], iterations: 0, residual: .infinity, converged: false) }
        var ax = apply(x, m)
        // Rayleigh-Ritz on X alone, so that X holds Ritz vectors from the first iteration
        var (values, c) = ritz(basis: x, image: ax, s: m, n: n, keep: m)
        x = times(x, rows: n, inner: m, c, cols: m)
        ax = times(ax, rows: n, inner: m, c, cols: m)
        var p: [Double] = [], mp = 0
        var residual = Double.infinity, done = 0
        for iteration in 1...max(1, maxIterations) {
            done = iteration
            // residuals R = A X - X diag(values), (n, m)
            var r = ax
            for i in 0..<n { for j in 0..<m { r[i * m + j] -= x[i * m + j] * values[j] } }
            residual = 0
            for j in 0..<wanted {
                var s = 0.0
                for i in 0..<n { s += r[i * m + j] * r[i * m + j] }
                residual = max(residual, s.squareRoot())
            }
            if residual < tolerance {
                return Result(values: Array(values[0..<m]), vectors: x, iterations: iteration, residual: residual, converged: true)
            }
            // the new directions [R | P], orthogonal to the deflated vectors and to X, orthonormal
            var wp = concat(r, cols: m, p, cols: mp, n: n)
            var mw = m + mp
            project(&wp, cols: mw, n: n, off: deflate)
            projectOff(&wp, cols: mw, basis: x, basisCols: m, n: n)
            mw = orthonormalise(&wp, cols: mw, n: n)
            projectOff(&wp, cols: mw, basis: x, basisCols: m, n: n)   // once more: X must stay orthogonal
            mw = orthonormalise(&wp, cols: mw, n: n)
            guard mw > 0 else { break }
            let awp = apply(wp, mw)
            let s = m + mw
            let basis = concat(x, cols: m, wp, cols: mw, n: n), image = concat(ax, cols: m, awp, cols: mw, n: n)
            (values, c) = ritz(basis: basis, image: image, s: s, n: n, keep: m)       // c: (s, m)
            // P = the [R | P] part of the new Ritz vectors; X = basis · c
            let cw = Array(c[(m * m)..<(s * m)])                                       // (mw, m)
            p = times(wp, rows: n, inner: mw, cw, cols: m); mp = m
            x = times(basis, rows: n, inner: s, c, cols: m)
            ax = times(image, rows: n, inner: s, c, cols: m)
        }
        return Result(values: values, vectors: x, iterations: done, residual: residual, converged: false)
    }

    /// The `keep` largest Ritz pairs of the orthonormal `basis` (n, s) with `image` = A · basis: values
    /// descending and the coefficients (s, keep).
    static func ritz(basis: [Double], image: [Double], s: Int, n: Int, keep: Int) -> ([Double], [Double]) {
        var g = [Double](repeating: 0, count: s * s)                                   // basisᵀ A basis
        dgemm(m: s, n: s, k: n, basis, lda: s, true, image, ldb: s, false, &g, ldc: s)
        for a in 0..<s { for b in (a + 1)..<max(s, a + 1) { let v = 0.5 * (g[a * s + b] + g[b * s + a]); g[a * s + b] = v; g[b * s + a] = v } }
        let (values, vectors) = SymmetricEigen.jacobi(g, n: s)                         // descending, columns
        var c = [Double](repeating: 0, count: s * keep)
        for r in 0..<s { for j in 0..<keep { c[r * keep + j] = vectors[r * s + j] } }
        return (Array(values[0..<keep]), c)
    }

    /// a (rows, inner) · b (inner, cols).
    static func times(_ a: [Double], rows: Int, inner: Int, _ b: [Double], cols: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * cols)
        guard rows > 0, inner > 0, cols > 0 else { return out }
        dgemm(m: rows, n: cols, k: inner, a, lda: inner, false, b, ldb: cols, false, &out, ldc: cols)
        return out
    }

    /// [a | b]: (n, ca) beside (n, cb).
    static func concat(_ a: [Double], cols ca: Int, _ b: [Double], cols cb: Int, n: Int) -> [Double] {
        let s = ca + cb
        var out = [Double](repeating: 0, count: n * s)
        for i in 0..<n {
            for j in 0..<ca { out[i * s + j] = a[i * ca + j] }
            for j in 0..<cb { out[i * s + ca + j] = b[i * cb + j] }
        }
        return out
    }

    /// Removes from every column of `x` (n, cols) its components along the unit vectors `off`.
    static func project(_ x: inout [Double], cols: Int, n: Int, off: [[Double]]) {
        for v in off {
            var dots = [Double](repeating: 0, count: cols)
            for i in 0..<n { for j in 0..<cols { dots[j] += v[i] * x[i * cols + j] } }
            for i in 0..<n { for j in 0..<cols { x[i * cols + j] -= v[i] * dots[j] } }
        }
    }

    /// x -= basis (basisᵀ x), for an orthonormal `basis` (n, basisCols) and x (n, cols).
    static func projectOff(_ x: inout [Double], cols: Int, basis: [Double], basisCols: Int, n: Int) {
        guard cols > 0 else { return }
        var coef = [Double](repeating: 0, count: basisCols * cols)                     // (basisCols, cols)
        dgemm(m: basisCols, n: cols, k: n, basis, lda: basisCols, true, x, ldb: cols, false, &coef, ldc: cols)
        dgemm(m: n, n: cols, k: basisCols, basis, lda: basisCols, false, coef, ldb: cols, false, &x, ldc: cols, alpha: -1, beta: 1)
    }

    /// Orthonormalises the columns of `x` (n, cols) in place by SVQB (the Gram matrix's eigenvectors, scaled),
    /// twice, dropping directions whose Gram eigenvalue is below 1e-12 of the largest; returns the columns kept
    /// (x becomes (n, kept)).
    @discardableResult
    static func orthonormalise(_ x: inout [Double], cols: Int, n: Int) -> Int {
        var c = cols
        for _ in 0..<2 {
            guard c > 0 else { return 0 }
            var g = [Double](repeating: 0, count: c * c)
            dgemm(m: c, n: c, k: n, x, lda: c, true, x, ldb: c, false, &g, ldc: c)
            let (values, vectors) = SymmetricEigen.jacobi(g, n: c)                     // descending
            let top = max(values.first ?? 0, 0)
            let kept = values.prefix { $0 > 1e-12 * top && $0 > 0 }.count
            guard kept > 0 else { x = []; return 0 }
            var t = [Double](repeating: 0, count: c * kept)                            // U Σ^{-1/2}, (c, kept)
            for r in 0..<c { for j in 0..<kept { t[r * kept + j] = vectors[r * c + j] / values[j].squareRoot() } }
            x = times(x, rows: n, inner: c, t, cols: kept)
            c = kept
        }
        return c
    }
}
