/// Every point's current best `k` neighbours during NN-descent, nearest first, with a flag per entry.
///
/// Rows are sorted by (squared distance, index) and hold no index twice, so the rows after a batch of
/// insertions are the `k` best distinct candidates offered, whatever order they came in: that is what makes
/// NN-descent's parallel update phase deterministic. Flags: `old` (already joined), `new` (not yet joined),
/// `fresh` (inserted during the current iteration; counted, then turned into `new`).
final class NeighbourHeaps: @unchecked Sendable {
    static let old: UInt8 = 0, new: UInt8 = 1, fresh: UInt8 = 2

    /// Rows n and neighbours per row k.
    let n: Int, k: Int
    /// Squared distances (n, k), +infinity in empty slots.
    let dist: UnsafeMutablePointer<Float>
    /// Neighbour indices (n, k), -1 in empty slots.
    let idx: UnsafeMutablePointer<Int32>
    /// Entry flags (n, k).
    let flag: UnsafeMutablePointer<UInt8>

    /// `n` empty rows of `k` slots.
    init(n: Int, k: Int) {
        self.n = n; self.k = k
        dist = .allocate(capacity: n * k); dist.initialize(repeating: .infinity, count: n * k)
        idx = .allocate(capacity: n * k); idx.initialize(repeating: -1, count: n * k)
        flag = .allocate(capacity: n * k); flag.initialize(repeating: NeighbourHeaps.old, count: n * k)
    }

    deinit { dist.deallocate(); idx.deallocate(); flag.deallocate() }

    /// Row `i`'s largest kept squared distance (+infinity while the row has an empty slot).
    @inline(__always) func worst(_ i: Int) -> Float { dist[i * k + k - 1] }

    /// Whether row `i` lists `j` (trees share leaf-mates: this skips measuring them again).
    @inline(__always) func contains(_ i: Int, _ j: Int32) -> Bool {
        let ri = idx + i * k
        for t in 0..<k where ri[t] == j { return true }
        return false
    }

    /// Offers `j` at squared distance `d` to row `i`; keeps it (flagged `mark`) when it beats the row's
    /// worst entry and is not already in the row. Returns whether it was kept.
    @discardableResult @inline(__always)
    func insert(_ i: Int, _ j: Int32, _ d: Float, mark: UInt8) -> Bool {
        var row = TopK(keys: dist + i * k, indices: idx + i * k, k: k, tags: flag + i * k, filled: k)
        return row.insert(d, j, distinct: true, tag: mark)
    }
}
