import XCTest
import LatentTestSupport
@testable import LatentCore
@testable import LatentEval
@testable import LatentModels
@testable import LatentNeighbours

/// New points placed on a neighbour-aware map (`NeighbourPull` through `fitFrozen`), and the neighbour
/// force saved in and restored from a checkpoint.
final class NeighbourTransformTests: XCTestCase {
    /// Accuracy of a k-NN majority vote fitted on `train` (labels `trainLabels`) for the rows of `test`.
    func knnAccuracy(train: Matrix, trainLabels: [Int32], test: Matrix, testLabels: [Int32], k: Int = 5) throws -> Double {
        let nb = try KNNIndex(points: train).query(test, k: k)
        var correct = 0
        for q in 0..<test.rows {
            let near = nb.indices(of: q).map { trainLabels[Int($0)] }
            var votes: [Int32: Int] = [:]
            for l in near { votes[l, default: 0] += 1 }
            let best = votes.values.max()!
            if near.first(where: { votes[$0] == best }) == testLabels[q] { correct += 1 }
        }
        return Double(correct) / Double(test.rows)
    }

    /// A small gne model on `data` with the umap force on its graph of `k` neighbours, the graph's space
    /// a PCA of `components` components (0: the raw features).
    func forcedModel(_ data: Matrix, k: Int = 10, components: Int = 0, decay: Int = 0, seed: UInt64 = 4) throws -> (GNEModel, Rng) {
        var cfg = ModelConfig(kind: .gne); cfg.width = 16; cfg.blocks = 2
        var rng = Rng(seed: seed)
        let m = GNEModel(config: cfg, samples: data.rows, features: data.cols, rng: &rng)
        let pca = components > 0 ? try PCAProjection.fit(data, components: components) : nil
        let points = try pca.map { try PCAProjection.apply($0, to: data) } ?? data
        let nb = try KNNGraph.selfNeighbors(points, k: k, method: .exact)
        var t = NeighbourTerm(graph: NeighbourGraph(nb), weight: 1)
        t.form = .umap; t.decayEpochs = decay; t.space = NeighbourSpace(pca: pca, points: points)
        try m.setNeighbourTerm(t)
        return (m, rng)
    }

    /// Held-out points of `NuisanceClusters` (whose classes reconstruction alone mixes) land among their
    /// class on the map: the transform's kNN accuracy clears 0.85 and beats the plain frozen fit's
    /// (measured 0.98 against 0.92; its start alone 0.92); the same call gives the same points.
    func testTransformPlacesHeldOutPointsInTheirCluster() throws {
        try SlowTests.skipWhenFast()
        let all = NeighbourTermTests.NuisanceClusters(n: 500)
        let train = all.x.gatherRows(Array(0..<400)), held = all.x.gatherRows(Array(400..<500))
        let trainLabels = Array(all.labels[0..<400]), heldLabels = Array(all.labels[400..<500])
        let (m, start) = try forcedModel(train, components: 8)
        var rng = start
        _ = try Trainer.train(m, data: train, options: TrainOptions(epochs: 40, batchSize: 32, learningRate: 5e-3), rng: &rng)
        var options = FitOptions(); options.steps = 60
        let pull = try XCTUnwrap(try m.neighbourPull(for: held, weight: 1))
        let placed = try m.fitFrozen(held, options: options, pull: pull)
        let again = try m.fitFrozen(held, options: options, pull: try m.neighbourPull(for: held, weight: 1))
        XCTAssertEqual(placed.values, again.values, "the transform is deterministic")
        let plain = try m.fitFrozen(held, options: options)
        let table = m.table.table.value
        let accuracy = try knnAccuracy(train: table, trainLabels: trainLabels, test: placed, testLabels: heldLabels)
        let plainAccuracy = try knnAccuracy(train: table, trainLabels: trainLabels, test: plain, testLabels: heldLabels)
        let startAccuracy = try knnAccuracy(train: table, trainLabels: trainLabels, test: pull.start(), testLabels: heldLabels)
        print("held-out kNN accuracy: transform \(accuracy), its start \(startAccuracy), plain frozen fit \(plainAccuracy)")
        XCTAssertGreaterThan(accuracy, 0.85)
        XCTAssertGreaterThan(accuracy, plainAccuracy)
    }

    /// The pull's start is the membership-weighted mean of the neighbours' rows: a point equal to a
    /// training row starts on that row when its other neighbours are far (membership ~0).
    func testStartIsMembershipWeightedMean() throws {
        let x = Matrix(rows: 4, cols: 1, values: [0, 10, 11, 12])
        let (m, _) = try forcedModel(x, k: 2)
        m.table.table.value.base.update(from: [Float](arrayLiteral: 1, 1, 5, 5, 6, 6, 7, 7), count: 8)
        let pull = try XCTUnwrap(try m.neighbourPull(for: Matrix(rows: 1, cols: 1, values: [10.2]), weight: 1))
        XCTAssertEqual(Array(pull.indices), [1, 2])
        XCTAssertEqual(pull.memberships[0], 1, accuracy: 1e-6)            // the nearest has membership 1
        let z = pull.start()
        let w = pull.memberships[1]
        XCTAssertEqual(z[0, 0], (5 + w * 6) / (1 + w), accuracy: 1e-5)
        XCTAssertThrowsError(try m.neighbourPull(for: Matrix(rows: 1, cols: 2), weight: 1))   // wrong feature count
        XCTAssertThrowsError(try m.neighbourPull(for: Matrix(rows: 1, cols: 1), weight: -1))
    }

    /// Save after 2 epochs, load, train 2 more: the same parameters, losses and schedule as 4 epochs
    /// straight, bit for bit; the loaded force has the same graph, fuzzy graph and space.
    func testCheckpointedForceContinuesBitForBit() throws {
        let data = ToyData(n: 120).x
        let options = TrainOptions(epochs: 2, batchSize: 16, learningRate: 5e-3)
        let (straight, s0) = try forcedModel(data, k: 8, components: 4, decay: 4)
        var rng = s0
        _ = try Trainer.train(straight, data: data, options: TrainOptions(epochs: 4, batchSize: 16, learningRate: 5e-3), rng: &rng)

        let (first, s1) = try forcedModel(data, k: 8, components: 4, decay: 4)
        var rng2 = s1
        _ = try Trainer.train(first, data: data, options: options, rng: &rng2)
        let loaded = try Checkpoint.decode(try Checkpoint.encode(first), path: "mem") as! GNEModel
        let a = try XCTUnwrap(first.neighbourTerm), b = try XCTUnwrap(loaded.neighbourTerm)
        XCTAssertEqual(a.graph.indices, b.graph.indices)
        XCTAssertEqual(a.graph.fuzzy.weights, b.graph.fuzzy.weights)
        XCTAssertEqual(a.graph.fuzzy.targets, b.graph.fuzzy.targets)
        XCTAssertEqual(a.space?.points.values, b.space?.points.values)
        XCTAssertEqual(a.space?.pca?.components.values, b.space?.pca?.components.values)
        XCTAssertEqual(a.epochsDone, b.epochsDone)
        XCTAssertEqual(b.decayEpochs, 4); XCTAssertEqual(b.form, .umap); XCTAssertEqual(b.curve, a.curve)
        _ = try Trainer.train(loaded, data: data, options: options, rng: &rng2)

        XCTAssertEqual(allValues(loaded), allValues(straight))
        XCTAssertEqual(loaded.history.epochs.map { $0.losses }, straight.history.epochs.map { $0.losses })
        XCTAssertEqual(loaded.neighbourTerm?.epochsDone, straight.neighbourTerm?.epochsDone)
        // and the loaded model places new points as the original does
        let q = data.gatherRows([3, 50])
        XCTAssertEqual(try loaded.neighbourPull(for: q, weight: 1)?.start().values,
                       try straight.neighbourPull(for: q, weight: 1)?.start().values)
    }

    /// A model without the force writes no `neighbours` field, so its file is the format before the field
    /// existed, and loads with no force.
    func testCheckpointWithoutForceIsTheOldFormat() throws {
        let (m, _) = try forcedModel(ToyData(n: 40).x, k: 5)
        try m.setNeighbourTerm(nil)
        let bytes = try Checkpoint.encode(m)
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let json = String(decoding: bytes[16..<(16 + headerLength)], as: UTF8.self)
        XCTAssertFalse(json.contains("neighbours"))
        let loaded = try Checkpoint.decode(bytes, path: "mem") as! GNEModel
        XCTAssertNil(loaded.neighbourTerm)
        XCTAssertEqual(allValues(loaded), allValues(m))
    }

    /// A checkpoint whose force section is cut short is refused with a sentence, not a crash.
    func testTruncatedForceSectionIsRefused() throws {
        let (m, _) = try forcedModel(ToyData(n: 40).x, k: 5)
        var bytes = try Checkpoint.encode(m)
        bytes.removeLast(8 + 40)                       // the checksum and part of the projected rows
        bytes += withUnsafeBytes(of: Checkpoint.fnv1a(bytes).littleEndian, Array.init)
        XCTAssertThrowsError(try Checkpoint.decode(bytes, path: "cut.model")) { error in
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
    }

    /// Rolling back a diverged run restores the force's schedule with the parameters.
    func testRollbackRestoresTheSchedule() throws {
        let (m, _) = try forcedModel(ToyData(n: 40).x, k: 5, decay: 10)
        var t = m.neighbourTerm!; t.epochsDone = 2; try m.setNeighbourTerm(t)
        let snapshot = ModelSnapshot()
        snapshot.capture(m)
        t.epochsDone = 7; try m.setNeighbourTerm(t)
        snapshot.restore(into: m)
        XCTAssertEqual(m.neighbourTerm?.epochsDone, 2)
    }
}
