import XCTest
import Foundation
@testable import LatentCore
@testable import LatentModels

/// The library side of the default map: the training plan from the data's size, the learning-rate
/// schedule, the convergence note, and the data transform in checkpoints (older files load without it).
final class DefaultPathTests: XCTestCase {
    /// A gne model of `n` rows x 4 features whose table holds `classes` separated clusters (label i % classes)
    /// and whose history has `epochs` epochs of reconstruction `recon(epoch)`.
    func model(rows n: Int, classes: Int, epochs: Int, recon: (Int) -> Double) -> (GNEModel, [Int32]) {
        var rng = Rng(seed: 1)
        var cfg = ModelConfig(kind: .gne); cfg.width = 4; cfg.blocks = 0
        let m = GNEModel(config: cfg, samples: n, features: 4, rng: &rng)
        let labels = (0..<n).map { Int32($0 % classes) }
        for i in 0..<n {
            m.positions.table.value[i, 0] = Float(labels[i]) * 10 + rng.uniform(-1, 1)
            m.positions.table.value[i, 1] = rng.uniform(-1, 1)
        }
        for e in 1...max(epochs, 1) where epochs > 0 {
            m.history.epochs.append(EpochRecord(epoch: e, losses: ["loss": recon(e)], seconds: 0))
        }
        return (m, labels)
    }

    func testPlanGivesEnoughStepsOnSmallTablesAndTheGNEBatchOnLargeData() {
        let iris = TrainingPlan(samples: 150)
        XCTAssertEqual(iris.batchSize, 16)
        XCTAssertGreaterThanOrEqual(iris.epochs * TrainingPlan.stepsPerEpoch(samples: 150, batch: iris.batchSize), TrainingPlan.steps)
        let mnist = TrainingPlan(samples: 60000)
        XCTAssertEqual(mnist.batchSize, 1024)
        XCTAssertEqual(mnist.epochs, 34)
        XCTAssertEqual(mnist.finalFraction, 1, "a constant rate on large data")
        XCTAssertEqual(iris.finalFraction, TrainingPlan.defaultFinalFraction)
        XCTAssertEqual(TrainingPlan(samples: 1_260_000).epochs, TrainingPlan.minimumEpochs)
        let digits = TrainingPlan(samples: 1797)
        XCTAssertEqual(digits.batchSize, 128)
        XCTAssertEqual(digits.epochs, TrainingPlan.smallEpochs)
        XCTAssertEqual(TrainingPlan(samples: 20).batchSize, 16)
        XCTAssertEqual(TrainingPlan(samples: 5).batchSize, 5)
    }

    func testScheduleFallsFromOneToTheFinalFractionAlongAHalfCosine() {
        let s = LearningRateSchedule(finalFraction: 0.1)
        XCTAssertEqual(s.factor(step: 0, of: 101), 1, accuracy: 1e-6)
        XCTAssertEqual(s.factor(step: 50, of: 101), 0.55, accuracy: 1e-6)
        XCTAssertEqual(s.factor(step: 100, of: 101), 0.1, accuracy: 1e-6)
        XCTAssertEqual(s.factor(step: 0, of: 1), 1)
    }

    /// One epoch at the plan's batch: too few steps. A map with the plan's steps, a flat loss and separated
    /// classes: no note. A map with enough steps but its loss still falling steeply, or a table at chance.
    func testConvergenceNoteOnlyWhenFarFromConverged() {
        var rng = Rng(seed: 5)
        let n = 600, plan = TrainingPlan(samples: n)
        let (young, labels) = model(rows: n, classes: 5, epochs: 1) { _ in 0.1 }
        let note = ConvergenceCheck.note(young, samples: n, batch: plan.batchSize, labels: labels, rng: &rng)
        XCTAssertTrue(note?.contains("far from converged: 10 optimiser steps in all") ?? false, note ?? "no note")

        let (done, _) = model(rows: n, classes: 5, epochs: plan.epochs) { e in 0.05 + 0.01 / Double(e) }
        XCTAssertNil(ConvergenceCheck.note(done, samples: n, batch: plan.batchSize, labels: labels, rng: &rng))

        let (falling, _) = model(rows: n, classes: 5, epochs: plan.epochs) { e in 1 / Double(e * e) }
        let fall = ConvergenceCheck.note(falling, samples: n, batch: plan.batchSize, labels: labels, rng: &rng)
        XCTAssertTrue(fall?.contains("the reconstruction fell by") ?? false, fall ?? "no note")

        let shuffled = labels.map { _ in Int32(rng.next() % 5) }            // labels unrelated to the clusters
        let chance = ConvergenceCheck.note(done, samples: n, batch: plan.batchSize, labels: shuffled, rng: &rng)
        XCTAssertTrue(chance?.contains("near chance") ?? false, chance ?? "no note")
    }

    /// The transform travels in the checkpoint; a file written without one (as every older file) loads with
    /// none; a transform whose width is not the model's is refused, naming the file.
    func testTransformInTheCheckpointAndOlderFilesWithout() throws {
        let (m, _) = model(rows: 40, classes: 2, epochs: 2) { _ in 0.1 }
        let t = DataTransform(scale: [0.5, 1, 2, 1], offset: [-1, 0, 0, 3], low: [-1, 0, 0, 3], high: [1, 1, 2, 4],
                              featureNames: ["a", "b", "c", "d"])
        let with = try Checkpoint.encode(m, labels: Checkpoint.Labels(transform: t))
        XCTAssertEqual(try Checkpoint.decodeWithLabels(with, path: "with.model").labels.transform, t)

        let older = try Checkpoint.encode(m, labels: Checkpoint.Labels())
        XCTAssertFalse(String(decoding: older, as: UTF8.self).contains("transform"), "no transform field at all, as older files")
        let loaded = try Checkpoint.decodeWithLabels(older, path: "older.model")
        XCTAssertNil(loaded.labels.transform)
        XCTAssertEqual(loaded.model.history.count, 2)

        var narrow = t
        narrow.scale.removeLast(); narrow.offset.removeLast(); narrow.low.removeLast(); narrow.high.removeLast(); narrow.featureNames = nil
        let bad = try Checkpoint.encode(m, labels: Checkpoint.Labels(transform: narrow))
        XCTAssertThrowsError(try Checkpoint.decodeWithLabels(bad, path: "bad.model")) { error in
            XCTAssertTrue("\(error)".contains("bad.model has a data transform for 3 features, but the model takes 4"), "\(error)")
        }
    }

    func testRangeWarningNamesTheColumnAndTheNumbers() {
        let t = DataTransform(scale: [1, 1], offset: [0, 0], low: [0, -1], high: [1, 1], featureNames: ["x", "y"])
        XCTAssertNil(t.rangeWarning(low: [-0.5, -2], high: [1.5, 2], dataset: "near"))
        let w = t.rangeWarning(low: [0, -1], high: [1, 40], dataset: "far")
        XCTAssertEqual(w, "'far' lies far outside the model's training range in 1 of 2 features: column 'y' reaches 40 where the training values span -1 to 1 (after the training data's scaling); the model places such rows by extrapolation")
    }
}
