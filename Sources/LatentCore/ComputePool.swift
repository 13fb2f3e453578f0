import Foundation
import Synchronization

/// A fixed team of worker threads that share the chunks of one data-parallel region with the caller.
///
/// A region is `chunks` independent pieces of work; every participant claims the next unclaimed chunk
/// until none is left, so a worker that the OS has not scheduled (a busy machine) simply leaves its
/// share to the caller instead of stalling it. Which thread runs a chunk never changes what the chunk
/// computes, so results depend only on the chunking, never on timing.
/// Waiting is bounded: a worker between regions, and the caller waiting for the last chunks of a region,
/// spin on an atomic word for at most `spinNanoseconds` (a few microseconds, enough to bridge the gap
/// between the products of one training step) and then sleep on a condition, so a machine whose cores
/// are shared with other work loses no more than that per wait. One region runs at a time; a region
/// requested while another runs (a nested call, or another thread) runs its chunks in order on the
/// calling thread.
final class ComputePool: @unchecked Sendable {
    /// Participants per region, the calling thread included.
    let size: Int
    /// (generation << 32) | next unclaimed chunk of the current region.
    private let state = Atomic<Int>(0)
    private let completed = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let condition = NSCondition()
    /// The running region's body and chunk count; written before `state` is published, valid while any
    /// of its chunks is unfinished.
    private var task: ((Int) -> Void)?
    private let chunkCount = Atomic<Int>(0)
    /// The chunk counter of a closed state: never below `chunkCount`.
    private static let closedChunk = 0xFFFF_FFFF
    /// True while the caller sleeps waiting for the region's last chunks (the finishing worker wakes it).
    private let callerSleeps = Atomic<Bool>(false)
    private let finished = NSCondition()
    /// How long a waiting thread spins before it sleeps.
    static let spinNanoseconds: UInt64 = 4_000

    /// A pool of `size` participants (`size - 1` worker threads).
    init(size: Int) {
        self.size = max(1, size)
        for w in 1..<self.size {
            let t = Thread { [self] in self.workerLoop(index: w) }
            t.stackSize = 1 << 20
            t.name = "latent-compute-\(w)"
            t.start()
        }
    }

    /// Runs `body(0)` ... `body(chunks - 1)`, spread over the team, and returns when all have finished.
    func run(chunks: Int, _ body: (Int) -> Void) {
        if chunks <= 0 { return }
        if size == 1 || chunks == 1 { for c in 0..<chunks { body(c) }; return }
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for c in 0..<chunks { body(c) }
            return
        }
        withoutActuallyEscaping(body) { b in
            // Close the previous region first (a generation whose chunk counter can never be claimed), so a
            // worker still holding the old state cannot claim a chunk against the new body and count: it
            // would run a chunk twice and let `completed` reach `chunks` while work is still running.
            let closed = (state.load(ordering: .relaxed) >> 32) + 1
            state.store((closed << 32) | Self.closedChunk, ordering: .sequentiallyConsistent)
            task = b
            chunkCount.store(chunks, ordering: .relaxed)
            completed.store(0, ordering: .relaxed)
            let generation = closed + 1
            state.store(generation << 32, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                condition.lock(); condition.broadcast(); condition.unlock()
            }
            work(generation)
            waitForCompletion(chunks)
            task = nil
        }
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs chunks of region `generation` until none is left.
    private func work(_ generation: Int) {
        while true {
            let s = state.load(ordering: .acquiring)
            guard s >> 32 == generation else { return }
            let c = s & 0xFFFF_FFFF
            guard c < chunkCount.load(ordering: .acquiring) else { return }
            guard state.compareExchange(expected: s, desired: s + 1, ordering: .acquiringAndReleasing).exchanged
            else { continue }
            runChunk(c)
            let done = completed.add(1, ordering: .sequentiallyConsistent).newValue
            if done == chunkCount.load(ordering: .relaxed) && callerSleeps.load(ordering: .sequentiallyConsistent) {
                finished.lock(); finished.broadcast(); finished.unlock()
            }
        }
    }

    /// Returns once `chunks` chunks of the current region are completed: spins for `spinNanoseconds`, then
    /// sleeps until the worker that completes the last chunk wakes it. (The caller publishes
    /// `callerSleeps` before it checks `completed`, and a worker adds to `completed` before it checks
    /// `callerSleeps`, both sequentially consistent, so one of the two always sees the other.)
    private func waitForCompletion(_ chunks: Int) {
        if spin(until: { completed.load(ordering: .acquiring) >= chunks }) { return }
        finished.lock()
        callerSleeps.store(true, ordering: .sequentiallyConsistent)
        while completed.load(ordering: .sequentiallyConsistent) < chunks { finished.wait() }
        callerSleeps.store(false, ordering: .sequentiallyConsistent)
        finished.unlock()
    }

    /// Polls `ready` for at most `spinNanoseconds`; true once it holds, false when the time is up.
    @inline(__always)
    private func spin(until ready: () -> Bool) -> Bool {
        var polls = 0
        var start: UInt64 = 0
        while true {
            if ready() { return true }
            polls += 1
            if polls & 63 == 0 {
                let now = DispatchTime.now().uptimeNanoseconds
                if start == 0 { start = now } else if now - start > Self.spinNanoseconds { return false }
            }
        }
    }

    /// Calls the region's body for chunk `c`. Not inlined, so that the reference this thread takes to the
    /// body is released before the chunk is counted as completed: `run` checks with
    /// `withoutActuallyEscaping` that nobody holds the body once the region ends, and a release the
    /// optimiser moved past `completed.add` tripped that check ("closure argument was escaped").
    @inline(never)
    private func runChunk(_ c: Int) {
        guard let body = task else { return }
        body(c)
    }

    /// Workers asleep on the condition right now (the rest are running chunks or spinning).
    var sleepingWorkers: Int { sleepers.load(ordering: .sequentiallyConsistent) }

    /// Asks the workers to exit (used when the pool is replaced).
    func shutdown() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        let generation = (state.load(ordering: .relaxed) >> 32) + 1
        state.store(generation << 32, ordering: .sequentiallyConsistent)
        condition.lock(); condition.broadcast(); condition.unlock()
    }

    private func workerLoop(index: Int) {
        var seen = 0    // the generation the pool was created with (a region may start before this thread runs)
        while true {
            var g = state.load(ordering: .acquiring) >> 32
            if g == seen && spin(until: { state.load(ordering: .acquiring) >> 32 != seen }) {
                g = state.load(ordering: .acquiring) >> 32
            }
            if g == seen {
                condition.lock()
                sleepers.add(1, ordering: .sequentiallyConsistent)
                g = state.load(ordering: .sequentiallyConsistent) >> 32
                while g == seen {
                    condition.wait()
                    g = state.load(ordering: .sequentiallyConsistent) >> 32
                }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                condition.unlock()
            }
            seen = g
            if stopping.load(ordering: .acquiring) { return }
            work(g)
        }
    }
}

/// Data-parallel loops over LatentCore's thread team (see `setBlasThreads`).
///
/// Two kinds of split. `forRanges` cuts element-wise work (each output element computed by the same
/// operations wherever the cut falls) into `threads · chunksPerThread` ranges for load balance.
/// Everything whose result depends on where the cuts fall (products, whose kernels tile and round a
/// block differently from the whole; reductions, which add partial results; anything that forks a
/// random stream per piece) is cut by `parts(_:grain:)`/`fixedRanges`, from the size of the work alone,
/// so a result has the same bits with any number of threads: a smaller team runs several pieces per
/// thread, a larger one leaves threads idle on a region with fewer pieces than threads.
public enum Parallel {
    private static let pool = Mutex<ComputePool>(ComputePool(size: 1))

    /// The largest team `setBlasThreads` accepts.
    public static let maxThreads = 64

    /// Number of threads that share each parallel loop and matrix product.
    public static var threads: Int { pool.withLock { $0.size } }

    /// Uses `n` threads (the caller plus `n - 1` workers) from now on.
    static func setThreads(_ n: Int) {
        let n = min(max(1, n), maxThreads)
        pool.withLock { p in
            if p.size == n { return }
            p.shutdown()
            p = ComputePool(size: n)
        }
    }

    /// Chunks per thread in an element-wise split loop: enough that a thread the OS does not schedule
    /// leaves only a small piece for the others.
    public static let chunksPerThread = 4

    /// The number of chunks element-wise loops are cut into: `chunksPerThread · threads`, or 1.
    /// Results that depend on the cut use `parts(_:grain:)` instead.
    public static var chunks: Int { let t = threads; return t == 1 ? 1 : t * chunksPerThread }

    /// The most pieces a size-based split (`parts`) makes: the widest team that such a region can keep
    /// busy. More pieces cost a single thread more per-piece overhead (a product repacks its shared
    /// operand for every piece), fewer leave cores idle.
    public static let maxParts = 16

    /// Pieces for `count` units of work of which a piece should hold at least `grain`:
    /// `min(maxParts, count / grain)`, at least 1. Depends on the sizes only, never on the team.
    public static func parts(_ count: Int, grain: Int) -> Int {
        max(1, min(maxParts, count / max(grain, 1)))
    }

    /// Runs `body(chunk)` for `chunk` in `0..<chunks`, spread over the team.
    public static func run(chunks: Int, _ body: (Int) -> Void) {
        let p = pool.withLock { $0 }
        if RegionProfile.recording.load(ordering: .relaxed) {
            RegionProfile.measure(chunks: chunks) { p.run(chunks: chunks, body) }
        } else {
            p.run(chunks: chunks, body)
        }
    }

    /// Splits `0..<count` into `chunks` contiguous ranges (boundaries multiples of `align`) and runs
    /// `body(chunk, range)` for each, spread over the team, when `count >= minCount`; otherwise one call
    /// `body(0, 0..<count)`. Empty ranges are skipped. Chunk indices are below `maxChunks`. Where the
    /// cuts fall depends on the team size: for element-wise work, and for partial results whose
    /// combination does not depend on the order (integer counts); sums of floats use `fixedRanges`.
    public static func forRanges(_ count: Int, minCount: Int = 32_768, align: Int = 16,
                                 _ body: (Int, Range<Int>) -> Void) {
        let p = pool.withLock { $0 }
        let parts = p.size == 1 ? 1 : p.size * chunksPerThread
        if parts == 1 || count < minCount {
            if count > 0 { body(0, 0..<count) }
            return
        }
        p.run(chunks: parts) { part in
            let r = partRange(count, parts: parts, part: part, align: align)
            if !r.isEmpty { body(part, r) }
        }
    }

    /// An upper bound on `forRanges` chunk indices (for per-chunk partial results).
    public static let maxChunks = maxThreads * chunksPerThread

    /// Splits `0..<count` into `parts(count, grain: grain)` contiguous ranges (boundaries multiples of
    /// `align`) and runs `body(part, range)` for each, spread over the team. The cut depends on `count`
    /// and `grain` only, so per-part results (partial sums added in part order) are the same for any
    /// team size. Returns the number of parts (empty ranges are skipped but counted).
    @discardableResult
    public static func fixedRanges(_ count: Int, grain: Int, align: Int = 16,
                                   _ body: (Int, Range<Int>) -> Void) -> Int {
        let n = parts(count, grain: grain)
        if n == 1 {
            if count > 0 { body(0, 0..<count) }
            return 1
        }
        run(chunks: n) { part in
            let r = partRange(count, parts: n, part: part, align: align)
            if !r.isEmpty { body(part, r) }
        }
        return n
    }

    /// The `part`-th of `parts` contiguous ranges covering `0..<count`, boundaries rounded to `align`.
    public static func partRange(_ count: Int, parts: Int, part: Int, align: Int = 1) -> Range<Int> {
        func bound(_ i: Int) -> Int {
            if i >= parts { return count }
            let raw = count * i / parts
            return min(count, (raw + align / 2) / align * align)
        }
        return bound(part)..<max(bound(part), bound(part + 1))
    }
}

/// Wall time spent in parallel regions, by number of pieces: the inputs of a model of an epoch's speed-up
/// with more threads (latent-bench's `threads` case). Off unless `start()` is called; a region inside a
/// region is counted in the outer one only.
public enum RegionProfile {
    /// Regions of one piece count: how many ran and their summed wall time.
    public struct Entry: Sendable {
        public var regions = 0
        public var seconds = 0.0
    }

    static let recording = Atomic<Bool>(false)
    private static let depth = Atomic<Int>(0)
    private static let entries = Mutex<[Int: Entry]>([:])

    /// Clears the record and starts recording.
    public static func start() {
        entries.withLock { $0 = [:] }
        recording.store(true, ordering: .sequentiallyConsistent)
    }

    /// Stops recording; returns the record by piece count.
    public static func stop() -> [Int: Entry] {
        recording.store(false, ordering: .sequentiallyConsistent)
        return entries.withLock { $0 }
    }

    static func measure(chunks: Int, _ region: () -> Void) {
        let outer = depth.add(1, ordering: .relaxed).newValue == 1
        let start = DispatchTime.now().uptimeNanoseconds
        region()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        depth.subtract(1, ordering: .relaxed)
        guard outer else { return }
        entries.withLock { e in
            e[chunks, default: Entry()].regions += 1
            e[chunks, default: Entry()].seconds += seconds
        }
    }
}
