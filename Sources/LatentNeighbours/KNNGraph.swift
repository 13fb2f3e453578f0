import LatentCore

/// The k-nearest-neighbour graph of a point set, exact or approximate, chosen by size.
///
/// Exact search (`KNNIndex`, blocked brute force) costs O(n^2 d): 10-20 s at 60000 points in 50-D on two
/// cores, and hours at a million. NN-descent (`NNDescent`) costs roughly O(n k^2 d) per iteration and
/// finds about 99% of the true neighbours of PCA-projected images (docs/neighbour-graph.md).
public enum KNNGraph {
    /// How the graph is built.
    public enum Method: String, CaseIterable, Sendable {
        /// Exact search.
        case exact
        /// NN-descent from a random-projection forest.
        case approx
        /// Exact up to `approximateAbove` points, approximate beyond.
        case auto
    }

    /// Largest point count `auto` builds exactly. Below it exact search takes under a second on two cores
    /// and is no slower than NN-descent; above it exact time grows as n^2 and NN-descent wins.
    public static let approximateAbove = 20_000

    /// `method` with `auto` resolved for `n` points.
    public static func resolve(_ method: Method, count n: Int) -> Method {
        method == .auto ? (n > approximateAbove ? .approx : .exact) : method
    }

    /// The `k` nearest other points of every row of `points` (n, d), nearest first, by `method`;
    /// approximate builds are seeded with `seed`.
    public static func selfNeighbors(_ points: Matrix, k: Int, method: Method = .auto, seed: UInt64 = 1) throws -> Neighbors {
        try NeighbourError.require(points.rows >= 2, "a neighbour graph needs at least 2 points, got \(points.rows).")
        try NeighbourError.require(k >= 1 && k <= points.rows - 1,
            "k must be between 1 and \(points.rows - 1) for \(points.rows) points, got \(k).")
        switch resolve(method, count: points.rows) {
        case .approx:
            var options = NNDescent.Options()
            options.seed = seed
            return try NNDescent.selfNeighbors(points, k: k, options: options)
        default:
            return try KNNIndex(points: points).selfNeighbors(k: k)
        }
    }

    /// Share of `exact`'s neighbours that `approx` found (recall@k), averaged over rows; both must have
    /// the same rows and k.
    public static func recall(_ approx: Neighbors, of exact: Neighbors) throws -> Double {
        try NeighbourError.require(approx.queryCount == exact.queryCount && approx.k == exact.k,
            "recall compares graphs of the same shape, got \(approx.queryCount) x \(approx.k) and \(exact.queryCount) x \(exact.k).")
        let n = exact.queryCount, k = exact.k
        var hits = 0
        for q in 0..<n {
            let truth = exact.indices(of: q)
            for j in approx.indices(of: q) where truth.contains(j) { hits += 1 }
        }
        return n == 0 ? 1 : Double(hits) / Double(n * k)
    }
}
