import LatentCore

/// Eigen-decompositions of real symmetric matrices (row-major `Double`).
package enum SymmetricEigen {
    /// All eigenpairs of the `n x n` symmetric `a` by cyclic Jacobi rotations: eigenvalues descending,
    /// eigenvectors as the columns of the row-major `n x n` result (`vectors[r * n + c]` = entry r of vector c).
    package static func jacobi(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var a = a
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var scale = 0.0
        for x in a { scale += x * x }
        a.withUnsafeMutableBufferPointer { ab in
            v.withUnsafeMutableBufferPointer { vb in
                let a = ab.baseAddress!, v = vb.baseAddress!
                for _ in 0..<100 {
                    var off = 0.0
                    for p in 0..<n { for q in (p + 1)..<max(n, p + 1) { off += a[p * n + q] * a[p * n + q] } }
                    if off <= 1e-30 * scale || off == 0 { break }
                    for p in 0..<n {
                        for q in (p + 1)..<max(n, p + 1) {
                            let apq = a[p * n + q]
                            if apq == 0 { continue }
                            // Rotation J (J_pp = c, J_pq = s, J_qp = -s, J_qq = c) with (Jᵀ A J)_pq = 0.
                            let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                            let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                            let c = 1 / (t * t + 1).squareRoot(), s = t * c
                            for k in 0..<n {                  // columns p, q of A·J
                                let akp = a[k * n + p], akq = a[k * n + q]
                                a[k * n + p] = c * akp - s * akq
                                a[k * n + q] = s * akp + c * akq
                            }
                            for k in 0..<n {                  // rows p, q of Jᵀ·(A·J)
                                let apk = a[p * n + k], aqk = a[q * n + k]
                                a[p * n + k] = c * apk - s * aqk
                                a[q * n + k] = s * apk + c * aqk
                            }
                            a[p * n + q] = 0; a[q * n + p] = 0
                            for k in 0..<n {                  // columns p, q of V·J
                                let vkp = v[k * n + p], vkq = v[k * n + q]
                                v[k * n + p] = c * vkp - s * vkq
                                v[k * n + q] = s * vkp + c * vkq
                            }
                        }
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] || (a[$0 * n + $0] == a[$1 * n + $1] && $0 < $1) }
        var values = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: n * n)
        for (dst, src) in order.enumerated() {
            values[dst] = a[src * n + src]
            for r in 0..<n { vectors[r * n + dst] = v[r * n + src] }
        }
        return (values, vectors)
    }

    /// The `k` largest eigenpairs of the `d x d` symmetric positive semi-definite `c` by subspace
    /// iteration with Rayleigh–Ritz: eigenvalues descending and eigenvectors as rows of a `k x d` result.
    static func top(_ c: [Double], d: Int, k: Int, oversample: Int = 10,
                    tolerance: Double = 1e-9, maxIterations: Int = 5000) -> (values: [Double], vectors: [Double]) {
        let p = min(d, k + oversample)
        // Deterministic, well-spread start: hashed entries in [-1, 1).
        var q = (0..<(p * d)).map { i -> Double in
            var z = UInt64(i) &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 52) - 1
        }
        orthonormalizeRows(&q, rows: p, cols: d)
        var z = [Double](repeating: 0, count: p * d)
        var t = [Double](repeating: 0, count: p * p)
        var rotated = [Double](repeating: 0, count: p * d)
        var values = [Double](repeating: 0, count: p)
        for _ in 0..<maxIterations {
            // (p,d)·(d,d) -> (p,d): rows of z are C·q_i (C symmetric).
            dgemm(m: p, n: d, k: d, q, lda: d, false, c, ldb: d, false, &z, ldc: d)
            // (p,d)·(d,p) -> (p,p): Rayleigh quotient matrix Qᵀ C Q.
            dgemm(m: p, n: p, k: d, z, lda: d, false, q, ldb: d, true, &t, ldc: p)
            for i in 0..<p { for j in 0..<i { let m = (t[i * p + j] + t[j * p + i]) / 2; t[i * p + j] = m; t[j * p + i] = m } }
            let (ritz, w) = jacobi(t, n: p)
            values = ritz
            // Ritz vectors Wᵀ·Q and their images Wᵀ·Z: (p,p)·(p,d) -> (p,d).
            dgemm(m: p, n: d, k: p, w, lda: p, true, q, ldb: d, false, &rotated, ldc: d)
            swap(&q, &rotated)
            dgemm(m: p, n: d, k: p, w, lda: p, true, z, ldb: d, false, &rotated, ldc: d)
            var worst = 0.0
            for i in 0..<k {
                var r = 0.0
                for j in 0..<d { let e = rotated[i * d + j] - ritz[i] * q[i * d + j]; r += e * e }
                worst = max(worst, r.squareRoot())
            }
            if worst <= tolerance * max(abs(ritz[0]), .leastNormalMagnitude) { break }
            swap(&q, &rotated)
            orthonormalizeRows(&q, rows: p, cols: d)
        }
        return (Array(values.prefix(k)), Array(q.prefix(k * d)))
    }

    /// Modified Gram–Schmidt (two passes) on the rows of `m`; a row that collapses is replaced by the
    /// first unit vector that stays independent of the rows before it.
    static func orthonormalizeRows(_ m: inout [Double], rows: Int, cols: Int) {
        m.withUnsafeMutableBufferPointer { mb in
            let m = mb.baseAddress!
            for i in 0..<rows {
                let row = m + i * cols
                var candidate = -1
                while true {
                    for _ in 0..<2 {
                        for j in 0..<i {
                            var dot = 0.0
                            for c in 0..<cols { dot += row[c] * m[j * cols + c] }
                            for c in 0..<cols { row[c] -= dot * m[j * cols + c] }
                        }
                    }
                    var norm = 0.0
                    for c in 0..<cols { norm += row[c] * row[c] }
                    norm = norm.squareRoot()
                    if norm > (candidate < 0 ? 1e-12 : 0.5) || candidate >= cols - 1 {
                        for c in 0..<cols { row[c] /= max(norm, .leastNormalMagnitude) }
                        break
                    }
                    candidate += 1
                    for c in 0..<cols { row[c] = c == candidate ? 1 : 0 }
                }
            }
        }
    }
}
