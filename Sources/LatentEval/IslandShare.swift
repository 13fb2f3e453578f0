import LatentCore
import LatentNeighbours

/// How whole each class is on a map: for every class, the share of its points in the largest connected
/// component of the kNN graph of that class's points on the map (k = `defaultK`, each point joined to its
/// k nearest points of the same class, edges taken undirected), averaged over the classes.
///
/// A class drawn as one island scores 1; a class split into two islands of 60% and 40% of its points
/// scores 0.6 (as long as each island has more than k points, so that no point's k nearest classmates
/// reach across). Classes with at most k points count as whole when their points form one component of
/// the complete graph, so they always score 1.
public enum IslandShare {
    /// Neighbours per point of each class's map graph (UMAP's default n_neighbors).
    public static let defaultK = 15

    /// The measure and its per-class parts.
    public struct Result: Sendable {
        /// Mean over classes of `classShares`.
        public let share: Double
        /// Per class (in `classes` order): points in its largest component / its points.
        public let classShares: [Double]
        /// Per class: the number of components of its graph.
        public let components: [Int]
        /// The classes, ascending.
        public let classes: [Int32]
    }

    /// The island share of `embedding` (n, dims) labelled by `labels` (n values).
    public static func evaluate(embedding: Matrix, labels: [Int32], k: Int = defaultK) throws -> Result {
        try EvalError.require(labels.count == embedding.rows,
            "the island share needs one label per point: \(labels.count) labels for \(embedding.rows) points.")
        try EvalError.require(k >= 1, "the island share needs k >= 1, got \(k).")
        try EvalError.require(embedding.rows > 0, "the island share needs at least one point.")
        var members: [Int32: [Int]] = [:]
        for (i, c) in labels.enumerated() { members[c, default: []].append(i) }
        let classes = members.keys.sorted()
        var shares: [Double] = [], counts: [Int] = []
        for c in classes {
            let rows = members[c]!
            let m = rows.count
            guard m > k + 1 else { shares.append(1); counts.append(1); continue }
            let points = embedding.gatherRows(rows)                       // (m, dims)
            let nb = try KNNIndex(points: points).selfNeighbors(k: k)     // (m, k)
            let (label, components) = ConnectedComponents.labels(count: m, edges: (0..<(m * k)).lazy.map {
                ($0 / k, Int(nb.indices[$0]))
            })
            var size = [Int](repeating: 0, count: components)
            for l in label { size[l] += 1 }
            shares.append(Double(size.max()!) / Double(m))
            counts.append(components)
        }
        return Result(share: shares.reduce(0, +) / Double(shares.count), classShares: shares, components: counts,
                      classes: classes)
    }
}
