import LatentCore

/// Exact k-nearest-neighbour search over the rows of a matrix (Euclidean distance).
///
/// Low-dimensional points (embeddings) use a k-d tree; high-dimensional ones use blocked brute force
/// through LatentCore's `gemm`. Both return identical neighbours up to float rounding, nearest first.
public final class KNNIndex: @unchecked Sendable {
    /// How the index searches.
    public enum Method: Sendable {
        /// k-d tree when there are at most `kdTreeMaxDimension` columns, brute force otherwise.
        case automatic
        /// Always a k-d tree (fast for dimension up to about 8).
        case kdTree
        /// Always blocked brute force via `gemm`.
        case bruteForce
    }

    /// Widest dimension for which `.automatic` picks the k-d tree.
    public static let kdTreeMaxDimension = 6
    /// The indexed points (not copied; do not mutate while the index is in use).
    public let points: Matrix
    /// The method actually used (`.kdTree` or `.bruteForce`).
    public let method: Method
    private let tree: KDTree?
    private let norms: [Float]

    /// An index over the rows of `points`.
    public init(points: Matrix, method: Method = .automatic) {
        self.points = points
        let useTree: Bool
        switch method {
        case .automatic: useTree = points.cols <= KNNIndex.kdTreeMaxDimension
        case .kdTree: useTree = true
        case .bruteForce: useTree = false
        }
        self.method = useTree ? .kdTree : .bruteForce
        tree = useTree ? KDTree(points) : nil
        norms = useTree ? [] : BruteForceKNN.rowNorms(points)
    }

    /// The `k` nearest indexed points of every row of `queries`. With `excludeSelf`, query row `i` is
    /// taken to be indexed point `i` and never returns it (then `queries.rows` must equal the point count).
    public func query(_ queries: Matrix, k: Int, excludeSelf: Bool = false) throws -> Neighbors {
        try NeighbourError.require(queries.cols == points.cols,
            "kNN queries have \(queries.cols) columns but the index holds \(points.cols)-column points.")
        try NeighbourError.require(!excludeSelf || queries.rows == points.rows,
            "kNN with excludeSelf needs one query per indexed point (\(points.rows)), got \(queries.rows).")
        let available = points.rows - (excludeSelf ? 1 : 0)
        try NeighbourError.require(k >= 1 && k <= available,
            "k must be between 1 and \(available) for \(points.rows) indexed points, got \(k).")
        if let tree { return treeSearch(tree, queries, k: k, excludeSelf: excludeSelf) }
        return BruteForceKNN.search(points: points, pointNorms: norms, queries: queries, k: k,
                                    excludeSelf: excludeSelf)
    }

    /// The `k` nearest other indexed points of every indexed point.
    public func selfNeighbors(k: Int) throws -> Neighbors {
        try query(points, k: k, excludeSelf: true)
    }

    private func treeSearch(_ tree: KDTree, _ queries: Matrix, k: Int, excludeSelf: Bool) -> Neighbors {
        let nq = queries.rows
        var result = Neighbors(queryCount: nq, k: k)
        let chunk = 2048
        let chunks = (nq + chunk - 1) / chunk
        result.distances.withUnsafeMutableBufferPointer { distBuf in
            result.indices.withUnsafeMutableBufferPointer { idxBuf in
                let distShared = SharedPointer(distBuf.baseAddress!), idxShared = SharedPointer(idxBuf.baseAddress!)
                parallelChunks(chunks) { c in
                    let dist = distShared.base, idx = idxShared.base
                    let stack = UnsafeMutablePointer<(Int32, Float)>.allocate(capacity: tree.stackCapacity)
                    defer { stack.deallocate() }
                    for q in (c * chunk)..<min(nq, (c + 1) * chunk) {
                        var top = TopK(keys: dist + q * k, indices: idx + q * k, k: k)
                        tree.search(queries.row(q), exclude: excludeSelf ? Int32(q) : -1, top: &top, stack: stack)
                        for j in 0..<k { dist[q * k + j] = dist[q * k + j].squareRoot() }
                    }
                }
            }
        }
        return result
    }
}
