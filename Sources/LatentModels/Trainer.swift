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
}

/// The one training loop every method shares: shuffled batches, Adam, loss history, interruption.
public enum Trainer {
    /// Trains `model` on `data` for `options.epochs` more epochs, shuffling with `rng`.
    public static func train(_ model: GenerativeModel, data: SampleSource, options: TrainOptions, rng: inout Rng,
                             onBatch: ((TrainProgress) -> Void)? = nil,
                             onEpoch: ((EpochRecord) -> Void)? = nil,
                             shouldStop: () -> Bool = { false }) throws -> TrainResult {
        try options.validate()
        guard data.featureCount == model.featureCount else {
            throw TrainingError.featureCountMismatch(expected: model.featureCount, got: data.featureCount)
        }
        if model.tableRows > 0 && model.tableRows != data.sampleCount {
            throw TrainingError.tableRowsMismatch(tableRows: model.tableRows, samples: data.sampleCount, kind: model.config.kind.rawValue)
        }
        let labels = data.classLabels
        if model.config.supervised && labels == nil {
            throw TrainingError.labelsRequired
        }
        if let lr = options.learningRate { model.optimizer.config.learningRate = lr }
        model.willTrain(epochs: options.epochs)

        let n = data.sampleCount
        let batchSize = min(options.batchSize, n)
        let batchCount = (n + batchSize - 1) / batchSize
        let x = Matrix(rows: batchSize, cols: data.featureCount)
        let start = Date()
        var completed = 0
        let names = model.lossComponents
        for e in 0..<options.epochs {
            let epoch = model.history.count + 1
            let snapshot = ModelSnapshot(model)
            let epochStart = Date()
            let order = rng.permutation(n)
            var sums = [Double](repeating: 0, count: names.count)
            var seen = 0
            for bi in 0..<batchCount {
                if shouldStop() {
                    return TrainResult(epochsCompleted: completed, interrupted: true, seconds: Date().timeIntervalSince(start))
                }
                let lo = bi * batchSize, hi = min(n, lo + batchSize)
                let b = hi - lo
                x.resize(rows: b)
                let losses: [Float] = order.withUnsafeBufferPointer { all in
                    let idx = UnsafeBufferPointer(rebasing: all[lo..<hi])
                    data.fillRows(idx, into: x.base)
                    let batchLabels = labels.map { l in idx.map { l[$0] } }
                    return model.trainStep(TrainingBatch(indices: idx, x: x, labels: batchLabels), rng: &rng)
                }
                try rollBackIfDiverged(losses, names: names, snapshot: snapshot, model: model, epoch: epoch, batch: bi + 1)
                for i in 0..<names.count { sums[i] += Double(losses[i]) * Double(b) }
                seen += b
                onBatch?(TrainProgress(epoch: epoch, epochIndex: e, epochCount: options.epochs, batch: bi + 1,
                                       batchCount: batchCount, losses: sums.map { Float($0 / Double(seen)) },
                                       elapsed: Date().timeIntervalSince(start)))
            }
            let record = recordEpoch(model, epoch: epoch, names: names, sums: sums, seen: seen, since: epochStart)
            completed += 1
            onEpoch?(record)
        }
        return TrainResult(epochsCompleted: completed, interrupted: false, seconds: Date().timeIntervalSince(start))
    }
}

extension Trainer {
    /// Restores `snapshot` and throws when a loss component of a batch is NaN or infinite.
    static func rollBackIfDiverged(_ losses: [Float], names: [String], snapshot: ModelSnapshot, model: GenerativeModel,
                                   epoch: Int, batch: Int) throws {
        guard let bad = losses.firstIndex(where: { !$0.isFinite }) else { return }
        snapshot.restore(into: model)
        throw TrainingError.diverged(epoch: epoch, batch: batch, component: names[bad])
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

/// A copy of a model's parameters, moments and optimiser step, for rolling back a diverged epoch.
struct ModelSnapshot {
    private let tensors: [(Matrix, Matrix, Matrix)]
    private let step: Int

    init(_ model: GenerativeModel) {
        tensors = model.parameters.map { ($0.value.copy(), $0.moment1.copy(), $0.moment2.copy()) }
        step = model.optimizer.step
    }

    func restore(into model: GenerativeModel) {
        for (p, t) in zip(model.parameters, tensors) {
            p.value.assign(t.0); p.moment1.assign(t.1); p.moment2.assign(t.2)
        }
        model.optimizer.restore(step: step)
    }
}
