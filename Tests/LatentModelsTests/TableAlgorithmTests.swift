import XCTest
@testable import LatentCore
@testable import LatentModels

/// The algorithms that left the command layer: re-assignment, table initialisation, reconstruction error,
/// iterated sampling options and the film strip.
final class TableAlgorithmTests: XCTestCase {
    func trainedGNE(_ data: ToyData, epochs: Int = 3) throws -> GNEModel {
        var c = ModelConfig(kind: .gne)
        c.width = 16; c.blocks = 1
        var rng = Rng(seed: 2)
        let m = try ModelFactory.make(c, samples: data.sampleCount, features: data.featureCount, rng: &rng) as! GNEModel
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: epochs, batchSize: 32, learningRate: 0.01), rng: &rng)
        return m
    }

    /// Per-feature squared error of decoding the table against the data.
    func tableMSE(_ m: GNEModel, _ data: ToyData) -> Double {
        let y = m.decode(m.table.table.value)
        var s = 0.0
        for i in 0..<y.count { let d = Double(y.base[i] - data.x.base[i]); s += d * d }
        return s / Double(y.count)
    }

    func testReassignmentMovesFreeRowsToBetterNodesAndReportsTheTrueErrors() throws {
        let data = ToyData()
        let m = try trainedGNE(data)
        m.table.setPinned([0, 1, 2], true)
        m.table.table.moment1.fill(1)
        let pinned = (0..<3).map { m.table.table.value.rowValues($0) }
        let before = tableMSE(m, data)
        let r = try Reassignment.run(m, data: data)
        XCTAssertEqual(r.before, before, accuracy: 1e-6)
        XCTAssertEqual(r.after, tableMSE(m, data), accuracy: 1e-6, "the reported error is the table's new error")
        XCTAssertGreaterThan(r.moved, 0)
        XCTAssertLessThan(r.after, r.before)
        XCTAssertEqual((0..<3).map { m.table.table.value.rowValues($0) }, pinned, "pinned rows stay")
        let restarted = (0..<240).filter { m.table.table.moment1.rowValues($0).allSatisfy { $0 == 0 } }
        XCTAssertEqual(restarted.count, r.moved, "moved rows, and only they, restart their Adam moments")
    }

    func testReassignmentRefusesBadGridOtherDataAndClassConditionedDecoders() throws {
        let data = ToyData()
        let m = try trainedGNE(data, epochs: 1)
        var o = ReassignOptions()
        o.latticeSide = 1
        XCTAssertThrowsError(try Reassignment.run(m, data: data, options: o)) { XCTAssertEqual(($0 as? ConfigError)?.option, "grid") }
        XCTAssertThrowsError(try Reassignment.run(m, data: ToyData(n: 30))) {
            XCTAssertEqual($0 as? TrainingError, .tableRowsMismatch(tableRows: 240, samples: 30, kind: "gne"))
        }
        var c = ModelConfig(kind: .gnd)
        c.supervised = true; c.classes = 3
        var rng = Rng(seed: 1)
        let gnd = try XCTUnwrap(try ModelFactory.make(c, samples: 240, features: 16, rng: &rng).asTables)
        XCTAssertThrowsError(try Reassignment.run(gnd, data: data)) { XCTAssert("\($0)".contains("needs one per point"), "\($0)") }
    }

    func testInitialisedPositionsAreStandardisedCopiesAndMomentsRestart() throws {
        let data = ToyData(n: 50)
        var rng = Rng(seed: 4)
        let m = try XCTUnwrap(try ModelFactory.make(ModelConfig(kind: .gnd), samples: 50, features: 16, rng: &rng).asTables)
        m.positions.table.moment1.fill(1)
        let points = Matrix(rows: 50, cols: 2)
        for r in 0..<50 { points[r, 0] = Float(r); points[r, 1] = 3 - 0.5 * Float(r * r % 7) }
        try m.initialisePositions(points)
        let t = m.positions.table.value
        for j in 0..<2 {
            let col = (0..<50).map { Double(t[$0, j]) }
            let mean = col.reduce(0, +) / 50
            XCTAssertEqual(mean, 0, accuracy: 1e-5)
            XCTAssertEqual((col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 50).squareRoot(), 1, accuracy: 1e-4)
        }
        XCTAssertEqual(t[10, 0] - t[9, 0], t[1, 0] - t[0, 0], accuracy: 1e-5, "a linear map of the points")
        XCTAssert(m.positions.table.moment1.values.allSatisfy { $0 == 0 })
        XCTAssertThrowsError(try m.initialisePositions(Matrix(rows: 49, cols: 2))) { XCTAssertEqual(($0 as? ConfigError)?.option, "init") }
        _ = data
    }

    func testReconstructionErrorIsThePerFeatureMSEOnASeededSubsample() throws {
        let data = ToyData()
        let m = try trainedGNE(data, epochs: 1)
        var rng = Rng(seed: 8)
        let whole = try XCTUnwrap(ReconstructionError.measure(m, data: data, embedding: m.table.table.value, rng: &rng))
        XCTAssertEqual(whole.samples, 240)
        XCTAssertEqual(whole.mse, tableMSE(m, data), accuracy: 1e-7)
        let part = try XCTUnwrap(ReconstructionError.measure(m, data: data, embedding: m.table.table.value, sampleCap: 40, rng: &rng))
        XCTAssertEqual(part.samples, 40)
        XCTAssertNotEqual(part.mse, whole.mse)
        XCTAssertNil(ReconstructionError.measure(m, data: data, embedding: Matrix(rows: 3, cols: 2), rng: &rng), "not one point per row")
    }

    func testIteratedSamplingValidatesAndTheFilmStripPicksEveryStrideThState() throws {
        var o = IteratedSamplingOptions()
        o.count = 0
        XCTAssertThrowsError(try o.validate()) { XCTAssertEqual(($0 as? ConfigError)?.option, "count") }
        o = IteratedSamplingOptions(); o.burnIn = -1
        XCTAssertThrowsError(try o.validate()) { XCTAssertEqual(($0 as? ConfigError)?.option, "burn") }
        o = IteratedSamplingOptions(); o.noise = -0.1
        XCTAssertThrowsError(try o.validate()) { XCTAssertEqual(($0 as? ConfigError)?.option, "noise") }

        // chain=true records the first 8 chains at about 12 frames, whatever the count and burn-in
        o = IteratedSamplingOptions(); o.count = 10; o.burnIn = 24
        XCTAssertNil(o.recording, "nothing is recorded without keepChain")
        o.keepChain = true
        XCTAssertEqual(o.recording, ChainRecording(chains: 8, every: 2), "26 states, every 2nd: 13 frames")
        o.count = 3
        XCTAssertEqual(o.recording?.chains, 3, "never more chains than were drawn")

        // the recorded states 0, 2, ..., 24 of 8 chains of 3 features; state s of chain c holds (s, c, 0)
        let states = stride(from: 0, through: 24, by: 2).map { s -> Matrix in
            let m = Matrix(rows: 8, cols: 3)
            for c in 0..<8 { m[c, 0] = Float(s); m[c, 1] = Float(c) }
            return m
        }
        let chain = KaleidoChain(samples: Matrix(rows: 10, cols: 3), chain: states, recordedEvery: 2,
                                 settleSteps: Array(repeating: nil, count: 10))
        let strip = chain.filmStrip()
        XCTAssertEqual(strip.stride, 2)
        XCTAssertEqual(strip.columns, 13, "states 0, 2, ..., 24")
        XCTAssertEqual(strip.images.rows, 8 * 13, "the 8 recorded chains")
        XCTAssertEqual(strip.images.rowValues(3 * 13 + 5), [10, 3, 0], "chain 3, frame 5 = state 10")
    }
}
