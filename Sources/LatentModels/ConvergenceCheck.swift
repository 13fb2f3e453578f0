import LatentCore
import LatentNeighbours

/// Whether a trained map is far from converged, judged after a `train` call: one sentence with the reason
/// and the fix, or nil. Three signs, any of which is enough:
///
/// - too few optimiser steps for the data: fewer than a quarter of `TrainingPlan.steps` in all and fewer than
///   a quarter of the plan's epochs (a 150-row table at batch 1024 takes one step per epoch);
/// - the reconstruction still falling steeply: over the last quarter of at least 8 epochs it fell by more
///   than `steepFall` of its value;
/// - on labelled data, a quick kNN check near chance: 5-NN accuracy on a sample of at most 2000 table rows
///   (alternately fitted and scored) below the majority class's share plus a quarter of the rest.
///
/// The thresholds sit far from where a trained map is (the default plan on digits: 2000 steps, the last
/// quarter's fall 13%, kNN 0.98), so the note is never given on a good map.
public enum ConvergenceCheck {
    /// The fraction of its value by which the reconstruction may fall over the last quarter of the epochs.
    public static let steepFall = 0.25

    /// The note for `model` trained on `n` rows at `batch` (its table's labels `labels`, when known), or nil.
    /// `rng` draws the kNN sample.
    public static func note(_ model: GenerativeModel, samples n: Int, batch: Int, labels: [Int32]?, rng: inout Rng) -> String? {
        guard let tables = model.asTables, n > 0 else { return nil }
        let plan = TrainingPlan(samples: n)
        let epochs = model.epochsTrained
        let steps = epochs * TrainingPlan.stepsPerEpoch(samples: n, batch: batch)
        let fix = model.config.makesMap
            ? "train it again (train continues where it stopped), or train without epochs= and batch= for the length and batch chosen for \(n) rows (\(plan.epochs) epochs of batch \(plan.batchSize))"
            : "train it again (train continues where it stopped) with more epochs= or a smaller batch= (\(plan.epochs) epochs of batch \(plan.batchSize) take about \(TrainingPlan.steps) steps)"
        if steps * 4 < TrainingPlan.steps && epochs * 4 < plan.epochs {
            return "note: the map is far from converged: \(steps) optimiser step\(steps == 1 ? "" : "s") in all, where about \(TrainingPlan.steps) are needed; " + fix
        }
        if let fall = recentFall(model.history), fall > steepFall {
            return "note: the map is far from converged: the reconstruction fell by \(Int((fall * 100).rounded()))% over the last quarter of the epochs; " + fix
        }
        if let labels, labels.count == n, let table = tables.trainingEmbedding, let (accuracy, chance) = quickKNN(table, labels, rng: &rng),
           accuracy < chance + (1 - chance) / 4 {
            return "note: the map is far from converged: a quick 5-NN check on the map scores \(String(format: "%.2f", accuracy)), near chance (\(String(format: "%.2f", chance))); " + fix
        }
        return nil
    }

    /// The relative fall of the reconstruction over the last quarter of the epochs (8 epochs or more), nil
    /// when there are fewer.
    static func recentFall(_ history: LossHistory) -> Double? {
        let epochs = history.epochs
        guard epochs.count >= 8 else { return nil }
        let key = history.components.contains("recon") ? "recon" : "loss"
        guard let last = epochs.last?.losses[key], let earlier = epochs[epochs.count - 1 - epochs.count / 4].losses[key],
              earlier > 0, last.isFinite, earlier.isFinite else { return nil }
        return (earlier - last) / earlier
    }

    /// 5-NN accuracy (majority vote, ties to the smaller label) of the table's rows (a sample of at most 2000: the first half fitted, the second scored)
    /// and the majority class's share of the scored half; nil when there are too few rows.
    static func quickKNN(_ table: Matrix, _ labels: [Int32], rng: inout Rng) -> (accuracy: Double, chance: Double)? {
        let m = min(table.rows, 2000)
        guard m >= 40 else { return nil }
        let rows = rng.subsample(table.rows, m)          // ascending: alternate rows fit and score, whatever the order
        let fit = stride(from: 0, to: m, by: 2).map { rows[$0] }, score = stride(from: 1, to: m, by: 2).map { rows[$0] }
        let scoreLabels = score.map { labels[$0] }
        guard let found = try? KNNIndex(points: table.gatherRows(fit)).query(table.gatherRows(score), k: 5) else { return nil }
        var correct = 0
        for (q, truth) in scoreLabels.enumerated() {
            var votes: [Int32: Int] = [:]
            for t in 0..<found.k { votes[labels[fit[Int(found.indices[q * found.k + t])]], default: 0] += 1 }
            let top = votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
            if top == truth { correct += 1 }
        }
        let accuracy = Double(correct) / Double(max(scoreLabels.count, 1))
        var counts: [Int32: Int] = [:]
        for l in scoreLabels { counts[l, default: 0] += 1 }
        let chance = Double(counts.values.max() ?? 0) / Double(max(scoreLabels.count, 1))
        return (accuracy, chance)
    }
}
