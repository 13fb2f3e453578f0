import LatentCore
/// The `k` nearest neighbours of each query, nearest first (ties broken by the smaller index).
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

    /// The neighbour indices of query `q`, nearest first.
    public func indices(of q: Int) -> ArraySlice<Int32> { indices[(q * k)..<(q * k + k)] }

    /// The neighbour distances of query `q`, nearest first.
    public func distances(of q: Int) -> ArraySlice<Float> { distances[(q * k)..<(q * k + k)] }
}

/// A bounded sorted list of the best `k` (squared distance, index) pairs, living in caller-owned storage.
struct TopK {
    let dist: UnsafeMutablePointer<Float>
    let idx: UnsafeMutablePointer<Int32>
    let k: Int
    private(set) var filled = 0

    /// An empty list writing into `dist[0..<k]` and `idx[0..<k]`.
    init(dist: UnsafeMutablePointer<Float>, idx: UnsafeMutablePointer<Int32>, k: Int) {
        self.dist = dist; self.idx = idx; self.k = k
    }

    /// Continues a list whose first `filled` entries are already sorted in the storage.
    mutating func restore(filled: Int) { self.filled = filled }

    /// The largest kept distance, or +infinity while fewer than `k` are kept.
    @inline(__always) var worst: Float { filled < k ? .infinity : dist[k - 1] }

    /// Whether `(d, i)` orders strictly before `(e, j)`.
    @inline(__always) static func before(_ d: Float, _ i: Int32, _ e: Float, _ j: Int32) -> Bool {
        d < e || (d == e && i < j)
    }

    /// Keeps `(d, i)` when it is among the best `k` seen so far.
    @inline(__always) mutating func insert(_ d: Float, _ i: Int32) {
        var pos: Int
        if filled < k {
            pos = filled
            filled += 1
        } else {
            if !TopK.before(d, i, dist[k - 1], idx[k - 1]) { return }
            pos = k - 1
        }
        while pos > 0 && TopK.before(d, i, dist[pos - 1], idx[pos - 1]) {
            dist[pos] = dist[pos - 1]; idx[pos] = idx[pos - 1]
            pos -= 1
        }
        dist[pos] = d; idx[pos] = i
    }
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
