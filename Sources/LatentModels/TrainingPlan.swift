import Foundation

/// The training length, batch size and learning-rate schedule a gne or gnd map trains with when `train` is
/// given none of them, chosen from the number of rows n.
///
/// Epochs are passes of the neighbour layout (it moves each row once per epoch, as an epoch of UMAP's
/// optimisation does) as well as of reconstruction. Like UMAP (500 epochs up to 10000 points, 200 above),
/// small data get many passes: `smallEpochs` up to `smallAbove` rows, with the batch chosen so that they
/// take about `steps` optimiser steps (a power of two from 16 to 1024 near n x epochs / steps: the GNE
/// paper's 1024 would be one step per epoch on a 150-row table). Larger data take batch 1024 (or about n / 32
/// rows below 32768) for about `steps` steps, at least `minimumEpochs` epochs. On small data the learning
/// rate falls from `learningRate` to `finalFraction` of it over each call along a half cosine, so the last
/// steps refine rather than shake the map; larger data keep it constant (MNIST, seed 1: 5-fold kNN 0.955
/// with the cosine, 0.970 constant). Measured against UMAP's defaults by scripts/quality/defaults-vs-umap.
///
///     n          batch  steps/epoch  epochs
///     150        16     10           200
///     1797       128    15           200
///     60000      1024   59           34
///     1.26M      1024   1231         20 (minimum)
public struct TrainingPlan: Sendable, Equatable {
    /// Rows per step.
    public var batchSize: Int
    /// Epochs of the call.
    public var epochs: Int
    /// Peak learning rate of the call.
    public var learningRate: Float
    /// The learning rate at the call's last step, as a fraction of `learningRate`.
    public var finalFraction: Float

    /// Optimiser steps a map trains for (within the epoch bounds).
    public static let steps = 2000
    /// Epochs of data up to `smallAbove` rows.
    public static let smallEpochs = 200
    /// The most rows that count as small data.
    public static let smallAbove = 10_000
    /// The fewest epochs of larger data: the layout's passes.
    public static let minimumEpochs = 20
    /// The peak learning rate (the expert recipe's 5e-3).
    public static let defaultLearningRate: Float = 5e-3
    /// Where the schedule ends on small data, as a fraction of the peak (larger data: 1, a constant rate).
    public static let defaultFinalFraction: Float = 0.1

    /// The plan for `n` rows.
    public init(samples n: Int) {
        let rows = max(n, 1)
        if rows <= Self.smallAbove {
            epochs = Self.smallEpochs
            batchSize = min(Self.powerOfTwo(near: Double(rows * Self.smallEpochs) / Double(Self.steps)), rows)
        } else {
            batchSize = Self.powerOfTwo(near: Double(rows) / 32)
            let perEpoch = Self.stepsPerEpoch(samples: rows, batch: batchSize)
            epochs = max(Self.minimumEpochs, (Self.steps + perEpoch - 1) / perEpoch)
        }
        learningRate = Self.defaultLearningRate
        finalFraction = rows <= Self.smallAbove ? Self.defaultFinalFraction : 1
    }

    /// The power of two nearest `x` (on a log scale), from 16 to 1024.
    static func powerOfTwo(near x: Double) -> Int {
        guard x > 16 else { return 16 }
        let p = Int(log2(x).rounded())
        return min(1024, 1 << p)
    }

    /// Optimiser steps of one epoch over `n` rows at `batch`.
    public static func stepsPerEpoch(samples n: Int, batch: Int) -> Int { (max(n, 1) + max(batch, 1) - 1) / max(batch, 1) }
}

/// How the learning rate moves within one `train` call.
public struct LearningRateSchedule: Sendable, Equatable {
    /// The rate at the call's last step, as a fraction of the call's rate (1: constant).
    public var finalFraction: Float

    /// A schedule ending at `finalFraction` of the call's rate.
    public init(finalFraction: Float) { self.finalFraction = finalFraction }

    /// The factor on the call's rate at `step` of `steps` (0-based): a half cosine from 1 down to
    /// `finalFraction`.
    public func factor(step: Int, of steps: Int) -> Float {
        guard steps > 1 else { return 1 }
        let t = Double(step) / Double(steps - 1)
        let f = Double(finalFraction)
        return Float(f + (1 - f) * 0.5 * (1 + cos(Double.pi * t)))
    }
}
