import Foundation
import LatentCore

/// Settings of one `train` call.
public struct TrainOptions: Sendable {
    /// Epochs to run in this call (training continues from where the last call stopped).
    public var epochs: Int = 10
    /// Rows per step (GNE paper: 1024).
    public var batchSize: Int = 1024
    /// New learning rate for this and later calls; nil keeps the optimiser's current one.
    public var learningRate: Float? = nil
    /// How the rate moves within this call (nil: constant). The optimiser keeps the call's rate afterwards,
    /// so the next call starts from it again.
    public var schedule: LearningRateSchedule? = nil

    /// Options for `epochs` epochs with the defaults otherwise.
    public init(epochs: Int = 10, batchSize: Int = 1024, learningRate: Float? = nil) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
    }

    /// Throws a sentence naming the first invalid option.
    public func validate() throws {
        guard epochs >= 1 else { throw ConfigError("epochs must be at least 1, got \(epochs)", option: "epochs") }
        guard batchSize >= 1 else { throw ConfigError("batch must be at least 1, got \(batchSize)", option: "batch") }
        if let lr = learningRate, !(lr > 0 && lr.isFinite) { throw ConfigError("lr must be positive, got \(lr)", option: "lr") }
    }
}

/// Where training is, reported after every batch (for progress bars).
public struct TrainProgress: Sendable {
    /// Epoch number over the model's life (1-based).
    public var epoch: Int
    /// Epochs of this call completed so far, and in all.
    public var epochIndex: Int, epochCount: Int
    /// Batches of this epoch done, and in all.
    public var batch: Int, batchCount: Int
    /// Running mean of each loss component over this epoch.
    public var losses: [Float]
    /// Seconds since this call started.
    public var elapsed: Double
}

/// How a `train` call ended.
public struct TrainResult: Sendable {
    /// Epochs completed in this call.
    public var epochsCompleted: Int
    /// True when `shouldStop` ended training early (at a batch boundary; the model keeps its state).
    public var interrupted: Bool
    /// Wall seconds.
    public var seconds: Double
    /// Steps taken in the epoch that was interrupted (0 when training stopped between epochs: then the
    /// generator is left as `epochsCompleted` epochs leave it, so a replay with that count is exact).
    public var partialSteps = 0
}

/// The one training loop every method shares, in one process or over R ranks: shuffled batches, Adam,
/// loss history, rollback on divergence, interruption.
public enum Trainer {
    /// Trains `model` on `data` for `options.epochs` more epochs, shuffling with `rng`: in one process, or
    /// with `parallel` on one rank of a data-parallel run (`data` and `model`'s tables then hold this
    /// rank's shard; see `trainSharded`). `layoutRefreshSteps` applies to data-parallel runs only.
    public static func train(_ model: GenerativeModel, data: SampleSource, parallel: DataParallelContext? = nil,
                             options: TrainOptions, rng: inout Rng, layoutRefreshSteps: Int = 0,
                             onBatch: ((TrainProgress) -> Void)? = nil,
                             onEpoch: ((EpochRecord) -> Void)? = nil,
                             shouldStop: () -> Bool = { false }) throws -> TrainResult {
        if let parallel {
            return try trainSharded(model, data: data, parallel: parallel, options: options, rng: &rng,
                                    layoutRefreshSteps: layoutRefreshSteps, onBatch: onBatch, onEpoch: onEpoch,
                                    shouldStop: shouldStop)
        }
        try options.validate()
        guard data.featureCount == model.featureCount else {
            throw TrainingError.featureCountMismatch(expected: model.featureCount, got: data.featureCount)
        }
        if model.tableRows > 0 && model.tableRows != data.sampleCount {
            throw TrainingError.tableRowsMismatch(tableRows: model.tableRows, samples: data.sampleCount, kind: model.config.kind.rawValue)
        }
        let stepped = try steppedModel(model)
        return try loop(stepped, data: data, communicator: SingleProcess(),
                        shard: Shard(rank: 0, ranks: 1, total: data.sampleCount), options: options, rng: &rng,
                        onBatch: onBatch, onEpoch: onEpoch, shouldStop: shouldStop)
    }

    /// `model` as a model with a split training step (every method has one).
    static func steppedModel(_ model: GenerativeModel) throws -> DataParallelModel {
        guard let stepped = model as? DataParallelModel else {
            throw TrainingError.noTrainingStep(kind: model.config.kind.rawValue)
        }
        return stepped
    }

    /// The loop itself. Each epoch every rank draws the same permutation of all n rows, so the global
    /// batches are those of a single process; a rank computes the gradients of the batch rows it holds,
    /// the ranks sum them (nothing to sum in one process), and every rank applies the same step.
    ///
    /// Rollback: the state at the first batch of an epoch is kept once that batch's loss (computed on
    /// exactly that state) is finite and its parameters were finite at the end of the previous epoch; a
    /// non-finite loss later in the epoch, non-finite parameters at its end, or a non-finite loss at the
    /// next epoch's first batch (the last step of an epoch is judged there; after the last epoch of a
    /// call, on a probe of that batch) restores the last state kept and cuts the history back to it.
    static func loop(_ model: DataParallelModel, data: SampleSource, communicator comm: Communicator, shard: Shard,
                     options: TrainOptions, rng: inout Rng,
                     onBatch: ((TrainProgress) -> Void)?, onEpoch: ((EpochRecord) -> Void)?,
                     shouldStop: () -> Bool) throws -> TrainResult {
        let labels = data.classLabels
        if model.config.supervised && labels == nil {
            throw TrainingError.labelsRequired
        }
        if let labels, let conditioning = (model as? ConditionalModel)?.classConditioning {
            let error = conditioning.firstOutOfRange(labels, rowOffset: shard.rows.lowerBound)
            if comm.sum(error == nil ? 0 : 1) > 0 {
                throw error.map { TrainingError.labelOutOfRange($0) }
                    ?? TrainingError.labelOutOfRangeOnAnotherRank(classes: conditioning.classes)
            }
        }
        try model.checkTrainable()
        if let bad = comm.firstNonFinite(model.parameters) {
            throw TrainingError.nonFiniteParameters(tensor: bad)
        }
        if let lr = options.learningRate { model.optimizer.config.learningRate = lr }
        let baseRate = model.optimizer.config.learningRate
        defer { model.optimizer.config.learningRate = baseRate }
        model.willTrain(epochs: options.epochs)

        let n = shard.total, whole = comm.size == 1
        let batchSize = min(options.batchSize, n)
        let batchCount = (n + batchSize - 1) / batchSize
        let names = model.lossComponents
        let exchange = whole ? nil : GradientExchange(model, components: names.count, communicator: comm)
        let x = Matrix(rows: batchSize, cols: data.featureCount)
        var rows = RankRows(shard, whole: whole, batchSize: batchSize)
        let snapshot = ModelSnapshot()
        let start = Date()
        // deferred optimiser steps are settled whenever the tables can be seen: each epoch's end, and here
        defer { settleTables(model) }
        var completed = 0
        /// The batch of rows `idx` (at `positions` in a global batch of `globalRows` over several ranks).
        func makeBatch(_ idx: UnsafeBufferPointer<Int>, _ positions: UnsafeBufferPointer<Int>?, globalRows: Int) -> TrainingBatch {
            x.resize(rows: idx.count)
            var batch = TrainingBatch(indices: idx, x: x, labels: labels.map { l in idx.map { l[$0] } })
            if !idx.isEmpty { data.fillRows(idx, into: x.base) }
            if let positions { batch.globalPositions = positions; batch.globalCount = globalRows }
            return batch
        }
        /// The batch's losses and gradients, summed over the ranks, and whether any rank asked to stop.
        func gradients(_ batch: TrainingBatch, stop: Bool, rng: inout Rng) -> ([Float], Bool) {
            guard let exchange else { return (model.stepGradients(batch, rng: &rng), false) }
            var losses = exchange.gradients(model, batch, rng: &rng)
            let stopAll = exchange.sum(&losses, stop: stop)
            return (losses, stopAll)
        }
        /// The result of a stop at a batch boundary, which keeps the steps taken unless they ruined the weights.
        func interrupted(epoch: Int, steps: Int) throws -> TrainResult {
            if let bad = comm.firstNonFinite(model.parameters) {
                let restored = snapshot.restore(into: model)
                throw TrainingError.diverged(epoch: epoch, batch: 0, component: bad, restoredEpoch: restored)
            }
            return TrainResult(epochsCompleted: completed, interrupted: true, seconds: Date().timeIntervalSince(start),
                               partialSteps: steps)
        }
        for e in 0..<options.epochs {
            let epoch = model.history.count + 1
            let epochStart = Date()
            let unshuffled = rng
            let order = rng.permutation(n)
            var sums = [Double](repeating: 0, count: names.count)
            var seen = 0
            for bi in 0..<batchCount {
                let stop = shouldStop()
                if whole && stop {
                    if bi == 0 { rng = unshuffled }   // nothing of this epoch happened
                    return try interrupted(epoch: epoch, steps: bi)
                }
                let lo = bi * batchSize, hi = min(n, lo + batchSize)
                let globalRows = hi - lo
                var stopAll = false
                var losses: [Float] = []
                try rows.select(order, lo..<hi) { idx, pos in
                    let batch = makeBatch(idx, pos, globalRows: globalRows)
                    (losses, stopAll) = gradients(batch, stop: stop, rng: &rng)
                    if stopAll { return }
                    try judge(losses, names: names, epoch: epoch, batch: bi + 1, firstOfEpoch: bi == 0,
                              snapshot: snapshot, model: model)
                    if let schedule = options.schedule {
                        let factor = schedule.factor(step: e * batchCount + bi, of: options.epochs * batchCount)
                        model.optimizer.config.learningRate = baseRate * factor
                    }
                    model.applyStep(batch)
                    model.afterStep(batch, losses: &losses, rng: &rng)
                }
                if stopAll { return try interrupted(epoch: epoch, steps: bi) }
                for i in 0..<names.count { sums[i] += Double(losses[i]) * Double(globalRows) }
                seen += globalRows
                onBatch?(TrainProgress(epoch: epoch, epochIndex: e, epochCount: options.epochs, batch: bi + 1,
                                       batchCount: batchCount, losses: sums.map { Float($0 / Double(seen)) },
                                       elapsed: Date().timeIntervalSince(start)))
            }
            settleTables(model)
            if let bad = comm.firstNonFinite(model.parameters) {
                let restored = snapshot.restore(into: model)
                throw TrainingError.diverged(epoch: epoch, batch: 0, component: bad, restoredEpoch: restored)
            }
            let record = recordEpoch(model, epoch: epoch, names: names, sums: sums, seen: seen, since: epochStart)
            completed += 1
            onEpoch?(record)
        }
        // The last step is judged like every other, by the loss of the state it left: on the batch the next
        // epoch would start with (drawn from a copy of `rng`; nothing is applied).
        if completed > 0 {
            var probe = rng
            let next = probe.permutation(n)
            try rows.select(next, 0..<batchSize) { idx, pos in
                let (losses, _) = gradients(makeBatch(idx, pos, globalRows: batchSize), stop: false, rng: &probe)
                if let bad = losses.firstIndex(where: { !$0.isFinite }) {
                    let last = model.history.count, restored = snapshot.restore(into: model)
                    throw TrainingError.diverged(epoch: last, batch: 0, component: names[bad], restoredEpoch: restored)
                }
            }
        }
        return TrainResult(epochsCompleted: completed, interrupted: false, seconds: Date().timeIntervalSince(start))
    }
}

extension Trainer {
    /// Brings every table row up to date with the optimiser (`EmbeddingTable.settle`).
    static func settleTables(_ model: GenerativeModel) {
        for t in model.asTables?.tables ?? [] { t.settle() }
    }

    /// Before a step is applied: keeps the state at an epoch's first batch once that batch's loss is
    /// finite; on a non-finite loss, restores the last state kept (or leaves the untouched model at the
    /// first batch of a call) and throws.
    static func judge(_ losses: [Float], names: [String], epoch: Int, batch: Int, firstOfEpoch: Bool,
                      snapshot: ModelSnapshot, model: GenerativeModel) throws {
        if let bad = losses.firstIndex(where: { !$0.isFinite }) {
            let restored = snapshot.restore(into: model)
            throw TrainingError.diverged(epoch: epoch, batch: batch, component: names[bad], restoredEpoch: restored)
        }
        if firstOfEpoch { snapshot.capture(model) }
    }

    /// Appends an epoch's mean losses (`sums` over `seen` rows) to the model's history and returns the record.
    static func recordEpoch(_ model: GenerativeModel, epoch: Int, names: [String], sums: [Double], seen: Int,
                            since start: Date) -> EpochRecord {
        var record = EpochRecord(epoch: epoch, losses: [:], seconds: Date().timeIntervalSince(start))
        for (i, name) in names.enumerated() { record.losses[name] = sums[i] / Double(seen) }
        model.history.epochs.append(record)
        return record
    }
}
