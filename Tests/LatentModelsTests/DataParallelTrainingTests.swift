import Foundation
import XCTest
@testable import LatentCore
@testable import LatentModels

/// Ranks of one process, one thread each: collectives meet at a condition variable and reduce in rank
/// order. Lets the data-parallel trainer be tested for equivalence without MPI installed.
final class InProcessGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [[Double]]
    private var result: [[Double]] = []
    private var arrived = 0, generation = 0

    init(size: Int) {
        self.size = size
        slots = Array(repeating: [], count: size)
    }

    /// Every rank's `values`, in rank order, once all ranks have called.
    func exchange(rank: Int, _ values: [Double]) -> [[Double]] {
        condition.lock()
        defer { condition.unlock() }
        slots[rank] = values
        arrived += 1
        let mine = generation
        if arrived == size {
            result = slots
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        return result
    }

    func communicator(rank: Int) -> Communicator { Rank(group: self, rank: rank) }

    private final class Rank: Communicator {
        let group: InProcessGroup
        let rank: Int
        init(group: InProcessGroup, rank: Int) { self.group = group; self.rank = rank }
        var size: Int { group.size }

        private func reduce(_ values: [Double], _ combine: (Double, Double) -> Double) -> [Double] {
            let all = group.exchange(rank: rank, values)
            return (0..<values.count).map { i in all.dropFirst().reduce(all[0][i]) { combine($0, $1[i]) } }
        }
        func allreduceSum(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
            let r = reduce((0..<count).map { Double(buffer[$0]) }, +)
            for i in 0..<count { buffer[i] = Float(r[i]) }
        }
        func allreduceSum(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
            let r = reduce(Array(UnsafeBufferPointer(start: buffer, count: count)), +)
            buffer.update(from: r, count: count)
        }
        func allreduceMax(_ buffer: UnsafeMutablePointer<Double>, count: Int) {
            let r = reduce(Array(UnsafeBufferPointer(start: buffer, count: count)), max)
            buffer.update(from: r, count: count)
        }
        func gather(_ send: UnsafePointer<Float>, count: Int, into receive: UnsafeMutablePointer<Float>?, counts: [Int]) {
            let all = group.exchange(rank: rank, (0..<count).map { Double(send[$0]) })
            guard rank == 0, let receive else { return }
            var offset = 0
            for part in all { for v in part { receive[offset] = Float(v); offset += 1 } }
        }
        func abort(_ code: Int32) -> Never { fatalError("rank \(rank) aborted with \(code)") }
    }
}

/// Runs `body(rank)` for ranks 0..<n, each on its own thread (collectives need them all running at
/// once, which a dispatch queue does not promise), and waits for all of them.
func onRanks(_ n: Int, _ body: @escaping (Int) -> Void) {
    struct Unchecked: @unchecked Sendable { let run: (Int) -> Void }
    let box = Unchecked(run: body)
    let done = DispatchGroup()
    for rank in 0..<n {
        done.enter()
        let thread = Thread { box.run(rank); done.leave() }
        thread.stackSize = 8 << 20
        thread.start()
    }
    done.wait()
}

/// Rows `rows` of a toy dataset, as one rank holds them.
final class ShardOfToyData: SampleSource {
    let whole: ToyData, rows: Range<Int>
    init(_ whole: ToyData, _ rows: Range<Int>) { self.whole = whole; self.rows = rows }
    var sampleCount: Int { rows.count }
    var featureCount: Int { whole.featureCount }
    var classLabels: [Int32]? { Array(whole.labels[rows]) }
    func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) {
        let shifted = indices.map { $0 + rows.lowerBound }
        shifted.withUnsafeBufferPointer { whole.fillRows($0, into: out) }
    }
}

final class DataParallelTrainingTests: XCTestCase {
    private var savedThreads = 1
    override func setUp() { savedThreads = blasThreads(); setBlasThreads(1) }   // ranks run on their own threads
    override func tearDown() { setBlasThreads(savedThreads) }

    func testShardsPartitionTheRowsInBalancedBlocks() {
        for (n, ranks) in [(10, 3), (1797, 2), (5, 5), (7, 4)] {
            let shards = (0..<ranks).map { Shard(rank: $0, ranks: ranks, total: n) }
            XCTAssertEqual(shards.flatMap { Array($0.rows) }, Array(0..<n))
            let counts = shards[0].counts
            XCTAssertEqual(counts, shards.map(\.count))
            XCTAssertLessThanOrEqual(counts.max()! - counts.min()!, 1)
        }
    }

    func testAShardOfATableHoldsTheWholeTablesRowsAndLeavesTheGeneratorAsTheWholeDoes() {
        var a = Rng(seed: 9), b = Rng(seed: 9)
        let whole = EmbeddingTable(count: 50, dims: 3, rng: &a)
        let part = EmbeddingTable(count: 50, dims: 3, rng: &b, keeping: 20..<35)
        XCTAssertEqual(part.count, 15)
        for r in 0..<15 { XCTAssertEqual(part.table.value.rowValues(r), whole.table.value.rowValues(20 + r)) }
        XCTAssertEqual(a.next(), b.next())
    }

    /// Trains `kind` on two in-process ranks and in one process from the same seed.
    private func compareTwoRanksWithOneProcess(_ kind: ModelKind, epochs: Int = 3, batchSize: Int = 50,
                                               file: StaticString = #filePath, line: UInt = #line) throws {
        let data = ToyData(n: 181, d: 16)               // 181 rows: uneven shards and a short last batch
        var config = ModelConfig(kind: kind)
        config.width = 16; config.blocks = 2; config.hidden = [16, 16]; config.depth = 3
        config.supervised = kind == .gnd; config.classes = kind == .gnd ? 3 : 0
        let options = TrainOptions(epochs: epochs, batchSize: batchSize, learningRate: 3e-3)

        var rng = Rng(seed: 11)
        let single = try ModelFactory.make(config, samples: 181, features: 16, rng: &rng)
        _ = try Trainer.train(single, data: data, options: options, rng: &rng)

        let group = InProcessGroup(size: 2)
        var models = [GenerativeModel?](repeating: nil, count: 2)
        var failures = [String](repeating: "", count: 2)
        let lock = NSLock()
        onRanks(2) { rank in
            do {
                let comm = group.communicator(rank: rank)
                let shard = Shard(rank: rank, ranks: 2, total: 181)
                var r = Rng(seed: 11)
                let model = try ModelFactory.make(config, samples: 181, features: 16, rng: &r,
                                                  keeping: kind == .gne || kind == .gnd ? shard.rows : nil)
                _ = try Trainer.train(model, data: ShardOfToyData(data, shard.rows),
                                      parallel: DataParallelContext(communicator: comm, shard: shard),
                                      options: options, rng: &r)
                lock.withLock { models[rank] = model }
            } catch { lock.withLock { failures[rank] = "\(error)" } }
        }
        XCTAssertEqual(failures, ["", ""], file: file, line: line)
        guard let rank0 = models[0] as? DataParallelModel, let rank1 = models[1] as? DataParallelModel else { return }

        XCTAssertEqual(rank0.replicaFingerprint, rank1.replicaFingerprint, "replicas differ", file: file, line: line)
        for (e0, e1) in zip(single.history.epochs, rank0.history.epochs) {
            for (name, v) in e0.losses {
                XCTAssertEqual(v, e1.losses[name]!, accuracy: 1e-4 * max(abs(v), 1), "\(kind) epoch \(e0.epoch) \(name)", file: file, line: line)
            }
        }
        // networks equal up to summation order; tables equal row for row
        let networks = zip(single.parameters, rank0.parameters).filter { $0.0.value.rows == $0.1.value.rows }
        for (p, q) in networks {
            for i in 0..<p.count { XCTAssertEqual(p.value.base[i], q.value.base[i], accuracy: 1e-5, "\(p.name)", file: file, line: line) }
        }
        if single.tableRows > 0 {
            let shard1 = Shard(rank: 1, ranks: 2, total: 181)
            let table = single.parameters[0], part = rank1.parameters[0]
            for r in 0..<shard1.count {
                for (x, y) in zip(table.value.rowValues(shard1.rows.lowerBound + r), part.value.rowValues(r)) {
                    XCTAssertEqual(x, y, accuracy: 1e-5, "table row \(r)", file: file, line: line)
                }
            }
        }
    }

    func testTwoRanksTrainGNEAsOneProcess() throws { try compareTwoRanksWithOneProcess(.gne) }
    func testTwoRanksTrainGNeuroDAVISAsOneProcess() throws { try compareTwoRanksWithOneProcess(.gnd) }
    func testTwoRanksTrainVAEAsOneProcess() throws { try compareTwoRanksWithOneProcess(.vae) }
    func testTwoRanksTrainKaleidoAsOneProcess() throws { try compareTwoRanksWithOneProcess(.kaleido, epochs: 2) }

    /// Batches of 4 over 2 ranks: some steps give one rank no rows, which must still take part (and skip
    /// the global batch's noise draws) for the ranks to stay in step.
    func testRanksWithoutRowsInAStepStayInStep() throws { try compareTwoRanksWithOneProcess(.gne, epochs: 2, batchSize: 4) }

    func testGatheredCheckpointOfShardsEqualsTheWholeModelsCheckpoint() throws {
        var config = ModelConfig(kind: .gnd)
        config.hidden = [8]; config.decoder = .mlp
        var rng = Rng(seed: 4)
        let whole = try ModelFactory.make(config, samples: 31, features: 6, rng: &rng)
        let expected = try Checkpoint.encode(whole)
        let group = InProcessGroup(size: 3)
        var written = [UInt8]()
        let lock = NSLock()
        onRanks(3) { rank in
            let shard = Shard(rank: rank, ranks: 3, total: 31)
            let part = try! ShardedModel.restrict(whole, to: shard.rows)
            let context = DataParallelContext(communicator: group.communicator(rank: rank), shard: shard)
            if let tables = ShardedModel.gatherTables(part, context) {
                let bytes = try! Checkpoint.encode(part, tables: tables, tableRows: 31)
                lock.withLock { written = bytes }
            }
        }
        XCTAssertEqual(written, expected)
    }
}
