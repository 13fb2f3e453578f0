import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCore
@testable import LatentModels
@testable import LatentNeighbours

/// The umap neighbour force under data-parallel training against one process, on two
/// in-process ranks (`InProcessGroup`). The layout's edge and negative draws differ (a per-rank generator),
/// and each rank moves only its own rows while reading the others' from the last allgather, so the tables
/// are not bit-equal. Equal: the step-size schedule (epochs done, decay), the two ranks' histories and
/// network replicas. Close: the per-epoch reconstruction and layout losses, inside the spread of one
/// process run with other draws (widened by 2 and 1.25), and the map's class structure (leave-one-out
/// 5-NN accuracy within 0.05 of one process's, both above 0.9 where plain GNE scores below 0.6).
final class ShardedLayoutTests: XCTestCase {
    private var savedThreads = 1
    override func setUp() { savedThreads = blasThreads(); setBlasThreads(1) }
    override func tearDown() { setBlasThreads(savedThreads) }

    /// Rows `rows` of `whole`, as one rank holds them.
    final class Rows: SampleSource {
        let whole: NeighbourTermTests.NuisanceClusters, rows: Range<Int>
        init(_ whole: NeighbourTermTests.NuisanceClusters, _ rows: Range<Int>) { self.whole = whole; self.rows = rows }
        var sampleCount: Int { rows.count }
        var featureCount: Int { whole.featureCount }
        var classLabels: [Int32]? { Array(whole.labels[rows]) }
        func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) {
            let shifted = indices.map { $0 + rows.lowerBound }
            shifted.withUnsafeBufferPointer { whole.fillRows($0, into: out) }
        }
    }

    private let epochs = 40, batchSize = 32

    private func model(_ data: NeighbourTermTests.NuisanceClusters, graph: NeighbourGraph?) -> (GNEModel, Rng) {
        var cfg = ModelConfig(kind: .gne); cfg.width = 16; cfg.blocks = 2
        var rng = Rng(seed: 4)
        let m = GNEModel(config: cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        if let graph { var t = NeighbourTerm(graph: graph, weight: 1); t.form = .umap; m.neighbourTerm = t }
        return (m, rng)
    }

    /// Trains the force on `ranks` in-process ranks from a whole model cut down to each rank's shard, as
    /// `load` then `train` under mpirun does; returns each rank's model.
    private func trainSharded(_ data: NeighbourTermTests.NuisanceClusters, graph: NeighbourGraph, ranks: Int,
                              refreshSteps: Int = 0) throws -> [GNEModel] {
        let group = InProcessGroup(size: ranks)
        var models = [GNEModel?](repeating: nil, count: ranks)
        var failures = [String](repeating: "", count: ranks)
        let lock = NSLock()
        onRanks(ranks) { rank in
            do {
                let (whole, seeded) = self.model(data, graph: graph)
                var rng = seeded
                let shard = Shard(rank: rank, ranks: ranks, total: data.sampleCount)
                let part = try ShardedModel.restrict(whole, to: shard.rows)
                _ = try Trainer.train(part, data: Rows(data, shard.rows),
                                      parallel: DataParallelContext(communicator: group.communicator(rank: rank), shard: shard),
                                      options: TrainOptions(epochs: self.epochs, batchSize: self.batchSize, learningRate: 5e-3),
                                      rng: &rng, layoutRefreshSteps: refreshSteps)
                lock.withLock { models[rank] = part as? GNEModel }
            } catch { lock.withLock { failures[rank] = "\(error)" } }
        }
        XCTAssertEqual(failures, [String](repeating: "", count: ranks))
        return models.compactMap { $0 }
    }

    /// The whole table of sharded models, in rank order.
    private func wholeTable(_ parts: [GNEModel]) -> Matrix {
        let rows = parts.reduce(0) { $0 + $1.tableRows }, k = parts[0].dims
        let m = Matrix(rows: rows, cols: k)
        var r = 0
        for p in parts { for i in 0..<p.tableRows { for c in 0..<k { m[r, c] = p.table.table.value[i, c] } ; r += 1 } }
        return m
    }

    /// One process from the same initial model, its generator advanced by `skip` draws first (other
    /// batches and other layout draws): the spread a sharded run is judged against.
    private func singleProcess(_ data: NeighbourTermTests.NuisanceClusters, graph: NeighbourGraph?, skip: Int = 0) throws -> GNEModel {
        let (m, seed) = model(data, graph: graph)
        var rng = seed
        rng.skip(skip)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: epochs, batchSize: batchSize, learningRate: 5e-3), rng: &rng)
        return m
    }

    func testTwoRanksLayOutTheMapAsOneProcessWithinTheStatedTolerance() throws {

        try SlowTests.skipWhenFast()
        let data = NeighbourTermTests.NuisanceClusters()
        let graph = bruteForceGraph(data.x, k: 10)
        let plain = try singleProcess(data, graph: nil)
        let singles = try [0, 1, 3].map { try singleProcess(data, graph: graph, skip: $0) }
        let single = singles[0]
        let parts = try trainSharded(data, graph: graph, ranks: 2)
        guard parts.count == 2 else { return }
        // equal
        XCTAssertEqual(parts[0].replicaFingerprint, parts[1].replicaFingerprint)
        XCTAssertEqual(parts[0].history.epochs.map(\.losses), parts[1].history.epochs.map(\.losses))
        for p in parts {
            XCTAssertEqual(p.neighbourTerm!.decayEpochs, single.neighbourTerm!.decayEpochs)
            XCTAssertEqual(p.neighbourTerm!.epochsDone, single.neighbourTerm!.epochsDone, accuracy: 1e-9)
            XCTAssertNil(p.shardedLayout, "the sharded state ends with the train call")
            XCTAssertEqual(p.neighbourTerm!.graph.count, data.sampleCount, "every rank keeps the whole graph")
        }
        // close: inside the band of three one-process runs with other draws, widened by 2 (recon) and
        // 1.25 (layout). Measured: the sharded recon sits above the band, by up to 1.6x its top;
        // the layout loss within 1.07x of it
        var worst = ["recon": 1.0, "neighbour": 1.0]
        for e in 0..<(epochs - 1) {   // the last epoch's step size is about 0
            for (name, widen) in [("recon", 2.0), ("neighbour", 1.25)] {
                let band = singles.map { Double($0.history.epochs[e].losses[name]!) }
                let v = Double(parts[0].history.epochs[e].losses[name]!)
                worst[name] = max(worst[name]!, v / band.max()!, band.min()! / v)
                XCTAssertTrue(v >= band.min()! / widen && v <= band.max()! * widen, "\(name), epoch \(e + 1): \(v) against one process's \(band)")
            }
        }
        print("largest factor outside one process's band (1: inside):", worst)
        let accuracy = (plain: leaveOneOutAccuracy(plain.table.table.value, labels: data.labels),
                        single: leaveOneOutAccuracy(single.table.table.value, labels: data.labels),
                        ranks: leaveOneOutAccuracy(wholeTable(parts), labels: data.labels))
        print("leave-one-out 5-NN accuracy: plain, one process, two ranks", accuracy)
        XCTAssertLessThan(accuracy.plain, 0.6)
        XCTAssertGreaterThan(accuracy.single, 0.9)
        XCTAssertGreaterThan(accuracy.ranks, 0.9)
        XCTAssertEqual(accuracy.ranks, accuracy.single, accuracy: 0.05)
    }

    /// The refresh interval is a real setting: every step against once an epoch (4 steps here) gives
    /// different tables (the others' rows are read fresher), both laid out; the automatic interval keeps
    /// the allgather's floats at most the gradient allreduce's.
    func testRefreshingEveryStepReadsFresherPositions() throws {
        try SlowTests.skipWhenFast()
        let data = NeighbourTermTests.NuisanceClusters(n: 120)
        let graph = bruteForceGraph(data.x, k: 10)
        XCTAssertEqual(Trainer.automaticRefreshSteps(rows: 1_260_000, dims: 2, replicated: 84_432), 30)
        XCTAssertEqual(Trainer.automaticRefreshSteps(rows: 120, dims: 2, replicated: 5_000), 1)
        let perEpoch = try trainSharded(data, graph: graph, ranks: 2, refreshSteps: 4)
        let perStep = try trainSharded(data, graph: graph, ranks: 2, refreshSteps: 1)
        guard perEpoch.count == 2, perStep.count == 2 else { return }
        XCTAssertNotEqual(wholeTable(perEpoch).values, wholeTable(perStep).values)
        XCTAssertGreaterThan(leaveOneOutAccuracy(wholeTable(perStep), labels: data.labels), 0.8)
    }

    func testSmoothFormIsRefusedWithASentence() throws {
        let data = NeighbourTermTests.NuisanceClusters(n: 60)
        let graph = bruteForceGraph(data.x, k: 5)
        let group = InProcessGroup(size: 1)
        let (m, seed) = model(data, graph: nil)
        m.neighbourTerm = NeighbourTerm(graph: graph, weight: 1)
        var rng = seed
        let shard = Shard(rank: 0, ranks: 1, total: 60)
        XCTAssertThrowsError(try Trainer.train(m, data: data, parallel: DataParallelContext(communicator: group.communicator(rank: 0), shard: shard),
                                               options: TrainOptions(epochs: 1, batchSize: 16), rng: &rng)) { e in
            XCTAssertTrue("\(e)".contains("smooth neighbour force"), "\(e)")
        }
    }
}
