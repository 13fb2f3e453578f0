import Foundation

/// The k nearest neighbours of every training sample in data space with their symmetric fuzzy graph.
///
/// Built once outside the model (a kNN search on a PCA projection) and handed to `NeighbourTerm`: the
/// smooth form pulls along `neighbours`, the `umap` form samples edges from `fuzzy`. A checkpoint stores
/// the neighbours' indices and distances, from which the fuzzy graph is rebuilt bit for bit.
public struct NeighbourGraph: Sendable {
    /// The kNN graph: n rows of k neighbours, nearest first, self excluded.
    public let neighbours: Neighbors
    /// The symmetric weighted graph of `neighbours`.
    public let fuzzy: FuzzyGraph

    /// The graph of `neighbours` (one row per sample, self excluded) and its fuzzy union.
    public init(_ neighbours: Neighbors) {
        self.neighbours = neighbours
        fuzzy = FuzzyGraph(k: neighbours.k, indices: neighbours.indices, distances: neighbours.distances)
    }

    /// Neighbours per sample.
    public var k: Int { neighbours.k }
    /// Row-major (n, k) neighbour indices, nearest first.
    public var indices: [Int32] { neighbours.indices }
    /// Row-major (n, k) neighbour distances matching `indices`.
    public var distances: [Float] { neighbours.distances }
    /// Number of samples n.
    public var count: Int { neighbours.queryCount }
}

/// A symmetric weighted neighbour graph in compressed rows, as UMAP builds it from a kNN graph.
///
/// Each point i gets a local scale: rho_i is the distance to its nearest neighbour and sigma_i solves
/// sum_j exp(-(d_ij - rho_i) / sigma_i) = log2(k), so every point has the same total membership however
/// dense its region. The directed memberships w_ij = exp(-(d_ij - rho_i) / sigma_i) in (0, 1] are then
/// combined as a fuzzy union, w = w_ij + w_ji - w_ij w_ji. Every edge is stored in both rows.
public struct FuzzyGraph: Sendable {
    /// Row i's edges are `start[i] ..< start[i + 1]` (n + 1 entries).
    public let start: [Int]
    /// Edge targets, ascending within a row.
    public let targets: [Int32]
    /// Edge weights in (0, 1].
    public let weights: [Float]

    init(start: [Int], targets: [Int32], weights: [Float]) {
        self.start = start; self.targets = targets; self.weights = weights
    }

    /// A graph given in compressed rows: node i has edges to `targets[start[i] ..< start[i + 1]]` of
    /// `weights` (both directions stored). Throws a sentence when the rows, targets and weights disagree
    /// or a target is not a node.
    public init(checkedStart start: [Int], targets: [Int32], weights: [Float]) throws {
        let n = start.count - 1
        try NeighbourError.require(n >= 0 && start.first == 0 && zip(start, start.dropFirst()).allSatisfy { $0 <= $1 },
            "a graph's row starts must begin at 0 and never decrease, got \(start.prefix(8)).")
        try NeighbourError.require(targets.count == weights.count && start.last == targets.count,
            "a graph has \(targets.count) targets, \(weights.count) weights and \(start.last ?? 0) edges in its rows.")
        try NeighbourError.require(targets.allSatisfy { $0 >= 0 && Int($0) < n },
            "a graph refers to a node outside 0 to \(n - 1).")
        self.init(start: start, targets: targets, weights: weights)
    }

    /// Number of rows n (0 when empty).
    public var count: Int { start.count - 1 }
    /// Number of stored (directed) edges, twice the number of undirected ones.
    public var edgeCount: Int { targets.count }

    /// The directed memberships w_ij = exp(-(d_ij - rho_i) / sigma_i) of rows of `k` neighbour distances
    /// (`distances` is (n, k), nearest first): rho_i is the row's nearest non-zero distance and sigma_i solves
    /// sum_j w_ij = log2(k), floored at 1e-3 of the mean distance as UMAP does. Returns (n, k) values in (0, 1].
    /// The same for the kNN graph of training rows and for new points' neighbours among them (transform).
    public static func memberships(k: Int, distances: [Float]) -> [Float] {
        precondition(k >= 1 && distances.count % k == 0, "neighbour distances must be n x k")
        let n = distances.count / k
        let target = Float(log2(Double(k)))
        var member = [Float](repeating: 0, count: n * k)
        var meanDistance: Double = 0
        for v in distances { meanDistance += Double(v) }
        meanDistance /= Double(max(1, distances.count))
        for i in 0..<n {
            let d = distances[(i * k)..<(i * k + k)]
            let rho = d.first(where: { $0 > 0 }) ?? 0
            func total(_ sigma: Float) -> Float { d.reduce(0) { $0 + expf(-max(0, $1 - rho) / sigma) } }
            // total() grows with sigma: bisect on a log scale
            var lo: Float = 1e-8, hi: Float = 1e8
            for _ in 0..<64 {
                let mid = (lo * hi).squareRoot()
                if total(mid) > target { hi = mid } else { lo = mid }
            }
            // floor, as UMAP: a point in a crowd of duplicates must not get an infinitely sharp kernel
            let sigma = max((lo * hi).squareRoot(), 1e-3 * Float(meanDistance))
            for t in 0..<k { member[i * k + t] = expf(-max(0, d[d.startIndex + t] - rho) / sigma) }
        }
        return member
    }

    /// The fuzzy union of the kNN graph's memberships; `indices` and `distances` are (n, k), nearest first.
    init(k: Int, indices: [Int32], distances: [Float]) {
        let n = indices.count / k
        let member = FuzzyGraph.memberships(k: k, distances: distances)   // directed, (n, k)
        // both directions of every directed edge, bucketed by row
        var degree = [Int](repeating: 0, count: n + 1)
        for e in 0..<(n * k) { degree[e / k] += 1; degree[Int(indices[e])] += 1 }
        var rowStart = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { rowStart[i + 1] = rowStart[i] + degree[i] }
        var fill = rowStart
        var raw = [(Int32, Float)](repeating: (0, 0), count: rowStart[n])   // (target, membership)
        for e in 0..<(n * k) {
            let i = e / k, j = Int(indices[e]), w = member[e]
            raw[fill[i]] = (Int32(j), w); fill[i] += 1
            raw[fill[j]] = (Int32(i), w); fill[j] += 1
        }
        // merge: (i, j) holds w_ij (own) and w_ji (mirrored) at most once each
        var s = [0], tg: [Int32] = [], wt: [Float] = []
        tg.reserveCapacity(rowStart[n]); wt.reserveCapacity(rowStart[n])
        for i in 0..<n {
            let row = raw[rowStart[i]..<rowStart[i + 1]].sorted { $0.0 < $1.0 }
            var p = row.startIndex
            while p < row.endIndex {
                var w = row[p].1
                if p + 1 < row.endIndex && row[p + 1].0 == row[p].0 {
                    let v = row[p + 1].1
                    w = w + v - w * v
                    p += 1
                }
                if w > 0 && Int(row[p].0) != i { tg.append(row[p].0); wt.append(min(w, 1)) }
                p += 1
            }
            s.append(tg.count)
        }
        self.init(start: s, targets: tg, weights: wt)
    }
}
