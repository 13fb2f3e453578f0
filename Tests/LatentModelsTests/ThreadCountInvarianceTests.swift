import XCTest
@testable import LatentCore
@testable import LatentNeighbours
@testable import LatentModels

/// Training gives the same bits with 1, 2 and 3 threads: products, reductions and the layout's random
/// streams are cut by the size of the work, never by the team (`Parallel.parts`, `GemmSplit`). Sizes are
/// chosen so that every kind of cut is taken: row and column splits of products, an inner split (the
/// (64, 64) weight gradients over a 512-row batch), a loss summed in two parts, a layout step in eight
/// chunks, and an NN-descent graph.
final class ThreadCountInvarianceTests: XCTestCase {
    private var saved = 1
    override func setUp() { saved = blasThreads() }
    override func tearDown() { setBlasThreads(saved) }

    private let data = NeighbourTermTests.NuisanceClusters(n: 1024, d: 128)
    private let small = NeighbourTermTests.NuisanceClusters(n: 512, d: 32)

    /// Everything a run leaves: the table, every decoder parameter and the loss curve, as bit patterns.
    struct Outcome: Equatable {
        var parameters: [[UInt32]] = []
        var losses: [UInt32] = []
    }

    func train(threads: Int, neighbours: Bool) throws -> Outcome {
        setBlasThreads(threads)
        let data = neighbours ? small : data
        var config = ModelConfig(kind: .gne)
        config.width = 64
        config.blocks = 2
        var rng = Rng(seed: 21)
        let model = try ModelFactory.make(config, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        if neighbours {
            let graph = try KNNGraph.selfNeighbors(data.x, k: 10, method: .approx, seed: 4)
            var term = NeighbourTerm(graph: NeighbourGraph(graph), weight: 0.5)
            term.form = .umap
            try XCTUnwrap(model.asLayoutForce).setNeighbourTerm(term, dataset: "clusters")
        }
        var out = Outcome()
        let batch = neighbours ? 256 : 512
        _ = try Trainer.train(model, data: data, options: TrainOptions(epochs: 2, batchSize: batch, learningRate: 5e-3),
                              rng: &rng, onEpoch: { r in out.losses.append(Float(r.losses["loss"] ?? .nan).bitPattern) })
        out.parameters = model.parameters.map { $0.value.values.map(\.bitPattern) }
        return out
    }

    func testTrainingGivesTheSameBitsForOneTwoAndThreeThreads() throws {
        let one = try train(threads: 1, neighbours: false)
        XCTAssertEqual(one.losses.count, 2)
        XCTAssertTrue(one.losses.allSatisfy { Float(bitPattern: $0).isFinite })
        for threads in [2, 3] {
            XCTAssertEqual(try train(threads: threads, neighbours: false), one, "\(threads) threads")
        }
    }

    func testNeighbourMapGivesTheSameBitsForOneTwoAndThreeThreads() throws {
        let one = try train(threads: 1, neighbours: true)
        for threads in [2, 3] {
            XCTAssertEqual(try train(threads: threads, neighbours: true), one, "\(threads) threads")
        }
    }

    /// A table much longer than window · batch takes the deferred dense Adam (`Adam.updateDeferred`): the
    /// same bits for 1, 2 and 3 threads, and training leaves it settled (settling again changes nothing).
    func testDeferredTableStepsAreSettledAndThreadIndependent() throws {
        let data = NeighbourTermTests.NuisanceClusters(n: 2048, d: 16)
        func run(threads: Int) throws -> [[UInt32]] {
            setBlasThreads(threads)
            var config = ModelConfig(kind: .gne)
            config.width = 16
            config.blocks = 1
            var rng = Rng(seed: 22)
            let model = try ModelFactory.make(config, samples: data.sampleCount, features: data.featureCount, rng: &rng)
            XCTAssertGreaterThan(data.sampleCount, DeferredAdamSteps.window(beta1: 0.9) * 8, "the deferred path")
            _ = try Trainer.train(model, data: data, options: TrainOptions(epochs: 1, batchSize: 8, learningRate: 5e-3), rng: &rng)
            let table = try XCTUnwrap(model.asTables).positions
            let trained = table.table.value.values
            table.settle()
            XCTAssertEqual(table.table.value.values, trained, "train left the table settled")
            return model.parameters.map { $0.value.values.map(\.bitPattern) }
        }
        let one = try run(threads: 1)
        XCTAssertEqual(try run(threads: 2), one)
        XCTAssertEqual(try run(threads: 3), one)
    }

    /// The cuts the runs above rely on: a split product matches the whole within rounding, whatever the
    /// team, and its pieces follow the shape alone.
    func testProductSplitFollowsTheShapeOnly() {
        XCTAssertEqual(GemmSplit(m: 512, n: 128, k: 64).kind, .rows)
        XCTAssertEqual(GemmSplit(m: 64, n: 128, k: 512).kind, .cols)
        XCTAssertEqual(GemmSplit(m: 64, n: 64, k: 512), GemmSplit(m: 64, n: 64, k: 512))
        XCTAssertEqual(GemmSplit(m: 64, n: 64, k: 512).kind, .inner)
        XCTAssertEqual(GemmSplit(m: 64, n: 64, k: 100).kind, .whole)
        let big = GemmSplit(m: 1024, n: 784, k: 64)
        for threads in [1, 2, 5] {
            setBlasThreads(threads)
            XCTAssertEqual(GemmSplit(m: 1024, n: 784, k: 64), big)
        }
        XCTAssertEqual(big.parts, Parallel.maxParts)
    }
}
