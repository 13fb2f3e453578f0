import Foundation
import LatentCore

extension Trainer {
    /// Data-parallel training: every rank runs this with its shard of the data (`data` holds the shard's
    /// rows, `model`'s tables too) and the same `rng` state.
    ///
    /// Each epoch every rank draws the same permutation of all n rows, so the global batches are exactly
    /// those of a single process. A rank computes the gradients of its rows of a batch, scaled by
    /// (its rows / batch rows) so that their sum over ranks is the global batch's mean gradient; one
    /// MPI_Allreduce per step sums the network gradients, the loss components and an interrupt flag;
    /// then every rank applies the same Adam step to its network replica and the table step to its own
    /// rows. The replicas therefore stay identical, which is checked (one allreduce of a fingerprint)
    /// when the call ends.
    public static func train(_ model: GenerativeModel, data: SampleSource, parallel: DataParallelContext,
                             options: TrainOptions, rng: inout Rng,
                             onBatch: ((TrainProgress) -> Void)? = nil,
                             onEpoch: ((EpochRecord) -> Void)? = nil,
                             shouldStop: () -> Bool = { false }) throws -> TrainResult {
        try options.validate()
        let shard = parallel.shard, comm = parallel.communicator
        guard let model = model as? DataParallelModel else {
            throw TrainingError.notDataParallel(kind: model.config.kind.rawValue)
        }
        guard data.sampleCount == shard.count, data.featureCount == model.featureCount else {
            throw TrainingError.shardMismatch("this rank holds \(data.sampleCount) samples of \(data.featureCount) features; its shard is \(shard.count) samples of the model's \(model.featureCount)")
        }
        if model.tableRows > 0 && model.tableRows != shard.count {
            throw TrainingError.shardMismatch("the model's table holds \(model.tableRows) rows; this rank's shard has \(shard.count)")
        }
        if model.asLayoutForce?.neighbourTerm != nil {
            throw TrainingError.layoutForceNotDataParallel
        }
        let labels = data.classLabels
        if model.config.supervised && labels == nil { throw TrainingError.labelsRequired }
        if let lr = options.learningRate { model.optimizer.config.learningRate = lr }

        let n = shard.total, first = shard.rows.lowerBound
        let batchSize = min(options.batchSize, n)
        let batchCount = (n + batchSize - 1) / batchSize
        let names = model.lossComponents
        let shared = model.replicatedParameters
        let gradientCount = shared.reduce(0) { $0 + $1.count }
        // one message per step: [network gradients | loss components | stop flag]
        var message = [Float](repeating: 0, count: gradientCount + names.count + 1)
        let x = Matrix(rows: batchSize, cols: data.featureCount)
        var local = [Int](), positions = [Int]()
        local.reserveCapacity(batchSize); positions.reserveCapacity(batchSize)
        let start = Date()
        var completed = 0
        for e in 0..<options.epochs {
            let epoch = model.history.count + 1
            let snapshot = ModelSnapshot(model)
            let epochStart = Date()
            let order = rng.permutation(n)
            var sums = [Double](repeating: 0, count: names.count)
            var seen = 0
            for bi in 0..<batchCount {
                let lo = bi * batchSize, hi = min(n, lo + batchSize)
                let globalRows = hi - lo
                local.removeAll(keepingCapacity: true); positions.removeAll(keepingCapacity: true)
                for p in lo..<hi where shard.rows.contains(order[p]) {
                    local.append(order[p] - first)
                    positions.append(p - lo)
                }
                let b = local.count
                x.resize(rows: b)
                var losses = [Float](repeating: 0, count: names.count)
                local.withUnsafeBufferPointer { idx in
                    positions.withUnsafeBufferPointer { pos in
                        if b > 0 {
                            data.fillRows(idx, into: x.base)
                            var batch = TrainingBatch(indices: idx, x: x, labels: labels.map { l in idx.map { l[$0] } })
                            batch.globalPositions = pos
                            batch.globalCount = globalRows
                            losses = model.stepGradients(batch, rng: &rng)
                            let share = Float(b) / Float(globalRows)
                            for p in shared { p.grad.scale(by: share) }
                            model.scaleRowGradients(by: share)
                            losses = losses.map { $0 * share }
                        } else {
                            for p in shared { p.grad.fill(0) }
                            rng.skipNormals(globalRows * model.normalsPerRow)
                        }
                    }
                }
                var offset = 0
                for p in shared { message.withUnsafeMutableBufferPointer { ($0.baseAddress! + offset).update(from: p.grad.base, count: p.count) }; offset += p.count }
                for i in 0..<names.count { message[gradientCount + i] = losses[i] }
                message[gradientCount + names.count] = shouldStop() ? 1 : 0
                comm.allreduceSum(&message, count: message.count)
                if message[gradientCount + names.count] > 0 {
                    return TrainResult(epochsCompleted: completed, interrupted: true, seconds: Date().timeIntervalSince(start))
                }
                offset = 0
                for p in shared { message.withUnsafeBufferPointer { p.grad.base.update(from: $0.baseAddress! + offset, count: p.count) }; offset += p.count }
                for i in 0..<names.count { losses[i] = message[gradientCount + i] }
                try rollBackIfDiverged(losses, names: names, snapshot: snapshot, model: model, epoch: epoch, batch: bi + 1)
                local.withUnsafeBufferPointer { idx in
                    model.applyStep(TrainingBatch(indices: idx, x: x, labels: nil))
                }
                for i in 0..<names.count { sums[i] += Double(losses[i]) * Double(globalRows) }
                seen += globalRows
                onBatch?(TrainProgress(epoch: epoch, epochIndex: e, epochCount: options.epochs, batch: bi + 1,
                                       batchCount: batchCount, losses: sums.map { Float($0 / Double(seen)) },
                                       elapsed: Date().timeIntervalSince(start)))
            }
            let record = recordEpoch(model, epoch: epoch, names: names, sums: sums, seen: seen, since: epochStart)
            completed += 1
            onEpoch?(record)
        }
        guard comm.agrees(model.replicaFingerprint) else { throw TrainingError.replicasDiverged }
        return TrainResult(epochsCompleted: completed, interrupted: false, seconds: Date().timeIntervalSince(start))
    }
}
