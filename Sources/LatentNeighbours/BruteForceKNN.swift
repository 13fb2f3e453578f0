import LatentCore

/// Exact k-nearest-neighbour search by blocked distance products, for high-dimensional points.
///
/// Squared distances come from `||q||^2 + ||p||^2 - 2 q·p` with the products done by LatentCore's `gemm` over
/// tiles of `queryBlock x pointBlock`, so memory stays `O(queryBlock * pointBlock)`. The kept
/// candidates' distances are then recomputed exactly and re-sorted.
enum BruteForceKNN {
    static let queryBlock = 512
    static let pointBlock = 4096

    /// Squared norm of each row of `m`.
    static func rowNorms(_ m: Matrix) -> [Float] {
        var out = [Float](repeating: 0, count: m.rows)
        for r in 0..<m.rows {
            let p = m.row(r)
            var s: Float = 0
            for c in 0..<m.cols { s += p[c] * p[c] }
            out[r] = s
        }
        return out
    }

    /// The `k` nearest rows of `points` for every row of `queries`; when `excludeSelf`, query row `i`
    /// never gets point `i`.
    static func search(points: Matrix, pointNorms: [Float], queries: Matrix, k: Int,
                       excludeSelf: Bool) -> Neighbors {
        let n = points.rows, d = points.cols, nq = queries.rows
        var result = Neighbors(queryCount: nq, k: k)
        let queryNorms = rowNorms(queries)
        let qb = min(queryBlock, max(nq, 1)), pb = min(pointBlock, max(n, 1))
        let tile = UnsafeMutablePointer<Float>.allocate(capacity: qb * pb)
        defer { tile.deallocate() }
        var filled = [Int](repeating: 0, count: qb)
        result.distances.withUnsafeMutableBufferPointer { distBuf in
            result.indices.withUnsafeMutableBufferPointer { idxBuf in
                let dist = distBuf.baseAddress!, idx = idxBuf.baseAddress!
                for q0 in stride(from: 0, to: nq, by: qb) {
                    let q1 = min(q0 + qb, nq)
                    for i in 0..<(q1 - q0) { filled[i] = 0 }
                    for p0 in stride(from: 0, to: n, by: pb) {
                        let p1 = min(p0 + pb, n)
                        // (bq,d)·(d,bp) -> (bq,bp)
                        gemm(m: q1 - q0, n: p1 - p0, k: d, queries.row(q0), lda: d, false, points.row(p0), ldb: d, true,
                             tile, ldc: p1 - p0)
                        for qi in q0..<q1 {
                            var top = TopK(keys: dist + qi * k, indices: idx + qi * k, k: k, filled: filled[qi - q0])
                            let row = tile + (qi - q0) * (p1 - p0)
                            let qn = queryNorms[qi]
                            for p in p0..<p1 {
                                if excludeSelf && p == qi { continue }
                                let dd = max(0, qn + pointNorms[p] - 2 * row[p - p0])
                                if dd <= top.worst { top.insert(dd, Int32(p)) }
                            }
                            filled[qi - q0] = top.filled
                        }
                    }
                    // Exact distances for the kept candidates, re-sorted.
                    for qi in q0..<q1 {
                        var top = TopK(keys: dist + qi * k, indices: idx + qi * k, k: k)
                        let cand = (0..<k).map { idx[qi * k + $0] }
                        for c in cand {
                            top.insert(squaredDistance(queries.row(qi), points.row(Int(c)), d), c)
                        }
                    }
                }
                for i in 0..<(nq * k) { dist[i] = dist[i].squareRoot() }
            }
        }
        return result
    }
}
