import LatentCore
import LatentFiles

/// A model whose training step splits into computing gradients and applying them, so that the trainer
/// can judge the losses before the step and a data-parallel run can sum the replicated networks'
/// gradients over ranks in between.
///
/// `trainStep(b)` is `stepGradients(b)`, `applyStep(b)`, then `afterStep(b)`, written once below.
public protocol DataParallelModel: GenerativeModel {
    /// Computes the losses of `batch` (means over its rows) and their gradients: every replicated
    /// parameter's `grad`, and the batch rows' table gradients. Changes no parameter.
    func stepGradients(_ batch: TrainingBatch, rng: inout Rng) -> [Float]
    /// One optimiser step from the current gradients (dense Adam on the networks, the table step on the
    /// batch's rows).
    func applyStep(_ batch: TrainingBatch)
    /// Parameters every rank holds a copy of (the networks); their gradients are summed over the ranks.
    var replicatedParameters: [Parameter] { get }
    /// Multiplies the batch rows' table gradients from the last `stepGradients` by `factor`.
    func scaleRowGradients(by factor: Float)
    /// Standard normal draws `stepGradients` makes per batch row (a rank with no rows in a step skips
    /// the global batch's draws, to stay in step with the others).
    var normalsPerRow: Int { get }
    /// Moves made after the optimiser step, outside it (e.g. a layout force on the table); may rewrite
    /// `losses` (those `stepGradients` returned). Default: nothing.
    func afterStep(_ batch: TrainingBatch, losses: inout [Float], rng: inout Rng)
    /// True when a step reads table rows outside the batch, so the model cannot train data-parallel.
    var needsWholeTables: Bool { get }
    /// Throws a sentence when the model's own state forbids training (checked before every run).
    func checkTrainable() throws
}

extension DataParallelModel {
    public func afterStep(_ batch: TrainingBatch, losses: inout [Float], rng: inout Rng) {}
    public var needsWholeTables: Bool { false }
    public func checkTrainable() throws {}

    /// One optimiser step on `batch` (the trainer's step without its divergence checks).
    public func trainStep(_ batch: TrainingBatch, rng: inout Rng) -> [Float] {
        var losses = stepGradients(batch, rng: &rng)
        applyStep(batch)
        afterStep(batch, losses: &losses, rng: &rng)
        return losses
    }
}

/// The ranks of a data-parallel run and the rows of the training set this rank holds.
public struct DataParallelContext {
    /// The group of ranks.
    public let communicator: Communicator
    /// This rank's rows.
    public let shard: Shard

    /// A context for `shard` on `communicator` (their rank and size must match).
    public init(communicator: Communicator, shard: Shard) {
        precondition(shard.rank == communicator.rank && shard.ranks == communicator.size, "shard and communicator disagree")
        self.communicator = communicator
        self.shard = shard
    }
}

extension DataParallelModel {
    /// A 52-bit FNV-1a hash of every replicated parameter's values (exactly representable as a Double,
    /// so ranks can compare it with one allreduce).
    public var replicaFingerprint: Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for p in replicatedParameters {
            let bytes = UnsafeRawBufferPointer(start: p.value.base, count: p.count * MemoryLayout<Float>.size)
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        return Double(h >> 12)
    }
}

/// Moving whole models onto and off a rank's shard of the table rows.
public enum ShardedModel {
    /// A copy of `model` (a whole model, e.g. loaded from a checkpoint) holding only the table rows
    /// `rows`: the networks, optimiser state and history are copied whole.
    public static func restrict(_ model: GenerativeModel, to rows: Range<Int>) throws -> GenerativeModel {
        guard model.tableRows > 0 else { return model }
        guard rows.upperBound <= model.tableRows else {
            throw TrainingError.shardMismatch("the model's table has \(model.tableRows) rows; this rank needs rows \(rows.lowerBound)..<\(rows.upperBound)")
        }
        var rng = Rng(seed: 0)
        let part = try ModelFactory.make(model.config, samples: model.tableRows, features: model.featureCount,
                                         rng: &rng, keeping: rows)
        for (dst, src) in zip(part.parameters, model.parameters) {
            if dst.value.rows == src.value.rows {
                dst.value.assign(src.value); dst.moment1.assign(src.moment1); dst.moment2.assign(src.moment2)
            } else {
                let k = src.value.cols, offset = rows.lowerBound * k, count = rows.count * k
                dst.value.base.update(from: src.value.base + offset, count: count)
                dst.moment1.base.update(from: src.moment1.base + offset, count: count)
                dst.moment2.base.update(from: src.moment2.base + offset, count: count)
            }
        }
        part.history = model.history
        if let term = model.asLayoutForce?.neighbourTerm, let host = part as? NeighbourForceModel {
            host.neighbourTerm = term   // the whole graph: every rank reads its own rows' edges from it
        }
        part.optimizer.config = model.optimizer.config
        part.optimizer.restore(step: model.optimizer.step)
        return part
    }

    /// The whole tables of a sharded model, gathered on rank 0 (nil elsewhere), as parameters named like
    /// the model's tables with every rank's rows in order. Collective: every rank must call it.
    static func gatherTables(_ model: GenerativeModel, _ context: DataParallelContext) -> [Parameter]? {
        let comm = context.communicator, shard = context.shard
        var gathered: [Parameter] = []
        for p in model.parameters where model.tableRows > 0 && p.value.rows == model.tableRows {
            let k = p.value.cols
            let whole = comm.isRoot ? Parameter(name: p.name, rows: shard.total, cols: k) : nil
            let counts = shard.counts.map { $0 * k }
            for (part, all) in [(p.value, whole?.value), (p.moment1, whole?.moment1), (p.moment2, whole?.moment2)] {
                comm.gather(part.base, count: part.count, into: all?.base, counts: counts)
            }
            if let whole { gathered.append(whole) }
        }
        return comm.isRoot ? gathered : nil
    }
}

extension Checkpoint {
    /// Saves a sharded model as one checkpoint, identical in format to a single-process one: the table
    /// shards are gathered on rank 0, which alone writes. Collective: every rank must call it.
    static func saveSharded(_ model: GenerativeModel, to path: String, context: DataParallelContext, labels: Labels) throws {
        let tables = ShardedModel.gatherTables(model, context)
        guard let tables else { return }
        try AtomicFile.write(try encode(model, tables: tables, tableRows: context.shard.total, labels: labels), to: path, createFolder: true)
    }
}
