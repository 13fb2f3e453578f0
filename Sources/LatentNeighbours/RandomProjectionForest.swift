import LatentCore

/// A random-projection tree's leaves: the points cut into small groups of near neighbours.
///
/// Each node picks two of its points at random and splits its points by the hyperplane halfway between
/// them (normal `x_a - x_b`), so every cut follows the data; points on the plane, and nodes whose cut
/// leaves one side empty (duplicates), are split evenly instead. Nodes stop at `leafSize` points.
/// NN-descent starts from the neighbours each point finds in its leaves (as pynndescent does).
struct RandomProjectionTree: Sendable {
    /// Point indices grouped by leaf, (n).
    let order: [Int32]
    /// Leaf `l` holds `order[leafStart[l] ..< leafStart[l + 1]]`, (leaves + 1).
    let leafStart: [Int32]
    /// The leaf of each point, (n).
    let leafOf: [Int32]

    /// Number of leaves.
    var leafCount: Int { leafStart.count - 1 }

    /// The tree of the rows of `points` (n, d) with leaves of at most `leafSize` (>= 2) points; the same
    /// `seed` gives the same tree.
    init(points: Matrix, leafSize: Int, seed: UInt64) {
        precondition(leafSize >= 2, "leaves need room for two points")
        let n = points.rows, d = points.cols
        var rng = Rng(seed: seed)
        var order = (0..<n).map { Int32($0) }
        var scratch = [Int32](repeating: 0, count: n)
        var margins = [Float](repeating: 0, count: n)
        var normal = [Float](repeating: 0, count: d)
        var starts: [Int32] = [0]
        // depth-first, left before right, so leaves come out in a fixed order
        var stack: [(Int, Int)] = [(0, n)]
        while let (lo, hi) = stack.popLast() {
            if hi - lo <= leafSize { if hi > lo { starts.append(Int32(hi)) }; continue }
            let a = Int(order[lo + rng.int(below: hi - lo)])
            var b = Int(order[lo + rng.int(below: hi - lo - 1)])
            if b == a { b = Int(order[hi - 1]) }
            // normal (d) = x_a - x_b; offset = normal · (x_a + x_b) / 2
            let xa = points.row(a), xb = points.row(b)
            var offset: Float = 0
            for c in 0..<d { normal[c] = xa[c] - xb[c]; offset += normal[c] * (xa[c] + xb[c]) * 0.5 }
            var left = 0
            normal.withUnsafeBufferPointer { nb in
                for p in lo..<hi {
                    let m = SIMDDistance.dot(points.row(Int(order[p])), nb.baseAddress!, d) - offset
                    margins[p] = m
                    if m > 0 { left += 1 }
                }
            }
            var l = lo, r = hi
            if left == 0 || left == hi - lo {
                // degenerate cut (all points on one side or on the plane): halve the node as it stands
                stack.append((lo + (hi - lo) / 2, hi)); stack.append((lo, lo + (hi - lo) / 2))
                continue
            }
            for p in lo..<hi {
                if margins[p] > 0 { scratch[l] = order[p]; l += 1 } else { r -= 1; scratch[r] = order[p] }
            }
            for p in lo..<hi { order[p] = scratch[p] }
            stack.append((l, hi)); stack.append((lo, l))
        }
        var leafOf = [Int32](repeating: 0, count: n)
        for leaf in 0..<(starts.count - 1) {
            for p in Int(starts[leaf])..<Int(starts[leaf + 1]) { leafOf[Int(order[p])] = Int32(leaf) }
        }
        self.order = order
        leafStart = starts
        self.leafOf = leafOf
    }

    private init(order: [Int32], leafStart: [Int32], leafOf: [Int32]) {
        self.order = order; self.leafStart = leafStart; self.leafOf = leafOf
    }

    /// The same tree over the points renumbered in its own leaf order (point `order[p]` becomes `p`), so
    /// that every leaf is a contiguous run of rows.
    func inLeafOrder() -> RandomProjectionTree {
        let n = order.count
        var renumbered = [Int32](repeating: 0, count: n)
        for p in 0..<n { renumbered[p] = leafOf[Int(order[p])] }
        return RandomProjectionTree(order: (0..<n).map { Int32($0) }, leafStart: leafStart, leafOf: renumbered)
    }

    /// The points sharing point `i`'s leaf (itself included).
    @inline(__always) func leafMembers(of i: Int) -> ArraySlice<Int32> {
        let leaf = Int(leafOf[i])
        return order[Int(leafStart[leaf])..<Int(leafStart[leaf + 1])]
    }
}

/// Independent random-projection trees over the same points, built in parallel (one tree per chunk of
/// the thread team); tree `t` is seeded from `seed` and `t` alone, so the forest never depends on timing.
struct RandomProjectionForest: Sendable {
    /// The trees, in seed order.
    let trees: [RandomProjectionTree]

    /// `count` trees of the rows of `points` (n, d) with leaves of at most `leafSize` points; with `first`,
    /// that tree is tree 0 and `count - 1` more are built.
    init(points: Matrix, count: Int, leafSize: Int, seed: UInt64, first: RandomProjectionTree? = nil) {
        let skip = first == nil ? 0 : 1
        var built = [RandomProjectionTree?](repeating: nil, count: count)
        built[0] = first
        built.withUnsafeMutableBufferPointer { slots in
            let shared = SharedPointer(slots.baseAddress!)
            Parallel.run(chunks: count - skip) { c in
                let t = c + skip
                shared.base[t] = RandomProjectionTree(points: points, leafSize: leafSize, seed: mixHash(seed, UInt64(t)))
            }
        }
        trees = built.map { $0! }
    }
}
