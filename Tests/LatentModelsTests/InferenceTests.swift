import XCTest
import LatentTestSupport
@testable import LatentCore
@testable import LatentModels

final class InferenceTests: XCTestCase {
    func mse(_ a: Matrix, _ b: Matrix) -> Float {
        var s: Float = 0
        for i in 0..<a.count { let d = a.base[i] - b.base[i]; s += d * d }
        return s / Float(a.count)
    }

    /// Fitting the training rows again with the decoder frozen reconstructs about as well as the learned table.
    func testFrozenDecoderFitMatchesTrainedTable() throws {
        try SlowTests.skipWhenFast()
        let data = ToyData()
        var cfg = ModelConfig(kind: .gne); cfg.width = 16; cfg.blocks = 2
        var rng = Rng(seed: 6)
        let m = GNEModel(config: cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 150, batchSize: 32, learningRate: 1e-2), rng: &rng)
        let tableError = mse(m.decode(m.table.table.value), data.x)
        var opts = FitOptions(); opts.steps = 200
        let z = try m.fitFrozen(data, options: opts)
        let fitError = mse(m.decode(z), data.x)
        var noFit = FitOptions(); noFit.steps = 0; noFit.latticeSide = 0
        let zeroError = mse(m.decode(try m.fitFrozen(data, options: noFit)), data.x)
        XCTAssertLessThan(fitError, tableError * 1.5 + 1e-3, "fit \(fitError) vs table \(tableError)")
        XCTAssertLessThan(fitError, zeroError * 0.5, "fitting beats leaving points at the origin (\(zeroError))")
    }

    func testVAERepeatedInferenceSettles() throws {
        let data = ToyData()
        var cfg = ModelConfig(kind: .vae); cfg.width = 16; cfg.blocks = 2
        var rng = Rng(seed: 7)
        let m = VAEModel(config: cfg, features: data.featureCount, rng: &rng)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 60, batchSize: 32, learningRate: 1e-2), rng: &rng)
        let (traj, final) = m.repeatedInference(data, steps: 8)
        XCTAssertEqual(traj.count, 8)
        XCTAssertEqual(final.rows, data.sampleCount)
        XCTAssertLessThan(mse(traj[7], traj[6]), mse(traj[1], traj[0]), "steps shrink as trajectories settle")
    }

    func testKaleidoSamplesMoveTowardsTheData() throws {

        try SlowTests.skipWhenFast()
        let data = ToyData()
        var cfg = ModelConfig(kind: .kaleido); cfg.width = 32; cfg.depth = 4
        var rng = Rng(seed: 8)
        let m = KaleidoModel(config: cfg, features: data.featureCount, rng: &rng)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 200, batchSize: 32, learningRate: 1e-3), rng: &rng)
        var replay = rng
        let chain = m.sample(count: 50, burnIn: 30, noise: 0.01, record: ChainRecording(chains: 50), rng: &rng)
        XCTAssertEqual(chain.chain.count, 32)
        // recording fewer chains and states keeps only those, with the same values
        let bounded = m.sample(count: 50, burnIn: 30, noise: 0.01, record: ChainRecording(chains: 8, every: 4), rng: &replay)
        XCTAssertEqual(bounded.chain.count, 8, "states 0, 4, ..., 28 of 32")
        XCTAssertEqual(bounded.chain.map(\.rows), [Int](repeating: 8, count: 8))
        for (j, state) in bounded.chain.enumerated() {
            XCTAssertEqual(state.values, Array(chain.chain[4 * j].values.prefix(8 * data.featureCount)))
        }
        XCTAssertEqual(bounded.samples.values, chain.samples.values)
        func nearest(_ s: Matrix) -> Float {
            var total: Float = 0
            for r in 0..<s.rows {
                var best = Float.infinity
                for i in 0..<data.sampleCount {
                    var d: Float = 0
                    for j in 0..<data.featureCount { let t = s[r, j] - data.x[i, j]; d += t * t }
                    best = min(best, d)
                }
                total += best
            }
            return total / Float(s.rows)
        }
        XCTAssertLessThan(nearest(chain.samples), 0.2 * nearest(chain.chain[0]), "samples are near the data, unlike the noise")
        XCTAssert(chain.samples.values.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    func testLatticeAndPriorShapes() throws {
        let data = ToyData()
        var rng = Rng(seed: 1)
        let m = try ModelFactory.make(ModelConfig(kind: .gne), samples: data.sampleCount, features: data.featureCount, rng: &rng) as! GNEModel
        let z = Generation.latticePoints(m, side: 5)
        XCTAssertEqual(z.rows, 25)
        XCTAssertGreaterThan(z[0, 1], z[24, 1], "top row first")
        XCTAssertLessThan(z[0, 0], z[4, 0])
        XCTAssertEqual(Generation.priorPoints(m, count: 7, rng: &rng).rows, 7)
        XCTAssertEqual(Generation.decode(m, z).cols, data.featureCount)
    }
}
