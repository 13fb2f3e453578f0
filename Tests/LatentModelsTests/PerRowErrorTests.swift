import XCTest
@testable import LatentCore
@testable import LatentModels

/// Per-row reconstruction errors average to the whole-data error, and rank a row the decoder cannot
/// reproduce above the others.
final class PerRowErrorTests: XCTestCase {
    func testPerRowErrorsAverageToTheMeasuredErrorAndFindABadRow() throws {
        let data = ToyData(n: 120)
        var cfg = ModelConfig(kind: .gne); cfg.width = 16; cfg.blocks = 1
        var rng = Rng(seed: 6)
        let m = GNEModel(config: cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 20, batchSize: 32, learningRate: 1e-2), rng: &rng)
        let table = m.table.table.value
        let rows = try XCTUnwrap(ReconstructionError.perRow(m, data: data, embedding: table, block: 7))   // blocks that do not divide n
        XCTAssertEqual(rows.count, 120)
        let whole = try XCTUnwrap(ReconstructionError.measure(m, data: data, embedding: table, sampleCap: 1000, rng: &rng))
        XCTAssertEqual(rows.reduce(0, +) / 120, whole.mse, accuracy: 1e-6 * max(1, whole.mse))
        // a row moved far outside the map decodes to something unlike its data
        let moved = table.gatherRows(Array(0..<120))
        moved[17, 0] = 40; moved[17, 1] = -40
        let after = try XCTUnwrap(ReconstructionError.perRow(m, data: data, embedding: moved))
        XCTAssertEqual(after.indices.max { after[$0] < after[$1] }, 17)
        XCTAssertNil(ReconstructionError.perRow(m, data: data, embedding: Matrix(rows: 3, cols: 2)))
        XCTAssertNil(ReconstructionError.perRow(m, data: data, embedding: table, shouldStop: { true }))
    }
}
