import LatentCore
import LatentNeighbours

extension NeighbourTerm {
    /// The layout step size after `epochsDone` passes: `weight`, falling linearly to 0 over `decayEpochs`.
    public var stepSize: Float {
        guard decayEpochs > 0 else { return weight }
        return weight * Float(max(0, 1 - epochsDone / Double(decayEpochs)))
    }

    /// Sets an unset decay (`decayEpochs == 0`) to end after `epochs` more epochs.
    mutating func scheduleDecay(epochs: Int) {
        if decayEpochs == 0 { decayEpochs = Int(epochsDone.rounded()) + epochs }
    }

    /// `umap` form: one layout pass over the batch rows, moving `table` (n, k) in place; returns the mean
    /// cross-entropy of the sampled pairs per batch row. Pinned rows do not move.
    ///
    /// Work is in layout units y = e / length. For batch row i, each fuzzy edge (i, j) of weight w is taken
    /// with probability w (over an epoch an edge is visited from both ends, so about 2w times, as in UMAP's
    /// epochs-per-sample schedule); a taken edge moves y_i and y_j together by stepSize · clip(-dL/dy),
    /// then `negatives` uniformly random rows l push y_i away. Each coordinate of a move is clipped to
    /// [-4, 4] as UMAP does, so a near-coincident random pair cannot fling a point across the map.
    ///
    /// Threads (deterministic for a seed and a thread count): the batch rows are cut into `Parallel.chunks`
    /// contiguous chunks, each with its own generator forked from `rng` in chunk order. A chunk moves its own
    /// rows in place and reads every other row as it was before the step (`RowsBefore`: the batch rows from
    /// a (B, k) snapshot, the rest from the table, which no chunk writes), so no chunk reads a row another is
    /// writing; the other ends' moves y_j are collected per chunk and added after all chunks finish, in
    /// chunk order. The snapshot costs O(B k) per step, not O(n k) (with a whole-table copy per step, an
    /// epoch of 210000 rows took 3.0 s; with the snapshot 1.6-2.0 s, the same bits).
    mutating func layoutStep(table: Matrix, rows: UnsafeBufferPointer<Int>, pinned: Set<Int>, rng: inout Rng) -> Float {
        let n = table.rows
        defer { epochsDone += Double(rows.count) / Double(max(n, 1)) }
        let alpha = stepSize
        guard form == .umap, alpha > 0, !rows.isEmpty, graph.fuzzy.count == n else { return 0 }
        let chunks = rows.count >= Self.rowsPerChunk * 2 ? min(Parallel.chunks, rows.count / Self.rowsPerChunk) : 1
        var generators = (0..<chunks).map { _ in rng.fork() }
        let before = RowsBefore(table: table, rows: rows)                 // what other rows read
        var parts = [LayoutChunk](repeating: LayoutChunk(), count: chunks)
        generators.withUnsafeMutableBufferPointer { g in
            parts.withUnsafeMutableBufferPointer { out in
                let g = g, out = out
                Parallel.run(chunks: chunks) { c in
                    let r = Parallel.partRange(rows.count, parts: chunks, part: c)
                    out[c] = layoutChunk(table: table, before: before, rows: UnsafeBufferPointer(rebasing: rows[r]),
                                         pinned: pinned, move: alpha * length, rng: &g[c])
                }
            }
        }
        var loss: Float = 0
        let dims = table.cols
        for part in parts {
            loss += part.loss
            for (t, j) in part.targets.enumerated() {
                let ej = table.row(Int(j))
                for c in 0..<dims { ej[c] += part.moves[t * dims + c] }
            }
        }
        return loss / Float(rows.count)
    }

    /// Batch rows per chunk below which a step is not split (fewer rows than this are not worth a thread).
    static let rowsPerChunk = 64

    /// What one chunk of a layout step leaves to add: the other ends' moves (targets, then (targets, k)
    /// moves in table units) and the chunk's summed loss.
    struct LayoutChunk {
        var targets: [Int32] = []
        var moves: [Float] = []
        var loss: Float = 0
    }

    /// The table's rows as they were before a layout step, for reading while the step moves the batch rows:
    /// a batch row reads its copy in `snapshot` (B, k), any other row the table itself (unchanged until the
    /// chunks finish). Batch rows are found by binary search in `sorted` (B, ascending). When the step moves
    /// more than an eighth of the table (a pass of the layout alone moves all of it), `snapshot` is a copy of
    /// the whole table (n, k) and rows are read from it directly: a search over that many rows would miss
    /// the caches at every level.
    struct RowsBefore: @unchecked Sendable {
        let table: Matrix
        let sorted: [Int]
        let snapshot: Matrix
        let whole: Bool

        init(table: Matrix, rows: UnsafeBufferPointer<Int>) {
            self.table = table
            whole = rows.count * 8 > table.rows
            if whole {
                sorted = []
                snapshot = table.copy()
            } else {
                sorted = rows.sorted()
                snapshot = Matrix(rows: sorted.count, cols: table.cols)
                for (t, i) in sorted.enumerated() { snapshot.row(t).update(from: table.row(i), count: table.cols) }
            }
        }

        /// Row `j` (k) as before the step.
        @inline(__always) func row(_ j: Int) -> UnsafeMutablePointer<Float> {
            if whole { return snapshot.row(j) }
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if sorted[mid] < j { lo = mid + 1 } else { hi = mid }
            }
            return lo < sorted.count && sorted[lo] == j ? snapshot.row(lo) : table.row(j)
        }
    }

    /// The layout pass over `rows`, moving them in `table` and reading other rows from `before`;
    /// `move` is the step size in table units.
    func layoutChunk(table: Matrix, before: RowsBefore, rows: UnsafeBufferPointer<Int>, pinned: Set<Int>, move: Float,
                     rng: inout Rng) -> LayoutChunk {
        let n = table.rows, dims = table.cols, fuzzy = graph.fuzzy, inv = 1 / length
        let checkPins = !pinned.isEmpty
        var out = LayoutChunk()
        var loss: Float = 0
        var gradient = [Float](repeating: 0, count: dims)
        @inline(__always) func squaredDistance(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>) -> Float {
            var d2: Float = 0
            for c in 0..<dims { let t = (a[c] - b[c]) * inv; d2 += t * t }
            return d2
        }
        for i in rows {
            let ei = table.row(i)
            let movesI = !(checkPins && pinned.contains(i))
            for e in fuzzy.start[i]..<fuzzy.start[i + 1] {
                if rng.uniform() >= fuzzy.weights[e] { continue }
                let j = Int(fuzzy.targets[e])
                let ej = before.row(j)
                let pull = curve.attraction(d2: squaredDistance(ei, ej))
                loss += pull.loss
                let movesJ = !(checkPins && pinned.contains(j))
                for c in 0..<dims {
                    // -dL/dy_i, clipped; y_j gets the opposite move
                    gradient[c] = min(max(-pull.coefficient * (ei[c] - ej[c]) * inv, -4), 4)
                }
                if movesJ {
                    out.targets.append(Int32(j))
                    for c in 0..<dims { out.moves.append(-move * gradient[c]) }
                }
                if movesI { for c in 0..<dims { ei[c] += move * gradient[c] } }
                for _ in 0..<negatives {
                    let l = rng.int(below: n)
                    if l == i { continue }
                    let el = before.row(l)
                    let push = curve.repulsion(d2: squaredDistance(ei, el))
                    loss += push.loss
                    if movesI {
                        for c in 0..<dims { ei[c] += move * min(max(-push.coefficient * (ei[c] - el[c]) * inv, -4), 4) }
                    }
                }
            }
        }
        out.loss = loss
        return out
    }
}

extension NeighbourTerm {
    /// `epochs` passes of the `umap` layout alone over every row of `table` (n, k) in a fresh random order
    /// each, the step size falling linearly from `weight` to 0 over them (UMAP's optimisation without the
    /// decoder), before training starts. The term's own schedule (`epochsDone`) is not advanced. Returns
    /// the last pass's mean loss per row.
    public func layoutEpochs(table: Matrix, epochs: Int, pinned: Set<Int>, rng: inout Rng) -> Float {
        guard form == .umap, epochs > 0 else { return 0 }
        var run = self
        run.epochsDone = 0
        run.decayEpochs = epochs
        var loss: Float = 0
        for _ in 0..<epochs {
            let order = rng.permutation(table.rows)
            loss = order.withUnsafeBufferPointer { run.layoutStep(table: table, rows: $0, pinned: pinned, rng: &rng) }
        }
        return loss
    }
}
