/// A bounded list of the best `k` (key, index) pairs, ascending by key and then by index, living in
/// caller-owned storage: the one top-k structure of the neighbour code.
///
/// Exact kNN (k-d tree, brute force, the metrics' neighbour sets) keeps squared distances, `TopK<Float>`;
/// each NN-descent row keeps squared distances with a flag per entry that moves with it and no index twice;
/// NN-descent's candidate sampling keeps hashed priorities, `TopK<UInt64>`, no index twice. Ties go to the
/// smaller index, so a list that keeps no index twice ends as the `k` best distinct pairs offered, whatever
/// order they were offered in.
package struct TopK<Key: Comparable> {
    /// Keys, `k` slots; the first `filled` are kept, ascending.
    package let keys: UnsafeMutablePointer<Key>
    /// Indices matching `keys`.
    package let indices: UnsafeMutablePointer<Int32>
    /// A flag per slot that moves with its entry (NN-descent's old/new marks), or nil.
    package let tags: UnsafeMutablePointer<UInt8>?
    /// Capacity.
    package let k: Int
    /// Entries kept so far (at most `k`).
    package var filled: Int

    /// A list writing into `keys[0..<k]`, `indices[0..<k]` (and `tags[0..<k]`) whose first `filled`
    /// entries are already there, sorted.
    @inlinable
    package init(keys: UnsafeMutablePointer<Key>, indices: UnsafeMutablePointer<Int32>, k: Int,
                 tags: UnsafeMutablePointer<UInt8>? = nil, filled: Int = 0) {
        self.keys = keys; self.indices = indices; self.k = k; self.tags = tags; self.filled = filled
    }

    /// Whether `(a, i)` orders strictly before `(b, j)`.
    @inlinable @inline(__always)
    package static func before(_ a: Key, _ i: Int32, _ b: Key, _ j: Int32) -> Bool {
        a < b || (a == b && i < j)
    }

    /// Keeps `(key, index)` (with `tag`) when it is among the best `k` offered so far and, when `distinct`,
    /// `index` is not kept already. Returns whether it was kept.
    @discardableResult @inlinable @inline(__always)
    package mutating func insert(_ key: Key, _ index: Int32, distinct: Bool = false, tag: UInt8 = 0) -> Bool {
        if filled == k && !Self.before(key, index, keys[k - 1], indices[k - 1]) { return false }
        if distinct { for t in 0..<filled where indices[t] == index { return false } }
        var pos: Int
        if filled < k { pos = filled; filled += 1 } else { pos = k - 1 }
        if let tags {
            while pos > 0 && Self.before(key, index, keys[pos - 1], indices[pos - 1]) {
                keys[pos] = keys[pos - 1]; indices[pos] = indices[pos - 1]; tags[pos] = tags[pos - 1]
                pos -= 1
            }
            tags[pos] = tag
        } else {
            while pos > 0 && Self.before(key, index, keys[pos - 1], indices[pos - 1]) {
                keys[pos] = keys[pos - 1]; indices[pos] = indices[pos - 1]
                pos -= 1
            }
        }
        keys[pos] = key; indices[pos] = index
        return true
    }
}

extension TopK where Key == Float {
    /// The largest kept distance, or +infinity while fewer than `k` are kept.
    @inlinable @inline(__always)
    package var worst: Float { filled < k ? .infinity : keys[k - 1] }
}
