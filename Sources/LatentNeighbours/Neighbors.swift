import LatentCore

/// The `k` nearest neighbours of each query, nearest first (ties broken by the smaller index): the kNN graph
/// type of the package, whether exact (`KNNIndex`) or approximate (`NNDescent`), of a point set itself or of
/// queries among indexed points.
public struct Neighbors: Sendable {
    /// Number of queries (rows).
    public let queryCount: Int
    /// Neighbours per query.
    public let k: Int
    /// Indices into the indexed points, row-major `queryCount x k`.
    public internal(set) var indices: [Int32]
    /// Euclidean distances matching `indices`, row-major `queryCount x k`.
    public internal(set) var distances: [Float]

    /// Storage for `queryCount x k` neighbours, filled by the search routines.
    init(queryCount: Int, k: Int) {
        self.queryCount = queryCount
        self.k = k
        indices = [Int32](repeating: -1, count: queryCount * k)
        distances = [Float](repeating: .infinity, count: queryCount * k)
    }

    /// Neighbours found elsewhere (a checkpoint, a test): `k` per row, `indices` and `distances` row-major
    /// (n, k), nearest first; `indices.count` must be a multiple of `k` and match `distances.count`.
    public init(k: Int, indices: [Int32], distances: [Float]) {
        precondition(k >= 1 && indices.count % k == 0, "neighbour indices must be n x k")
        precondition(distances.count == indices.count, "one distance per neighbour")
        self.queryCount = indices.count / k
        self.k = k
        self.indices = indices
        self.distances = distances
    }

    /// The neighbour indices of query `q`, nearest first.
    public func indices(of q: Int) -> ArraySlice<Int32> { indices[(q * k)..<(q * k + k)] }

    /// The neighbour distances of query `q`, nearest first.
    public func distances(of q: Int) -> ArraySlice<Float> { distances[(q * k)..<(q * k + k)] }
}

/// Squared Euclidean distance between `dim`-vectors `a` and `b`, summed in a fixed order.
@inline(__always)
func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dim: Int) -> Float {
    var s: Float = 0
    for c in 0..<dim {
        let t = a[c] - b[c]
        s += t * t
    }
    return s
}
