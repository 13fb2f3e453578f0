import LatentCore

/// A model whose neighbour force can run data-parallel: it keeps the state of a sharded layout while
/// the data-parallel trainer runs it (issue 18 item 8).
protocol ShardedLayoutHost: AnyObject {
    /// The force (its graph covers every row of the whole table, not only the shard's).
    var neighbourTerm: NeighbourTerm? { get set }
    /// Set by the data-parallel trainer for the length of a `train` call; nil in one process.
    var shardedLayout: ShardedLayout? { get set }
}

extension GNEModel: ShardedLayoutHost {}

/// The `umap` layout on one rank of a data-parallel run.
///
/// Each rank owns the edges at its rows (the fuzzy graph's rows of its shard: the graph itself is the
/// whole one, loaded from the checkpoint on every rank, O(n·k)) and moves only its own rows. The other
/// ranks' rows are read from `positions`, a copy of the whole (n, k) table refreshed by one allgather
/// every `refreshSteps` steps (default: once per epoch, at its first step); the rank's own rows are
/// always read live from its table. Per epoch that is n·k floats per rank (10 MB for 1.26M 2-D rows)
/// against a per-step allgather's batch count times as much, and a row moves little within an epoch
/// once the step size has decayed a little, so the staleness costs little (tested against one process).
///
/// Differences from one process, all stated: a sampled edge (i, j) moves i only. In one process an edge
/// is drawn from both of its rows and each draw moves both ends, so each end is pulled about 2w times an
/// epoch; here i's rank draws both: the visit from i's side (probability w: a pull, then `negatives`
/// pushes on i, as in one process) and, for the visit from j's side, a second pull (probability w, no
/// pushes: in one process those push j). (Doubling one pull instead overshoots near the clip and leaves
/// the layout's loss 40 % higher on the test's data.) The edge and negative draws come from a per-rank generator seeded from the
/// shared one at the start of the call, so the shared generator (which draws every epoch's permutation)
/// stays the same on every rank. The layout's loss is summed over the ranks (one allreduce of one float
/// per step) so that every rank records the same history; its schedule advances by global batch rows
/// over n, the same on every rank.
final class ShardedLayout {
    let communicator: Communicator
    let shard: Shard
    /// The whole table (n, k) as of the last allgather.
    let positions: Matrix
    /// Steps between allgathers.
    let refreshSteps: Int
    private var steps = 0
    private var rng: Rng
    private let counts: [Int]

    /// The layout for `shard` of a table with `dims` columns, refreshing every `refreshSteps` steps, its
    /// draws seeded from `seed` and the rank.
    init(communicator: Communicator, shard: Shard, dims: Int, refreshSteps: Int, seed: UInt64) {
        self.communicator = communicator
        self.shard = shard
        self.refreshSteps = max(1, refreshSteps)
        positions = Matrix(rows: shard.total, cols: dims)
        counts = shard.counts.map { $0 * dims }
        rng = Rng(seed: seed ^ (UInt64(shard.rank + 1) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// One layout pass over this rank's rows of a global batch (`batch.indices` are local rows), moving
    /// `table` (the shard's rows, (n/R, k)) in place; returns the layout's loss per global batch row,
    /// summed over the ranks. Collective: every rank calls it at every step, with or without rows.
    func step(_ term: inout NeighbourTerm, table: Matrix, batch: TrainingBatch, pinned: Set<Int>) -> Float {
        let n = shard.total, dims = table.cols, first = shard.rows.lowerBound
        let globalRows = batch.globalPositions == nil ? batch.indices.count : batch.globalCount
        if steps % refreshSteps == 0 {
            communicator.allgather(table.base, count: table.count, into: positions.base, counts: counts)
        }
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
                let w = fuzzy.weights[e], ej = row(Int(fuzzy.targets[e]))
                @inline(__always) func attract(counted: Bool) {
                    let pull = curve.attraction(d2: squaredDistance(ei, ej))
                    if counted { loss += pull.loss }
                    if moves {
                        for c in 0..<dims { ei[c] += move * min(max(-pull.coefficient * (ei[c] - ej[c]) * inv, -4), 4) }
                    }
                }
                // the visit from j's side, which in one process moves i too: here i's rank draws it
                if rng.uniform() < w { attract(counted: false) }   // its loss is j's row's, counted there
                if rng.uniform() >= w { continue }
                attract(counted: true)
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
    /// Installs a sharded layout on `model` for one data-parallel `train` call when it has a `umap`
    /// neighbour force (nil otherwise); refuses the `smooth` form, whose gradient reads neighbours' rows
    /// inside the step. `refreshSteps` 0 means once per epoch. Remove it with `uninstallShardedLayout`.
    static func installShardedLayout(_ model: DataParallelModel, parallel: DataParallelContext, batchSize: Int,
                                     refreshSteps: Int, rng: Rng) throws -> ShardedLayoutHost? {
        guard let host = model as? ShardedLayoutHost, let term = host.neighbourTerm else { return nil }
        guard term.form == .umap else {
            throw TrainingError.shardMismatch("the smooth neighbour force needs the whole table in its gradient and is not available under mpirun; use form=umap, or train in one process")
        }
        let n = parallel.shard.total
        guard term.graph.count == n else {
            throw TrainingError.graphMismatch("the neighbour graph has \(term.graph.count) points, but the data have \(n) samples; build it from the data the model was created for")
        }
        var seeds = rng
        let perEpoch = (n + min(batchSize, n) - 1) / max(min(batchSize, n), 1)
        host.shardedLayout = ShardedLayout(communicator: parallel.communicator, shard: parallel.shard, dims: model.config.dims,
                                           refreshSteps: refreshSteps > 0 ? refreshSteps : perEpoch, seed: seeds.next())
        return host
    }
}
