import XCTest
import LatentTestSupport
@testable import LatentCore
@testable import LatentEval
@testable import LatentModels
@testable import LatentNeighbours

/// The neighbour force's t-SNE side of the attraction-repulsion spectrum (`NeighbourTerm.Spectrum`,
/// `PairForce`): its gradients, its normalisation, its schedule, its checkpoint and its checks.
final class NeighbourSpectrumTests: XCTestCase {
    /// Both pair losses of the kernel, for the Cauchy tail and a heavier one, against central differences:
    /// dLoss/dy_i = c (y_i - y_j); attraction pulls (c > 0) and repulsion pushes (c < 0).
    func testPairLossGradients() {
        let pairs: [([Double], [Double])] = [([0.3, -0.2], [0.1, 0.4]), ([2.0, 1.0], [-1.5, 0.5]), ([5, 5], [-3, 2]), ([0.05, 0], [0, 0.02])]
        for tail: Float in [1, 0.5] {
            let force = PairForce.spectrum(.init(exaggeration: 3, tail: tail, repulsionScale: 7))
            for (yi, yj) in pairs {
                for attractive in [true, false] {
                    func evaluate(_ y: [Double]) -> (Double, Double) {
                        let d2 = Float((y[0] - yj[0]) * (y[0] - yj[0]) + (y[1] - yj[1]) * (y[1] - yj[1]))
                        if attractive { let r = force.attraction(d2: d2); return (Double(r.loss), Double(r.coefficient)) }
                        let r = force.repulsion(d2: d2); return (Double(r.loss), Double(r.coefficient))
                    }
                    let coefficient = evaluate(yi).1
                    XCTAssert(attractive ? coefficient > 0 : coefficient < 0, "tail \(tail) \(yi) \(yj)")
                    for c in 0..<2 {
                        let h = 1e-3 * max(1, abs(yi[c] - yj[c]))      // Float losses: not below 1e-3
                        var up = yi, down = yi
                        up[c] += h; down[c] -= h
                        let numeric = (evaluate(up).0 - evaluate(down).0) / (2 * h)
                        XCTAssertEqual(coefficient * (yi[c] - yj[c]), numeric, accuracy: 2e-2 * max(1e-3, abs(numeric)),
                                       "tail \(tail) \(attractive ? "attraction" : "repulsion") \(yi) \(yj) dim \(c)")
                    }
                }
            }
        }
    }

    /// The repulsion is normalised by the mean kernel, so it does not depend on the map's scale: the estimate
    /// of a table's mean kernel matches the exact mean over all pairs (within 10%), and early exaggeration
    /// raises the attraction to 12 for the given epochs only.
    func testNormalisationAndEarlyExaggeration() {
        let n = 300
        var rng = Rng(seed: 3)
        let table = Matrix(rows: n, cols: 2)
        rng.fillNormal(table.base, count: table.count)
        var t = NeighbourTerm(graph: bruteForceGraph(table, k: 5), weight: 1)
        t.form = .umap
        t.spectrum = .init(exaggeration: 2, tail: 1, earlyEpochs: 3)
        var exact = 0.0
        for i in 0..<n { for j in 0..<n {
            let dx = table[i, 0] - table[j, 0], dy = table[i, 1] - table[j, 1]
            exact += 1 / Double(1 + dx * dx + dy * dy)
        } }
        exact /= Double(n * n)
        XCTAssertEqual(t.estimateMeanKernel(table: table, pairs: 20000, rng: &rng), exact, accuracy: 0.1 * exact)
        t.meanKernel = 0.25
        guard case .spectrum(let early) = t.pairForce else { return XCTFail("expected the spectrum's force") }
        XCTAssertEqual(early.exaggeration, 12)
        XCTAssertEqual(early.repulsionScale, 2 / (5 * 0.25), accuracy: 1e-6)
        t.epochsDone = 3
        guard case .spectrum(let late) = t.pairForce else { return XCTFail("expected the spectrum's force") }
        XCTAssertEqual(late.exaggeration, 2)
    }

    /// On `NuisanceClusters` (whose classes reconstruction alone mixes), the t-SNE end of the spectrum
    /// separates the classes as UMAP's curve does: leave-one-out 5-NN accuracy above 0.9 (measured 1.0),
    /// and the running mean kernel is a probability-like number in (0, 1).
    func testTSNEEndSeparatesClasses() throws {
        let data = NeighbourTermTests.NuisanceClusters()
        var cfg = ModelConfig(kind: .gne); cfg.width = 16; cfg.blocks = 2
        var rng = Rng(seed: 4)
        let m = GNEModel(config: cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        var t = NeighbourTerm(graph: bruteForceGraph(data.x, k: 10), weight: 1)
        t.form = .umap
        t.spectrum = .init(exaggeration: 1)
        m.neighbourTerm = t
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 40, batchSize: 32, learningRate: 5e-3), rng: &rng)
        let accuracy = leaveOneOutAccuracy(m.table.table.value, labels: data.labels)
        XCTAssertGreaterThan(accuracy, 0.9)
        let mean = try XCTUnwrap(m.neighbourTerm?.meanKernel)
        XCTAssert(mean > 0 && mean < 1, "mean kernel \(mean)")
    }

    /// A checkpoint keeps the spectrum and the running mean kernel: 2 epochs, save, load, 2 more equal 4
    /// straight bit for bit.
    func testCheckpointKeepsTheSpectrum() throws {
        let data = ToyData(n: 120).x
        let nb = try KNNGraph.selfNeighbors(data, k: 8, method: .exact)
        func model() throws -> (GNEModel, Rng) {
            var cfg = ModelConfig(kind: .gne); cfg.width = 16; cfg.blocks = 2
            var rng = Rng(seed: 4)
            let m = GNEModel(config: cfg, samples: data.rows, features: data.cols, rng: &rng)
            var t = NeighbourTerm(graph: NeighbourGraph(nb), weight: 1)
            t.form = .umap; t.decayEpochs = 4
            t.spectrum = NeighbourTerm.Spectrum(exaggeration: 1.5, tail: 0.7, earlyEpochs: 1)
            try m.setNeighbourTerm(t)
            return (m, rng)
        }
        let options = TrainOptions(epochs: 2, batchSize: 16, learningRate: 5e-3)
        let (straight, s0) = try model()
        var rng = s0
        _ = try Trainer.train(straight, data: data, options: TrainOptions(epochs: 4, batchSize: 16, learningRate: 5e-3), rng: &rng)
        let (first, s1) = try model()
        var rng2 = s1
        _ = try Trainer.train(first, data: data, options: options, rng: &rng2)
        let loaded = try Checkpoint.decode(try Checkpoint.encode(first), path: "mem") as! GNEModel
        XCTAssertEqual(loaded.neighbourTerm?.spectrum, first.neighbourTerm?.spectrum)
        XCTAssertEqual(loaded.neighbourTerm?.meanKernel, first.neighbourTerm?.meanKernel)
        _ = try Trainer.train(loaded, data: data, options: options, rng: &rng2)
        XCTAssertEqual(loaded.table.table.value.values, straight.table.table.value.values)
    }

    /// Settings outside the spectrum are refused with a sentence naming them; exaggeration 0 means UMAP's curve.
    func testSettingsAreChecked() throws {
        XCTAssertNil(try NeighbourTerm.Spectrum.setting(exaggeration: 0, tail: 1, earlyEpochs: 0))
        for (rho, tail, early, word) in [(Float(0.5), Float(1), 0, "exaggeration"), (1, 0, 0, "tail"), (1, 1.5, 0, "tail"), (1, 1, -1, "early")] {
            XCTAssertThrowsError(try NeighbourTerm.Spectrum.setting(exaggeration: rho, tail: tail, earlyEpochs: early)) { error in
                XCTAssert("\(error)".contains(word), "\(error)")
            }
        }
    }
}
