import XCTest
@testable import LatentCore
@testable import LatentModels

/// `independentCopy`: the copy holds exactly the original's state, trains exactly as it would, and is
/// independent of it.
final class ModelCopyTests: XCTestCase {
    /// Every kind: the copy's checkpoint bytes equal the original's (tensors, moments, optimiser, history,
    /// pins, neighbour force); the same training with equal generators gives bit-identical parameters and
    /// losses; training the copy further leaves the original unchanged.
    func testCopyIsExactAndIndependentForEveryKind() throws {
        let data = ToyData(n: 90)
        for kind in ModelKind.allCases {
            var cfg = ModelConfig(kind: kind); cfg.width = 12; cfg.blocks = 1; cfg.depth = 2
            var rng = Rng(seed: 11)
            let m = try ModelFactory.make(cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
            if let layout = m.asLayoutForce {
                var t = NeighbourTerm(graph: bruteForceGraph(data.x, k: 6), weight: 1); t.form = .umap
                try layout.setNeighbourTerm(t, dataset: nil)
            }
            m.asTables?.setPinned([3, 4], true)
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 32, learningRate: 3e-3), rng: &rng)

            let copy = try m.independentCopy()
            XCTAssertFalse(copy === m)
            XCTAssertTrue(try Checkpoint.encode(copy) == Checkpoint.encode(m), "\(kind): the copy holds the same state")
            XCTAssertEqual(copy.asTables?.pinnedRows, m.asTables?.pinnedRows)
            XCTAssertEqual(copy.asLayoutForce?.neighbourTerm?.epochsDone, m.asLayoutForce?.neighbourTerm?.epochsDone)

            var r1 = rng, r2 = rng
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 32), rng: &r1)
            _ = try Trainer.train(copy, data: data, options: TrainOptions(epochs: 2, batchSize: 32), rng: &r2)
            XCTAssertTrue(allValues(copy) == allValues(m), "\(kind): the same training gives the same parameters")
            XCTAssertEqual(copy.history.epochs.map(\.losses), m.history.epochs.map(\.losses), "\(kind): and the same losses")
            XCTAssertEqual(copy.optimizer.step, m.optimizer.step)

            let before = allValues(m), history = m.history.count
            _ = try Trainer.train(copy, data: data, options: TrainOptions(epochs: 1, batchSize: 32, learningRate: 1e-2), rng: &r2)
            XCTAssertTrue(allValues(m) == before, "\(kind): training the copy leaves the original unchanged")
            XCTAssertEqual(m.history.count, history)
            XCTAssertTrue(allValues(copy) != before, "\(kind): the copy did train")
            XCTAssertEqual(m.optimizer.config.learningRate, 3e-3, "\(kind): the copy's lr is its own")
        }
    }
}
