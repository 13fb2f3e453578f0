/// A learned table of per-sample vectors (n, k): GNE's embedding, G-NeuroDAVIS's mean and log-variance.
///
/// Training gathers the rows of a batch, and backward writes only those rows' gradients, so the cost of
/// a step is independent of n (the n x n identity input of G-NeuroDAVIS is never built).
///
/// With `Adam.updateDeferred`, rows outside the batches lag behind the optimiser: `gather` brings the
/// rows it reads up to date, and `settle()` every row; training settles at the end of every epoch and
/// of every `train` call, so `table` is up to date whenever a script can see it.
public final class EmbeddingTable {
    /// The table (n, k) with its optimizer state.
    public let table: Parameter
    /// Rows that the optimizer must not move (pinned by the user).
    public private(set) var pinned: Set<Int> = []
    private var gathered: Matrix?
    /// True once `table.grad` is known to be all zeros between `Adam.updateDense` calls.
    private var gradientScratchReady = false

    /// A table of `count` rows of `dims` values, initialised U(-initRange, initRange) (Keras's default 0.05).
    /// With `keeping`, only those rows are held (one rank's shard of a data-parallel run), with the values
    /// the whole table would give them: the draws of the other rows are made and discarded, so `rng`
    /// ends in the same state either way.
    public init(count: Int, dims: Int, initRange: Float = 0.05, name: String = "embedding", rng: inout Rng,
                keeping rows: Range<Int>? = nil) {
        let kept = rows ?? 0..<count
        precondition(kept.lowerBound >= 0 && kept.upperBound <= count, "kept rows \(kept) outside 0..<\(count)")
        table = Parameter(name: name, rows: kept.count, cols: dims)
        rng.skip(kept.lowerBound * dims)
        rng.fillUniform(table.value.base, count: table.count, -initRange, initRange)
        rng.skip((count - kept.upperBound) * dims)
    }

    /// Number of rows n.
    public var count: Int { table.value.rows }
    /// Width k.
    public var dims: Int { table.value.cols }

    /// Rows `indices` of the table, brought up to date first: (B, k), a buffer owned by the table.
    public func gather(_ indices: UnsafeBufferPointer<Int>) -> Matrix {
        if let d = liveDeferral() { d.catchUp(table, rows: indices, through: d.adam.log.last) }
        let out = ensure(&gathered, rows: indices.count, cols: dims)
        let src = table.value
        for (i, r) in indices.enumerated() { out.row(i).update(from: src.row(r), count: dims) }
        return out
    }

    private var scratch: Matrix?

    /// A buffer of `rows` x `dims` floats owned by the table, for the optimizer's per-batch work.
    func updateScratch(rows: Int) -> Matrix { ensure(&scratch, rows: rows, cols: dims) }

    /// Zeroes the table's gradient once; `Adam.updateDense` (pinned rows) then keeps it zero between calls.
    func prepareGradientScratch() {
        if !gradientScratchReady { table.grad.fill(0); gradientScratchReady = true }
    }

    /// The optimiser steps deferred on this table (`Adam.updateDeferred`), nil when every row is up to date.
    private var deferral: DeferredAdamSteps?

    /// The deferral, unless its optimiser was restored since (then the table was restored with it, and
    /// the deferral is dropped).
    private func liveDeferral() -> DeferredAdamSteps? {
        if let d = deferral, d.generation != d.adam.log.generation { deferral = nil }
        return deferral
    }

    /// The deferral for `adam`, started (every row up to date through `step`) if there is none.
    func deferring(with adam: Adam, through step: Int) -> DeferredAdamSteps {
        if let d = liveDeferral(), d.adam === adam { return d }
        stopDeferring()
        if adam.log.last < step { adam.log.restart(after: step) }
        let fresh = table.moment1.values.allSatisfy { $0 == 0 } && table.moment2.values.allSatisfy { $0 == 0 }
        let d = DeferredAdamSteps(adam: adam, rows: count, step: step, fresh: fresh)
        deferral = d
        return d
    }

    /// Brings every row up to date with its optimiser (a no-op unless steps are deferred).
    public func settle() {
        guard let d = liveDeferral() else { return }
        d.catchUp(table, rows: 0..<count, through: d.adam.log.last)
    }

    /// Settles the table and stops deferring (before an optimiser step that moves every row itself).
    func stopDeferring() {
        settle()
        deferral = nil
    }

    /// Marks rows as pinned (true) or free (false).
    public func setPinned(_ rows: [Int], _ isPinned: Bool) {
        stopDeferring()
        if isPinned { pinned.formUnion(rows) } else { pinned.subtract(rows) }
    }

    /// Clears every pin.
    public func unpinAll() { stopDeferring(); pinned.removeAll() }
}
