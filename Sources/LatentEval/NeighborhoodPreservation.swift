import LatentCore
import LatentNeighbours

/// Trustworthiness and continuity of an embedding at `k` neighbours (Venna & Kaski).
///
/// Trustworthiness penalises embedding neighbours that are far in the data:
/// `T = 1 - 2/(m k (2m - 3k - 1)) * sum_i sum_{j in N_k^Y(i)} max(0, r^X(i,j) - k)` where `r^X(i,j)` is
/// the rank of `j` among `i`'s neighbours in the data (1 = nearest), exactly as
/// `sklearn.manifold.trustworthiness`. Continuity swaps the roles of data and embedding.
public struct NeighborhoodPreservation: Sendable, CustomStringConvertible {
    /// Neighbourhood size.
    public let k: Int
    /// Number of points the scores were computed on.
    public let sampleCount: Int
    /// Trustworthiness in [0, 1] (1 = no false embedding neighbours).
    public let trustworthiness: Double
    /// Continuity in [0, 1] (1 = no data neighbours torn apart).
    public let continuity: Double

    /// One line with both scores.
    public var description: String {
        "trustworthiness \(rounded(trustworthiness)), continuity \(rounded(continuity)) (k=\(k), \(sampleCount) points)"
    }

    /// Scores of `embedding` (n x e) against `data` (n x d) on all n points.
    public static func evaluate(data: Matrix, embedding: Matrix, k: Int) throws -> NeighborhoodPreservation {
        try validate(data: data, embedding: embedding, k: k, m: data.rows)
        return try compute(data: data, embedding: embedding, k: k)
    }

    /// Scores on `subsample` points drawn by `rng` (all points when nil or not smaller than n); ranks
    /// are taken among the sampled points only.
    public static func evaluate(data: Matrix, embedding: Matrix, k: Int, subsample: Int?,
                                rng: inout Rng) throws -> NeighborhoodPreservation {
        let n = data.rows
        guard let m = subsample, m < n else { return try evaluate(data: data, embedding: embedding, k: k) }
        try validate(data: data, embedding: embedding, k: k, m: m)
        let rows = Array(rng.permutation(n).prefix(m)).sorted()
        return try compute(data: data.gatherRows(rows), embedding: embedding.gatherRows(rows), k: k)
    }

    private static func validate(data: Matrix, embedding: Matrix, k: Int, m: Int) throws {
        try EvalError.require(data.rows == embedding.rows,
            "trustworthiness needs one embedding row per data row: data has \(data.rows), embedding \(embedding.rows).")
        try EvalError.require(m >= 4, "trustworthiness needs at least 4 points, got \(m).")
        try EvalError.require(k >= 1 && 2 * k < m,
            "k must be at least 1 and below half the \(m) points for trustworthiness, got \(k).")
    }

    private static func compute(data: Matrix, embedding: Matrix, k: Int) throws -> NeighborhoodPreservation {
        let m = data.rows
        let dataSpace = DistanceRows(data), embedSpace = DistanceRows(embedding)
        let embedNeighbors = try KNNIndex(points: embedding).selfNeighbors(k: k).indices
        var dataNeighbors = [Int32](repeating: 0, count: m * k)
        let tPenalty = rankPenalty(dataSpace, targets: embedNeighbors, k: k, keepNeighbors: &dataNeighbors)
        var unused: [Int32] = []
        let cPenalty = rankPenalty(embedSpace, targets: dataNeighbors, k: k, keepNeighbors: &unused)
        let scale = 2.0 / (Double(m) * Double(k) * (2.0 * Double(m) - 3.0 * Double(k) - 1.0))
        return NeighborhoodPreservation(k: k, sampleCount: m, trustworthiness: 1 - scale * tPenalty,
                                        continuity: 1 - scale * cPenalty)
    }

    /// Sum over rows `i` and targets `j` (row-major m x k) of `max(0, rank(i,j) - k)` with ranks in
    /// `space`. When `keepNeighbors` is non-empty it receives each row's k nearest in `space`.
    private static func rankPenalty(_ space: DistanceRows, targets: [Int32], k: Int,
                                    keepNeighbors: inout [Int32]) -> Double {
        let m = space.data.rows
        let block = max(1, min(m, (1 << 22) / max(m, 1)))   // about 16 MB of distances per block
        let dist = UnsafeMutablePointer<Float>.allocate(capacity: block * m)
        defer { dist.deallocate() }
        let keep = !keepNeighbors.isEmpty
        var rowPenalty = [Double](repeating: 0, count: m)
        targets.withUnsafeBufferPointer { tb in
            rowPenalty.withUnsafeMutableBufferPointer { pb in
                keepNeighbors.withUnsafeMutableBufferPointer { kb in
                    let t = SharedPointer(UnsafeMutablePointer(mutating: tb.baseAddress!))
                    let pen = SharedPointer(pb.baseAddress!)
                    let kept = SharedPointer(kb.baseAddress ?? UnsafeMutablePointer(mutating: tb.baseAddress!))
                    let d = SharedPointer(dist)
                    for r0 in stride(from: 0, to: m, by: block) {
                        let r1 = min(m, r0 + block)
                        space.fill(r0, r1, into: dist)
                        let rowsPerChunk = 16
                        parallelChunks((r1 - r0 + rowsPerChunk - 1) / rowsPerChunk) { c in
                            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * k + 2)
                            let hist = UnsafeMutablePointer<Int>.allocate(capacity: k + 1)
                            let topDist = UnsafeMutablePointer<Float>.allocate(capacity: k)
                            defer { scratch.deallocate(); hist.deallocate(); topDist.deallocate() }
                            for i in (r0 + c * rowsPerChunk)..<min(r1, r0 + (c + 1) * rowsPerChunk) {
                                let row = d.base + (i - r0) * m
                                pen.base[i] = penalty(row: row, m: m, targets: t.base + i * k, k: k,
                                                      sorted: scratch, hist: hist)
                                if keep {
                                    var top = TopK(keys: topDist, indices: kept.base + i * k, k: k)
                                    for j in 0..<m where row[j] <= top.worst { top.insert(row[j], Int32(j)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return rowPenalty.reduce(0, +)
    }

    /// `sum_j max(0, rank(j) - k)` for one row, where rank(j) = 1 + #{l : row[l] < row[j]}.
    @inline(__always)
    private static func penalty(row: UnsafeMutablePointer<Float>, m: Int, targets: UnsafePointer<Int32>,
                                k: Int, sorted s: UnsafeMutablePointer<Float>,
                                hist: UnsafeMutablePointer<Int>) -> Double {
        for q in 0..<k { s[q] = row[Int(targets[q])] }
        // Insertion sort of the k thresholds (k is small).
        for a in 1..<max(k, 1) {
            let v = s[a]; var b = a
            while b > 0 && s[b - 1] > v { s[b] = s[b - 1]; b -= 1 }
            s[b] = v
        }
        for q in 0...k { hist[q] = 0 }
        let last = s[k - 1], first = s[0]
        for l in 0..<m {
            let v = row[l]
            if v >= last { hist[k] += 1; continue }      // common case: beyond every threshold
            if v < first { hist[0] += 1; continue }
            var lo = 1, hi = k - 1                        // find p = #{q : s[q] <= v}, 1 <= p <= k-1
            while lo < hi {
                let mid = (lo + hi) >> 1
                if s[mid] <= v { lo = mid + 1 } else { hi = mid }
            }
            hist[lo] += 1
        }
        var total = 0.0, less = 0
        for q in 0..<k {
            less += hist[q]                               // #{l : row[l] < s[q]}
            let excess = 1 + less - k
            if excess > 0 { total += Double(excess) }
        }
        return total
    }
}

private func rounded(_ x: Double) -> String {
    let scaled = (x * 10_000).rounded() / 10_000
    return String(scaled)
}
