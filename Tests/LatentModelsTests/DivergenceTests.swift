import XCTest
@testable import LatentCore
@testable import LatentModels

/// The trainer's divergence guard: non-finite weights behind a finite loss, and rollback to the last
/// state known to be finite.
final class DivergenceTests: XCTestCase {
    func make(_ kind: ModelKind, samples: Int, seed: UInt64 = 4) throws -> GenerativeModel {
        var cfg = ModelConfig(kind: kind)
        cfg.width = kind == .kaleido ? 32 : 16; cfg.blocks = 2; cfg.depth = 3
        var rng = Rng(seed: seed)
        return try ModelFactory.make(cfg, samples: samples, features: 16, rng: &rng)
    }

    /// At lr=1e9 (gne) or 1e20 (kaleido: on this small set its weights stay finite at 1e9) the weights become
    /// NaN while the clamped sigmoid/tanh keep the loss finite: the epoch-end check of the parameters catches
    /// it and restores the last good state.
    func testNonFiniteWeightsBehindAFiniteLossAreCaught() throws {
        let data = ToyData(n: 120)
        for (kind, lr) in [(ModelKind.gne, Float(1e9)), (.kaleido, 1e20)] {
            let m = try make(kind, samples: data.sampleCount)
            var rng = Rng(seed: 3)
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 40, learningRate: 1e-3), rng: &rng)
            XCTAssertThrowsError(try Trainer.train(m, data: data, options: TrainOptions(epochs: 3, batchSize: 40, learningRate: lr),
                                                   rng: &rng), "\(kind)") { e in
                XCTAssertTrue("\(e)".contains("became NaN or infinite"), "\(kind): \(e)")
            }
            XCTAssertNil(m.firstNonFiniteParameter, "\(kind): the model keeps finite weights")
            XCTAssertGreaterThanOrEqual(m.history.count, 2, "\(kind)")
        }
    }

    /// One batch per epoch: the last step of an epoch ruins the weights and only the next epoch's first
    /// batch sees it. The 30 good epochs survive, and training at a sane lr works again afterwards.
    func testRollbackRestoresTheLastFiniteState() throws {
        let data = ToyData(n: 200)
        let m = try make(.gnd, samples: data.sampleCount)
        var rng = Rng(seed: 6)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 30, batchSize: 1000, learningRate: 1e-3), rng: &rng)
        let good = allValues(m), history = m.history
        XCTAssertThrowsError(try Trainer.train(m, data: data, options: TrainOptions(epochs: 3, batchSize: 1000, learningRate: 1e6),
                                               rng: &rng)) { e in
            XCTAssertTrue("\(e)".contains("rolled back to the end of epoch 30"), "\(e)")
        }
        XCTAssertEqual(m.history, history, "the 30 good epochs are kept, the diverged ones dropped")
        XCTAssertEqual(allValues(m), good)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 5, batchSize: 1000, learningRate: 1e-3), rng: &rng)
        XCTAssertEqual(m.history.count, 35)
        XCTAssertNil(m.firstNonFiniteParameter)
        XCTAssertTrue(m.history.epochs.last!.losses["loss"]!.isFinite)
    }

    /// The same with a call of one epoch: its last step ruins the weights and no later batch of the call
    /// would see it, so the call judges it on the next epoch's first batch before returning; without that
    /// the call succeeded and every later `train` failed.
    func testACallsLastStepIsJudgedBeforeTheCallReturns() throws {
        let data = ToyData(n: 200)
        let m = try make(.gnd, samples: data.sampleCount)
        var rng = Rng(seed: 6)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 30, batchSize: 1000, learningRate: 1e-3), rng: &rng)
        let good = allValues(m)
        XCTAssertThrowsError(try Trainer.train(m, data: data, options: TrainOptions(epochs: 1, batchSize: 1000, learningRate: 1e6),
                                               rng: &rng)) { e in
            XCTAssertTrue("\(e)".contains("by the end of epoch 31; the model was rolled back to the end of epoch 30"), "\(e)")
        }
        XCTAssertEqual(allValues(m), good)
        XCTAssertEqual(m.history.count, 30)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 1000, learningRate: 1e-3), rng: &rng)
        XCTAssertEqual(m.history.count, 32)
    }

    /// Judging the last step draws from a copy of the generator and applies nothing: train 2 + train 1
    /// still equals train 3 bit for bit.
    func testJudgingTheLastStepChangesNothing() throws {
        let data = ToyData(n: 90)
        for kind in ModelKind.allCases {
            let a = try make(kind, samples: data.sampleCount), b = try make(kind, samples: data.sampleCount)
            var ra = Rng(seed: 2), rb = Rng(seed: 2)
            _ = try Trainer.train(a, data: data, options: TrainOptions(epochs: 2, batchSize: 40), rng: &ra)
            _ = try Trainer.train(a, data: data, options: TrainOptions(epochs: 1, batchSize: 40), rng: &ra)
            _ = try Trainer.train(b, data: data, options: TrainOptions(epochs: 3, batchSize: 40), rng: &rb)
            XCTAssertEqual(allValues(a), allValues(b), "\(kind)")
            XCTAssertEqual(ra.next(), rb.next(), "\(kind)")
        }
    }
}
