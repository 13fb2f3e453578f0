/// The collective operations data-parallel training needs, over a fixed group of processes ("ranks").
///
/// `MPICommunicator` (target LatentMPI) implements it on Open MPI; `SingleProcess` is the group of one.
/// Every rank must make the same calls in the same order (they are collective), with the same counts.
public protocol Communicator: AnyObject {
    /// This process's index, 0..<size; rank 0 prints, plots and saves.
    var rank: Int { get }
    /// Number of processes.
    var size: Int { get }
    /// Replaces `buffer[0..<count]` on every rank by its sum over the ranks.
    func allreduceSum(_ buffer: UnsafeMutablePointer<Float>, count: Int)
    /// Replaces `buffer[0..<count]` on every rank by its sum over the ranks.
    func allreduceSum(_ buffer: UnsafeMutablePointer<Double>, count: Int)
    /// Replaces `buffer[0..<count]` on every rank by its element-wise maximum over the ranks.
    func allreduceMax(_ buffer: UnsafeMutablePointer<Double>, count: Int)
    /// Concatenates every rank's `count` floats on rank 0, in rank order, into `receive` (which must hold
    /// the sum of `counts`; ignored elsewhere). `counts[r]` is rank r's count.
    func gather(_ send: UnsafePointer<Float>, count: Int, into receive: UnsafeMutablePointer<Float>?, counts: [Int])
    /// Ends every rank of the run with `code` (used when one rank fails, so that none waits forever).
    func abort(_ code: Int32) -> Never
}

extension Communicator {
    /// True on the rank that prints, plots and saves.
    public var isRoot: Bool { rank == 0 }

    /// The sum over the ranks of one value.
    public func sum(_ value: Double) -> Double {
        var v = value
        allreduceSum(&v, count: 1)
        return v
    }

    /// True when `value` is the same on every rank (compared exactly).
    public func agrees(_ value: Double) -> Bool {
        var pair = [value, -value]
        allreduceMax(&pair, count: 2)
        return pair[0] == -pair[1]
    }
}

/// The group of one process: every collective is the identity.
public final class SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allreduceSum(_ buffer: UnsafeMutablePointer<Float>, count: Int) {}
    public func allreduceSum(_ buffer: UnsafeMutablePointer<Double>, count: Int) {}
    public func allreduceMax(_ buffer: UnsafeMutablePointer<Double>, count: Int) {}
    public func gather(_ send: UnsafePointer<Float>, count: Int, into receive: UnsafeMutablePointer<Float>?, counts: [Int]) {
        receive?.update(from: send, count: count)
    }
    public func abort(_ code: Int32) -> Never { fatalError("aborted with code \(code)") }
}

/// The contiguous block of a dataset's rows that one rank owns in a data-parallel run: rank r of R holds
/// rows [r·n/R, (r+1)·n/R), so blocks differ in size by at most one row.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This rank and the number of ranks.
    public let rank: Int, ranks: Int
    /// Rows of the whole dataset, n.
    public let total: Int

    /// Rank `rank`'s block of `total` rows split over `ranks`.
    public init(rank: Int, ranks: Int, total: Int) {
        precondition(ranks >= 1 && (0..<ranks).contains(rank) && total >= 0)
        self.rank = rank
        self.ranks = ranks
        self.total = total
    }

    /// The global row indices this rank holds.
    public var rows: Range<Int> { Shard.bounds(rank, ranks, total) }
    /// Number of rows this rank holds.
    public var count: Int { rows.count }
    /// Every rank's row count, in rank order.
    public var counts: [Int] { (0..<ranks).map { Shard.bounds($0, ranks, total).count } }

    private static func bounds(_ r: Int, _ ranks: Int, _ n: Int) -> Range<Int> { (n * r / ranks)..<(n * (r + 1) / ranks) }

    public var description: String { "rows \(rows.lowerBound)..<\(rows.upperBound) of \(total) (rank \(rank) of \(ranks))" }
}
