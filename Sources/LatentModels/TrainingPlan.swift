import Foundation

/// The training length, batch size and learning-rate schedule a gne or gnd map trains with when `train` is
/// given none of them, chosen from the number of rows n.
///
/// The batch is about n / 32 rows (a power of two from 16 to 1024), so that every epoch takes about 32
/// optimiser steps or more: the GNE paper's 1024 is one step per epoch on a 150-row table, where nothing
/// is learned. The epochs give about `steps` optimiser steps in all, and at least `minimumEpochs` passes of
/// the neighbour layout (the layout moves each row once per epoch, as an epoch of UMAP's optimisation
/// does), at most `maximumEpochs`. The learning rate falls from `learningRate` to `finalFraction` of it
/// over the call along a half cosine, so the last steps refine rather than shake the map.
///
///     n        batch  steps/epoch  epochs
///     150      16     10           200 (steps)
///     1797     64     29           69
///     60000    1024   59           34
///     1.26M    1024   1231         20 (minimum)
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
    /// The fewest epochs, whatever n: the layout's passes.
    public static let minimumEpochs = 20
    /// The most epochs, whatever n (tiny tables).
    public static let maximumEpochs = 500
    /// The peak learning rate (the expert recipe's 5e-3).
    public static let defaultLearningRate: Float = 5e-3
    /// Where the schedule ends, as a fraction of the peak.
    public static let defaultFinalFraction: Float = 0.1

    /// The plan for `n` rows.
    public init(samples n: Int) {
        let target = max(1, n / 32)
        var batch = 16
        while batch * 2 <= target && batch < 1024 { batch *= 2 }
        batchSize = min(batch, max(n, 1))
        let perEpoch = (max(n, 1) + batchSize - 1) / batchSize
        epochs = min(Self.maximumEpochs, max(Self.minimumEpochs, (Self.steps + perEpoch - 1) / perEpoch))
        learningRate = Self.defaultLearningRate
        finalFraction = Self.defaultFinalFraction
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
