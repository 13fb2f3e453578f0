/// A learned table of per-sample vectors (n, k): GNE's embedding, G-NeuroDAVIS's mean and log-variance.
///
/// Training gathers the rows of a batch, and backward writes only those rows' gradients, so the cost of
/// a step is independent of n (the n x n identity input of G-NeuroDAVIS is never built).
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

    /// Rows `indices` of the table: (B, k), a buffer owned by the table.
    public func gather(_ indices: UnsafeBufferPointer<Int>) -> Matrix {
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

    /// Marks rows as pinned (true) or free (false).
    public func setPinned(_ rows: [Int], _ isPinned: Bool) {
        if isPinned { pinned.formUnion(rows) } else { pinned.subtract(rows) }
    }

    /// Clears every pin.
    public func unpinAll() { pinned.removeAll() }
}
