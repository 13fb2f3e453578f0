import LatentCore
import LatentNeighbours

/// The `umap` layout on one rank of a data-parallel run.
///
/// Each rank owns the edges at its rows (the fuzzy graph's rows of its shard: the graph itself is the
/// whole one, loaded from the checkpoint on every rank, O(n·k)) and applies only its rows' draws. A draw
/// moves both ends as in one process: the rank's own rows in its table, another rank's row j in
/// `positions`, this rank's copy of the whole (n, k) table, and in `deltas`, the moves it owes j's owner.
/// Every `refreshSteps` steps one allreduce of n·k floats settles both: each rank contributes its own
/// block of the table and its deltas for the other blocks, so the sum is, block by block, the owner's rows
/// plus every move the other ranks made to them; every rank gets the whole table and each owner takes its
/// block back (pinned rows excepted). That is MPI_Allgather's result with the remote moves folded in, at
/// twice an allgather's ring volume. Moves of another rank's rows thus arrive up to `refreshSteps` steps
/// late, and reads of them are as stale; nothing else differs from one process. (Moving only one's own
/// rows instead, with a second draw standing for the other end's visit, gave a visibly worse map: the
/// digits' 5-fold kNN 0.93 against one process's 0.98, where this scheme gives 0.98.)
///
/// Edge and negative draws come from a per-rank generator seeded from the shared one at the start of
/// the call, so the shared generator (which draws every epoch's permutation) stays the same on every rank.
/// The layout's loss is summed over the ranks (one allreduce of one float per step) so that every rank
/// records the same history; the schedule advances by global batch rows over n, the same on every rank.
public final class ShardedLayout {
    let communicator: Communicator
    let shard: Shard
    /// The whole table (n, k) as of the last exchange, with this rank's moves of other ranks' rows since.
    let positions: Matrix
    /// This rank's moves of other ranks' rows since the last exchange (n, k; zero in its own block).
    let deltas: Matrix
    /// Steps between exchanges.
    let refreshSteps: Int
    private var steps = 0
    private var rng: Rng

    /// The layout for `shard` of a table with `dims` columns, exchanging every `refreshSteps` steps, its
    /// draws seeded from `seed` and the rank.
    init(communicator: Communicator, shard: Shard, dims: Int, refreshSteps: Int, seed: UInt64) {
        self.communicator = communicator
        self.shard = shard
        self.refreshSteps = max(1, refreshSteps)
        positions = Matrix(rows: shard.total, cols: dims)
        deltas = Matrix(rows: shard.total, cols: dims)
        rng = Rng(seed: seed ^ (UInt64(shard.rank + 1) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// The exchange: one allreduce of [own table block | deltas for the other blocks]; afterwards
    /// `positions` holds the whole table and this rank's `table` (its block, (n/R, k)) has the other ranks'
    /// moves of its rows. Collective.
    func exchange(table: Matrix, pinned: Set<Int>) {
        let first = shard.rows.lowerBound, k = table.cols
        positions.base.update(from: deltas.base, count: deltas.count)
        (positions.base + first * k).update(from: table.base, count: table.count)
        communicator.allreduceSum(positions.base, count: positions.count)
        for r in 0..<table.rows {
            if pinned.contains(r) {
                (positions.base + (first + r) * k).update(from: table.row(r), count: k)
            } else {
                table.row(r).update(from: positions.base + (first + r) * k, count: k)
            }
        }
        deltas.fill(0)
    }

    /// One layout pass over this rank's rows of a global batch (`batch.indices` are local rows), moving
    /// `table` (the shard's rows, (n/R, k)) in place; returns the layout's loss per global batch row,
    /// summed over the ranks. Collective: every rank calls it at every step, with or without rows.
    func step(_ term: inout NeighbourTerm, table: Matrix, batch: TrainingBatch, pinned: Set<Int>) -> Float {
        let n = shard.total, dims = table.cols, first = shard.rows.lowerBound
        let globalRows = batch.globalPositions == nil ? batch.indices.count : batch.globalCount
        if steps % refreshSteps == 0 { exchange(table: table, pinned: pinned) }
        steps += 1
        defer { term.epochsDone += Double(globalRows) / Double(max(n, 1)) }
        let alpha = term.stepSize
        guard term.form == .umap, alpha > 0, term.graph.fuzzy.count == n else { return 0 }
        let fuzzy = term.graph.fuzzy, inv = 1 / term.length, move = alpha * term.length
        let curve = term.curve, negatives = term.negatives
        let own = shard.rows
        @inline(__always) func row(_ j: Int) -> UnsafeMutablePointer<Float> {
            own.contains(j) ? table.row(j - first) : positions.row(j)
        }
        @inline(__always) func squaredDistance(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>) -> Float {
            var d2: Float = 0
            for c in 0..<dims { let t = (a[c] - b[c]) * inv; d2 += t * t }
            return d2
        }
        var loss: Float = 0
        for i in batch.indices {
            let gi = first + i, ei = table.row(i)
            let moves = !pinned.contains(i)
            for e in fuzzy.start[gi]..<fuzzy.start[gi + 1] {
                if rng.uniform() >= fuzzy.weights[e] { continue }
                let j = Int(fuzzy.targets[e]), ej = row(j)
                // another rank's row moves in this rank's copy and is owed to its owner (who skips pins)
                let mine = own.contains(j), movesJ = !mine || !pinned.contains(j - first)
                let owed = mine ? nil : Optional(deltas.row(j))
                let pull = curve.attraction(d2: squaredDistance(ei, ej))
                loss += pull.loss
                for c in 0..<dims {
                    let g = min(max(-pull.coefficient * (ei[c] - ej[c]) * inv, -4), 4)
                    if moves { ei[c] += move * g }
                    if movesJ { ej[c] -= move * g; owed?[c] -= move * g }
                }
                for _ in 0..<negatives {
                    let l = rng.int(below: n)
                    if l == gi { continue }
                    let el = row(l)
                    let push = curve.repulsion(d2: squaredDistance(ei, el))
                    loss += push.loss
                    if moves {
                        for c in 0..<dims { ei[c] += move * min(max(-push.coefficient * (ei[c] - el[c]) * inv, -4), 4) }
                    }
                }
            }
        }
        var total = loss
        communicator.allreduceSum(&total, count: 1)
        return total / Float(max(globalRows, 1))
    }
}

extension Trainer {
    /// Steps between the layout's exchanges when not given: ceil(n·k / P) for n rows of k dims and P
    /// replicated network parameters, so that the exchange (an allreduce of n·k floats) moves at most as
    /// many floats per step, on average, as the gradient allreduce (P floats): communication at most doubles.
    /// The digits (n·k = 3594, P ≈ 10^4): every step; MNIST 60000 at the paper's decoder (P = 84,432): every
    /// 2 steps; 1.26M rows: every 30 steps (41 times an epoch).
    static func automaticRefreshSteps(rows: Int, dims: Int, replicated: Int) -> Int {
        max(1, (rows * dims + max(replicated, 1) - 1) / max(replicated, 1))
    }

    /// Installs a sharded layout on `model` for one data-parallel `train` call when it has a `umap`
    /// neighbour force (nil otherwise); refuses the `smooth` form, whose gradient reads neighbours' rows
    /// inside the step. `refreshSteps` 0 picks `automaticRefreshSteps`. The trainer removes it when the call ends.
    static func installShardedLayout(_ model: DataParallelModel, parallel: DataParallelContext,
                                     refreshSteps: Int, rng: Rng) throws -> NeighbourForceModel? {
        guard let host = model as? NeighbourForceModel, let term = host.neighbourTerm else { return nil }
        guard term.form == .umap else {
            throw TrainingError.shardMismatch("the smooth neighbour force needs the whole table in its gradient and is not available under mpirun; use form=umap, or train in one process")
        }
        let n = parallel.shard.total
        guard term.graph.count == n else {
            throw TrainingError.graphMismatch("the neighbour graph has \(term.graph.count) points, but the data have \(n) samples; build it from the data the model was created for")
        }
        var seeds = rng
        let dims = model.config.dims
        let every = refreshSteps > 0 ? refreshSteps
            : automaticRefreshSteps(rows: n, dims: dims, replicated: model.replicatedParameters.reduce(0) { $0 + $1.count })
        host.shardedLayout = ShardedLayout(communicator: parallel.communicator, shard: parallel.shard, dims: dims,
                                           refreshSteps: every, seed: seeds.next())
        return host
    }
}
