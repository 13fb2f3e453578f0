import Foundation
import LatentCore

extension Trainer {
    /// Data-parallel training (`train` with a context): every rank runs this with its shard of the data (`data` holds the shard's
    /// rows, `model`'s tables too) and the same `rng` state; the loop is the single process's (`loop`).
    ///
    /// A rank computes the gradients of its rows of a batch, scaled by (its rows / batch rows) so that
    /// their sum over ranks is the global batch's mean gradient; one MPI_Allreduce per step sums the
    /// network gradients, the loss components and an interrupt flag; then every rank applies the same
    /// Adam step to its network replica and the table step to its own rows. The replicas therefore stay
    /// identical, which is checked (one allreduce of a fingerprint) when the call ends.
    ///
    /// A `umap` neighbour force runs sharded (`ShardedLayout`): each rank draws its rows' edges; the whole
    /// table and the moves owed to other ranks' rows are exchanged every `layoutRefreshSteps` steps (0:
    /// `automaticRefreshSteps`) and once more at the end.
    static func trainSharded(_ model: GenerativeModel, data: SampleSource, parallel: DataParallelContext,
                             options: TrainOptions, rng: inout Rng, layoutRefreshSteps: Int,
                             onBatch: ((TrainProgress) -> Void)?, onEpoch: ((EpochRecord) -> Void)?,
                             shouldStop: () -> Bool) throws -> TrainResult {
        try options.validate()
        let shard = parallel.shard, comm = parallel.communicator
        let model = try steppedModel(model)
        guard data.sampleCount == shard.count, data.featureCount == model.featureCount else {
            throw TrainingError.shardMismatch("this rank holds \(data.sampleCount) samples of \(data.featureCount) features; its shard is \(shard.count) samples of the model's \(model.featureCount)")
        }
        if model.tableRows > 0 && model.tableRows != shard.count {
            throw TrainingError.shardMismatch("the model's table holds \(model.tableRows) rows; this rank's shard has \(shard.count)")
        }
        let layout = try installShardedLayout(model, parallel: parallel, refreshSteps: layoutRefreshSteps, rng: rng)
        defer { layout?.shardedLayout = nil }
        if model.needsWholeTables {
            throw TrainingError.layoutForceNotDataParallel
        }
        let result = try loop(model, data: data, communicator: comm, shard: shard, options: options, rng: &rng,
                              onBatch: onBatch, onEpoch: onEpoch, shouldStop: shouldStop)
        layout?.settleShardedLayout()   // collective: every rank gets here (stops and failures are collective)
        if !result.interrupted { guard comm.agrees(model.replicaFingerprint) else { throw TrainingError.replicasDiverged } }
        return result
    }
}

/// One allreduce per step over the ranks: [network gradients | loss components | stop flag].
final class GradientExchange {
    private let shared: [Parameter]
    private let communicator: Communicator
    private let gradientCount: Int, components: Int
    private var message: [Float]

    init(_ model: DataParallelModel, components: Int, communicator: Communicator) {
        shared = model.replicatedParameters
        self.communicator = communicator
        self.components = components
        gradientCount = shared.reduce(0) { $0 + $1.count }
        message = [Float](repeating: 0, count: gradientCount + components + 1)
    }

    /// This rank's share of the global batch's gradients and losses: its rows' means scaled by
    /// (its rows / global rows); zeros (after skipping the global batch's noise draws) when it has none.
    func gradients(_ model: DataParallelModel, _ batch: TrainingBatch, rng: inout Rng) -> [Float] {
        let b = batch.indices.count
        guard b > 0 else {
            for p in shared { p.grad.fill(0) }
            rng.skipNormals(batch.globalCount * model.normalsPerRow)
            return [Float](repeating: 0, count: components)
        }
        let share = Float(b) / Float(batch.globalCount)
        let losses = model.stepGradients(batch, rng: &rng)
        for p in shared { p.grad.scale(by: share) }
        model.scaleRowGradients(by: share)
        return losses.map { $0 * share }
    }

    /// Sums the replicated gradients (in place) and `losses` over the ranks; true when any rank asked to stop.
    func sum(_ losses: inout [Float], stop: Bool) -> Bool {
        message.withUnsafeMutableBufferPointer { m in
            var offset = 0
            for p in shared { (m.baseAddress! + offset).update(from: p.grad.base, count: p.count); offset += p.count }
            for i in 0..<components { m[gradientCount + i] = losses[i] }
            m[gradientCount + components] = stop ? 1 : 0
            communicator.allreduceSum(m.baseAddress!, count: m.count)
            offset = 0
            for p in shared { p.grad.base.update(from: m.baseAddress! + offset, count: p.count); offset += p.count }
            for i in 0..<components { losses[i] = m[gradientCount + i] }
        }
        return message[gradientCount + components] > 0
    }
}

/// The rows of each global batch that this rank holds: in one process the batch itself (a slice of the
/// epoch's permutation); over several ranks the rows in this rank's shard, as indices into its data,
/// with their positions in the global batch (for drawing the global batch's noise).
struct RankRows {
    private let shard: Shard, whole: Bool
    private var local: [Int] = [], positions: [Int] = []

    init(_ shard: Shard, whole: Bool, batchSize: Int) {
        self.shard = shard
        self.whole = whole
        if !whole { local.reserveCapacity(batchSize); positions.reserveCapacity(batchSize) }
    }

    /// Calls `body` with the rows of the global batch `order[range]` this rank holds, and their positions
    /// (nil in one process).
    mutating func select(_ order: [Int], _ range: Range<Int>,
                         _ body: (UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>?) throws -> Void) rethrows {
        if whole {
            try order.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range]), nil) }
            return
        }
        local.removeAll(keepingCapacity: true); positions.removeAll(keepingCapacity: true)
        let first = shard.rows.lowerBound
        for p in range where shard.rows.contains(order[p]) {
            local.append(order[p] - first)
            positions.append(p - range.lowerBound)
        }
        try local.withUnsafeBufferPointer { idx in try positions.withUnsafeBufferPointer { try body(idx, $0) } }
    }
}
