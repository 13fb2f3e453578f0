import Foundation
import LatentCore

/// Approximate k-nearest-neighbour graph of a point set by NN-descent (Dong, Charikar & Li 2011) started
/// from a random-projection forest, as pynndescent builds it. Memory O(n · (k + maxCandidates + d)) and
/// O(n · trees) while the forest lives; never an n x n matrix.
///
/// Every point starts with the nearest points of its leaves in a few random-projection trees. Each
/// iteration then gives every point a sample of at most `maxCandidates` neighbours it has not joined
/// yet ("new") and as many it has ("old"), its own and those that list it; all new-new and new-old pairs
/// of that sample are measured and offered to both ends' lists ("a neighbour of a neighbour is likely a
/// neighbour"). It stops when an iteration changes fewer than `delta · n · k` entries, or after
/// `iterations`.
///
/// The work runs on the points renumbered in the first tree's leaf order (a copy, n x d), so that rows
/// measured together sit close in memory; the result is in the caller's numbering.
///
/// Deterministic: the trees and the candidate samples come from `seed` alone (hashes of the seed, the
/// iteration and the point pair, never the visiting order), and the lists after a batch of offers are the
/// best distinct candidates whatever order the threads offered them in (see `NeighbourHeaps`), so the
/// same seed gives the same graph for every thread count.
public enum NNDescent {
    /// Tuning of one build; nil fields follow the point count.
    public struct Options: Sendable {
        /// Random-projection trees (nil: `defaultTrees(n)`).
        public var trees: Int?
        /// Most points in a tree leaf (nil: max(2k, 20), at least k + 1).
        public var leafSize: Int?
        /// New (and old) candidates sampled per point per iteration (nil: max(k, 20)).
        public var maxCandidates: Int?
        /// Most iterations (nil: max(5, round(log2 n))).
        public var iterations: Int?
        /// Stop when an iteration changes fewer than delta · n · k entries.
        public var delta: Double = 0.001
        /// Seed of the trees and the candidate samples.
        public var seed: UInt64 = 1

        /// The defaults.
        public init() {}
    }

    /// Trees for `n` points: 5 + sqrt(n)/40 rounded, at most 12 (pynndescent uses sqrt(n)/20 up to 64;
    /// NN-descent recovers what fewer trees miss, and each tree costs a pass over the points).
    public static func defaultTrees(_ n: Int) -> Int {
        min(12, 5 + Int((Double(n).squareRoot() / 40).rounded()))
    }

    /// What the last build did (for benchmarks and diagnostics).
    public struct Trace: Sendable {
        /// Entries changed by each iteration, in order.
        public var changes: [Int] = []
        /// Trees and leaf size used.
        public var trees = 0, leafSize = 0, maxCandidates = 0
        /// Seconds spent on the forest and the initial lists, and on each iteration.
        public var initSeconds = 0.0, iterationSeconds: [Double] = []

        /// An empty trace.
        public init() {}
    }

    /// The `k` approximate nearest other points of every row of `points` (n, d), nearest first (equal
    /// distances in index order), with Euclidean distances, as (n, k) `Neighbors`; no point lists itself
    /// or a neighbour twice.
    public static func selfNeighbors(_ points: Matrix, k: Int, options: Options = Options()) throws -> Neighbors {
        var trace = Trace()
        return try selfNeighbors(points, k: k, options: options, trace: &trace)
    }

    /// As `selfNeighbors(_:k:options:)`, recording what the build did in `trace`.
    public static func selfNeighbors(_ points: Matrix, k: Int, options: Options, trace: inout Trace) throws -> Neighbors {
        let n = points.rows, d = points.cols
        try NeighbourError.require(n >= 2, "NN-descent needs at least 2 points, got \(n).")
        try NeighbourError.require(d >= 1, "NN-descent needs at least one column.")
        try NeighbourError.require(k >= 1 && k <= n - 1, "k must be between 1 and \(n - 1) for \(n) points, got \(k).")
        try NeighbourError.require(n * k <= Int(Int32.max),
            "NN-descent indexes n x k = \(n * k) edges with 32-bit integers; at most \(Int32.max) fit.")
        for i in 0..<(n * d) where !points.base[i].isFinite {
            throw NeighbourError("NN-descent needs finite coordinates; row \(i / d) column \(i % d) is \(points.base[i]).")
        }
        let leafSize = max(k + 1, options.leafSize ?? max(2 * k, 20))
        let trees = options.trees ?? defaultTrees(n)
        let maxCandidates = options.maxCandidates ?? max(k, 20)
        let iterations = options.iterations ?? max(5, Int(log2(Double(n)).rounded()))
        try NeighbourError.require(trees >= 1, "NN-descent needs at least one tree, got \(trees).")
        try NeighbourError.require(maxCandidates >= 1, "NN-descent needs at least one candidate per point, got \(maxCandidates).")
        try NeighbourError.require(iterations >= 0, "NN-descent iterations must be zero or more, got \(iterations).")
        trace = Trace()
        trace.trees = trees; trace.leafSize = leafSize; trace.maxCandidates = maxCandidates

        func seconds(since t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9 }
        var t0 = DispatchTime.now().uptimeNanoseconds
        // Work on the points renumbered in the leaf order of the first tree: neighbours then sit in
        // nearby rows, so the distance loops hit the cache instead of memory.
        let first = RandomProjectionTree(points: points, leafSize: leafSize, seed: mixHash(options.seed, 0))
        let original = first.order                                   // local row p is point original[p]
        let local = points.gatherRows(original.map { Int($0) })      // (n, d)
        let heaps = NeighbourHeaps(n: n, k: k)
        do {    // the forest (O(n · trees)) is freed before the iterations allocate their buffers
            let forest = RandomProjectionForest(points: local, count: trees, leafSize: leafSize, seed: options.seed,
                                                first: first.inLeafOrder())
            initialise(heaps, local, forest: forest, seed: options.seed)
        }
        trace.initSeconds = seconds(since: t0)
        var join = LocalJoin(heaps: heaps, points: local, maxCandidates: maxCandidates)
        for iteration in 0..<iterations {
            t0 = DispatchTime.now().uptimeNanoseconds
            let changed = join.iterate(seed: mixHash(options.seed, 0xD35C, UInt64(iteration)))
            trace.changes.append(changed)
            trace.iterationSeconds.append(seconds(since: t0))
            if Double(changed) <= options.delta * Double(n) * Double(k) { break }
        }
        // back to the caller's numbering, each row re-sorted by (distance, original index)
        var result = Neighbors(queryCount: n, k: k)
        var row = [(Float, Int32)](repeating: (0, 0), count: k)
        for p in 0..<n {
            for t in 0..<k { row[t] = (heaps.dist[p * k + t], original[Int(heaps.idx[p * k + t])]) }
            row.sort { TopK<Float>.before($0.0, $0.1, $1.0, $1.1) }
            let i = Int(original[p])
            for t in 0..<k {
                result.indices[i * k + t] = row[t].1
                result.distances[i * k + t] = row[t].0.squareRoot()
            }
        }
        return result
    }

    /// Fills every row with the nearest points of its leaves in the forest's trees, then tops up rows that
    /// are still short with random distinct points (seeded per row). Leaves of one tree are disjoint, so
    /// they are measured in parallel, each leaf's rows first copied into a small contiguous block.
    static func initialise(_ heaps: NeighbourHeaps, _ points: Matrix, forest: RandomProjectionForest, seed: UInt64) {
        let n = points.rows, d = points.cols, k = heaps.k
        for tree in forest.trees {
            let widest = (0..<tree.leafCount).reduce(0) { max($0, Int(tree.leafStart[$1 + 1] - tree.leafStart[$1])) }
            Parallel.forRanges(tree.leafCount, minCount: 64, align: 1) { _, leaves in
                let block = UnsafeMutablePointer<Float>.allocate(capacity: widest * d)   // (leaf size, d)
                defer { block.deallocate() }
                for leaf in leaves {
                    let lo = Int(tree.leafStart[leaf]), m = Int(tree.leafStart[leaf + 1]) - lo
                    for a in 0..<m { (block + a * d).update(from: points.row(Int(tree.order[lo + a])), count: d) }
                    for a in 0..<m {
                        let ia = Int(tree.order[lo + a])
                        for b in (a + 1)..<max(a + 1, m) {
                            let ib = Int(tree.order[lo + b])
                            if heaps.contains(ia, Int32(ib)) && heaps.contains(ib, Int32(ia)) { continue }
                            let dd = SIMDDistance.squared(block + a * d, block + b * d, d)
                            heaps.insert(ia, Int32(ib), dd, mark: NeighbourHeaps.new)
                            heaps.insert(ib, Int32(ia), dd, mark: NeighbourHeaps.new)
                        }
                    }
                }
            }
        }
        Parallel.forRanges(n, minCount: 1024, align: 1) { _, range in
            for i in range where heaps.idx[i * k + k - 1] < 0 {
                var rng = Rng(seed: mixHash(seed, 0xF111, UInt64(i)))
                while heaps.idx[i * k + k - 1] < 0 {
                    let j = rng.int(below: n)
                    if j == i { continue }
                    heaps.insert(i, Int32(j), SIMDDistance.squared(points.row(i), points.row(j), d), mark: NeighbourHeaps.new)
                }
            }
        }
    }
}
