import XCTest
import LatentTestSupport
@testable import LatentCore
@testable import LatentEval
@testable import LatentModels
@testable import LatentNeighbours

/// The neighbour force on gnd's means table: the same force as gne's, through
/// `NeighbourForceModel`; new points placed by the same pull; saved and resumed bit for bit.
final class GNDNeighbourTests: XCTestCase {
    /// A small gnd on `data` (rows x features), with the umap force on its 10-neighbour graph when `force`
    /// (the graph's space: a PCA of `components` components, 0: the raw features).
    func gnd(_ data: Matrix, force: Bool, components: Int = 8, decay: Int = 0, seed: UInt64 = 4) throws -> (GNDModel, Rng) {
        var cfg = ModelConfig(kind: .gnd); cfg.hidden = [32, 32]; cfg.decoder = .mlp; cfg.beta = 0.01
        var rng = Rng(seed: seed)
        let m = GNDModel(config: cfg, samples: data.rows, features: data.cols, rng: &rng)
        if force {
            let pca = components > 0 ? try PCAProjection.fit(data, components: components) : nil
            let points = try pca.map { try PCAProjection.apply($0, to: data) } ?? data
            let nb = try KNNGraph.selfNeighbors(points, k: 10, method: .exact)
            var t = NeighbourTerm(graph: NeighbourGraph(nb), weight: 1)
            t.form = .umap; t.decayEpochs = decay; t.space = NeighbourSpace(pca: pca, points: points)
            try m.setNeighbourTerm(t)
        }
        return (m, rng)
    }

    /// On `NuisanceClusters` (whose classes reconstruction alone mixes), gnd with the force separates the
    /// classes on its means: leave-one-out 5-NN accuracy above 0.9 and above gnd's without the force at the
    /// same seed (below 0.7); the losses gain the neighbour component and stay finite and bounded.
    func testForceSeparatesClassesOnTheMeans() throws {
        try SlowTests.skipWhenFast()
        let data = NeighbourTermTests.NuisanceClusters()
        var accuracy: [Double] = []
        for force in [false, true] {
            let (m, start) = try gnd(data.x, force: force)
            var rng = start
            _ = try Trainer.train(m, data: data.x, options: TrainOptions(epochs: 40, batchSize: 32, learningRate: 5e-3), rng: &rng)
            XCTAssertEqual(m.lossComponents, force ? ["loss", "recon", "kl", "neighbour"] : ["loss", "recon", "kl"])
            let last = try XCTUnwrap(m.history.epochs.last?.losses)
            XCTAssertTrue(last.values.allSatisfy { $0.isFinite })
            if force {
                XCTAssertEqual(last["loss"]!, last["recon"]! + 0.01 * last["kl"]! + last["neighbour"]!, accuracy: 1e-3)
                XCTAssertLessThan(last["neighbour"]!, 10, "the layout's cross-entropy per row, \(last)")
            }
            XCTAssertLessThan(last["recon"]!, 1.0, "reconstruction summed over 16 features, \(last)")
            accuracy.append(leaveOneOutAccuracy(m.mean.table.value, labels: data.labels))
        }
        print("gnd leave-one-out 5-NN accuracy without and with the force", accuracy)
        XCTAssertLessThan(accuracy[0], 0.7, "\(accuracy)")
        XCTAssertGreaterThan(accuracy[1], 0.9, "\(accuracy)")
    }

    /// Held-out points land among their class on gnd's map through the pull (kNN accuracy above 0.85 and
    /// above the plain frozen fit's); the same call gives the same points.
    func testTransformPlacesHeldOutPoints() throws {
        let all = NeighbourTermTests.NuisanceClusters(n: 500)
        let train = all.x.gatherRows(Array(0..<400)), held = all.x.gatherRows(Array(400..<500))
        let trainLabels = Array(all.labels[0..<400]), heldLabels = Array(all.labels[400..<500])
        let (m, start) = try gnd(train, force: true)
        var rng = start
        _ = try Trainer.train(m, data: train, options: TrainOptions(epochs: 40, batchSize: 32, learningRate: 5e-3), rng: &rng)
        var options = FitOptions(); options.steps = 60
        let placed = try m.fitFrozen(held, options: options, pull: try XCTUnwrap(try m.neighbourPull(for: held, weight: 1)))
        let again = try m.fitFrozen(held, options: options, pull: try m.neighbourPull(for: held, weight: 1))
        XCTAssertEqual(placed.values, again.values)
        let plain = try m.fitFrozen(held, options: options)
        let table = m.mean.table.value
        let accuracy = try KNNClassifierReport.evaluate(train: table, trainLabels: trainLabels, test: placed,
                                                        testLabels: heldLabels, k: 5).accuracy
        let plainAccuracy = try KNNClassifierReport.evaluate(train: table, trainLabels: trainLabels, test: plain,
                                                             testLabels: heldLabels, k: 5).accuracy
        print("gnd held-out kNN accuracy: transform \(accuracy), plain frozen fit \(plainAccuracy)")
        XCTAssertGreaterThan(accuracy, 0.85)
        XCTAssertGreaterThan(accuracy, plainAccuracy)
    }

    /// Save a gnd with the force after 2 epochs, load, train 2 more: the parameters, losses and schedule of
    /// 4 epochs straight, bit for bit.
    func testCheckpointedForceContinuesBitForBit() throws {
        let data = ToyData(n: 120).x
        let two = TrainOptions(epochs: 2, batchSize: 16, learningRate: 5e-3)
        let (straight, s0) = try gnd(data, force: true, components: 4, decay: 4)
        var rng = s0
        _ = try Trainer.train(straight, data: data, options: TrainOptions(epochs: 4, batchSize: 16, learningRate: 5e-3), rng: &rng)
        let (first, s1) = try gnd(data, force: true, components: 4, decay: 4)
        var rng2 = s1
        _ = try Trainer.train(first, data: data, options: two, rng: &rng2)
        let loaded = try XCTUnwrap(try Checkpoint.decode(try Checkpoint.encode(first), path: "mem") as? GNDModel)
        XCTAssertEqual(loaded.neighbourTerm?.graph.indices, first.neighbourTerm?.graph.indices)
        XCTAssertEqual(loaded.neighbourTerm?.epochsDone, first.neighbourTerm?.epochsDone)
        _ = try Trainer.train(loaded, data: data, options: two, rng: &rng2)
        XCTAssertEqual(allValues(loaded), allValues(straight))
        XCTAssertEqual(loaded.history.epochs.map { $0.losses }, straight.history.epochs.map { $0.losses })
        XCTAssertEqual(loaded.neighbourTerm?.epochsDone, straight.neighbourTerm?.epochsDone)
    }

    /// init=spectral on a model: on points along a curve (a connected graph) the table starts at the graph's
    /// spectral layout, standardised, whose first coordinate follows the curve (|correlation with the curve
    /// parameter| above 0.95); on a graph in two pieces it falls back and says why.
    func testSpectralStartAndFallback() throws {
        let n = 300
        let x = Matrix(rows: n, cols: 4)
        var noise = Rng(seed: 9)
        for i in 0..<n {
            let t = Float(i) / Float(n)
            x[i, 0] = t; x[i, 1] = sinf(3 * t); x[i, 2] = cosf(3 * t); x[i, 3] = 0.01 * noise.normal()
        }
        let (m, _) = try gnd(x, force: true, components: 0)
        var fellBack = false
        let start = try m.initialiseSpectral(m.neighbourTerm!.graph, seed: 1) { fellBack = true; return x.gatherRows(Array(0..<n)) }
        guard case .spectral = start else { return XCTFail("\(start)") }
        XCTAssertFalse(fellBack)
        let e = m.mean.table.value
        var st = 0.0, sc = 0.0, stt = 0.0, scc = 0.0, stc = 0.0
        for i in 0..<n {
            let t = Double(i) / Double(n), c = Double(e[i, 0])
            st += t; sc += c; stt += t * t; scc += c * c; stc += t * c
        }
        let mean = sc / Double(n), variance = scc / Double(n) - mean * mean
        XCTAssertEqual(mean, 0, accuracy: 1e-4); XCTAssertEqual(variance, 1, accuracy: 1e-3)   // standardised
        let corr = (stc / Double(n) - st / Double(n) * mean) / ((stt / Double(n) - st * st / Double(n * n)) * variance).squareRoot()
        XCTAssertGreaterThan(abs(corr), 0.95)
        // two far-apart copies of a few points: a graph of two pieces
        let y = Matrix(rows: 40, cols: 2)
        for i in 0..<40 { y[i, 0] = Float(i % 20) * 0.01 + (i < 20 ? 0 : 100); y[i, 1] = Float(i % 7) * 0.01 }
        let (g, _) = try gnd(y, force: true, components: 0)
        let fallback = try g.initialiseSpectral(g.neighbourTerm!.graph, seed: 1) { y.gatherRows(Array(0..<40)) }
        XCTAssertEqual(fallback, .fallback(reason: "the neighbour graph has 2 connected components"))
    }
}
