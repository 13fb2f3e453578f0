import Foundation
import LatentModels
import XCTest
import LatentTestSupport

/// `mpirun -np 2 latent run ...` against one process on the bundled digits: the same loss curves, the
/// same checkpoint, identical network replicas, and up-front refusal of commands that need whole data.
/// Skipped when Open MPI's mpirun is not installed (scripts/setup installs it).
final class DataParallelTests: XCTestCase {
    static func mpirun() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/mpirun") {
            return "\(folder)/mpirun"
        }
        throw XCTSkip("mpirun is not installed (apt-get install openmpi-bin); the data-parallel tests need it")
    }

    /// Runs `latent run script` in `folder`, under `mpirun -np ranks` when ranks > 1.
    static func run(_ script: String, ranks: Int, in folder: URL) throws -> LatentBinary.Outcome {
        let latent = try LatentBinary.binary().path
        let file = folder.appendingPathComponent("s\(ranks).latent")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        if ranks > 1 {
            process.executableURL = URL(fileURLWithPath: try mpirun())
            process.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "\(ranks)", latent, "run", file.path]
        } else {
            process.executableURL = URL(fileURLWithPath: latent)
            process.arguments = ["run", file.path]
        }
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("latent-mpi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path

    /// Every number printed by `losses` tables, in order.
    static func lossValues(_ output: String) -> [Double] {
        output.split(separator: "\n").filter { $0.first?.isNumber == true }
            .flatMap { $0.split(separator: " ").dropFirst().compactMap { Double($0) } }
    }

    func testTwoRanksTrainEveryMethodAsOneProcessDoes() throws {

        try SlowTests.skipWhenFast()
        _ = try Self.mpirun()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
        set seed 3
        set timings false
        d = load "\(Self.digits)" label=first scale=16 image=[8, 8]
        d
        m = model gne dims=2 width=32 blocks=2 plain=true
        train m d epochs=4 batch=128 lr=3e-3
        losses m
        save m "gne.model"
        c = model gnd supervised=true hidden=[32, 64] beta=0.01 plain=true
        train c d epochs=3 batch=100
        losses c
        save c "gnd.model"
        v = model vae dims=2
        train v d epochs=3 batch=128
        losses v
        k = model kaleido depth=3 width=64
        train k d epochs=2 batch=128
        losses k
        """
        let one = try Self.run(script, ranks: 1, in: dir)
        XCTAssertEqual(one.status, 0, one.output)
        for name in ["gne", "gnd"] {
            try FileManager.default.moveItem(at: dir.appendingPathComponent("out/\(name).model"),
                                             to: dir.appendingPathComponent("\(name)-one.model"))
        }
        let two = try Self.run(script, ranks: 2, in: dir)
        XCTAssertEqual(two.status, 0, two.output)
        XCTAssertTrue(two.output.contains("1797 samples x 64 features (8x8 images), 10 classes, uint8; sharded over 2 ranks (rank 0 holds 898 rows)"), two.output)
        // each train call ends with a collective comparison of the replicas' fingerprints
        XCTAssertEqual(two.output.components(separatedBy: "on 2 ranks (network replicas identical)").count - 1, 4, two.output)

        // the same global batches and noise draws: loss curves agree up to float summation order
        let a = Self.lossValues(one.output), b = Self.lossValues(two.output)
        XCTAssertEqual(a.count, 4 + 3 * 3 + 3 * 3 + 2)        // the four loss tables
        XCTAssertEqual(a.count, b.count)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-3 * max(abs(x), 1e-3), "\(a) vs \(b)") }

        // the gathered checkpoint is a whole-table checkpoint equal to the single-process one
        for name in ["gne", "gnd"] {
            let single = try Checkpoint.load(from: dir.appendingPathComponent("\(name)-one.model").path)
            let gathered = try Checkpoint.load(from: dir.appendingPathComponent("out/\(name).model").path)
            XCTAssertEqual(gathered.tableRows, 1797)
            XCTAssertEqual(gathered.optimizer.step, single.optimizer.step)
            for (p, q) in zip(single.parameters, gathered.parameters) {
                XCTAssertEqual(p.name, q.name)
                XCTAssertEqual(p.value.shape.0, q.value.shape.0)
                var worst: Float = 0
                for i in 0..<p.count { worst = max(worst, abs(p.value.base[i] - q.value.base[i])) }
                XCTAssertLessThan(worst, 1e-5, "\(name) \(p.name)")
            }
        }
    }

    func testASavedModelContinuesOnTwoRanksAsInOneProcess() throws {

        try SlowTests.skipWhenFast()
        _ = try Self.mpirun()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = """
        set seed 5
        d = load "\(Self.digits)" label=first scale=16
        m = model gne dims=2 width=32 blocks=2 plain=true
        train m d epochs=2 batch=128
        save m "start.model"
        export d to "d.npy"
        """
        XCTAssertEqual(try Self.run(first, ranks: 1, in: dir).status, 0)
        let resume = """
        set seed 6
        set timings false
        m = load "out/start.model"
        d = load "out/d.npy" labels="out/d.labels.npy"
        d
        train m d epochs=2 batch=128
        losses m last=2
        """
        let one = try Self.run(resume, ranks: 1, in: dir), two = try Self.run(resume, ranks: 2, in: dir)
        XCTAssertEqual(two.status, 0, two.output)
        XCTAssertTrue(two.output.contains("1797 samples x 64 features"), two.output)     // each rank read its rows in place
        let a = Self.lossValues(one.output), b = Self.lossValues(two.output)
        XCTAssertEqual(a.count, 2)
        XCTAssertEqual(a.count, b.count)
        for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-3 * x) }
    }

    /// The umap neighbour force under mpirun: the graph is built in one process and saved
    /// with the model; each rank loads it and moves its own rows. Equal: the two ranks' printed history is
    /// one (rank 0 prints the summed losses) and the schedule ends where one process's does. Close (the
    /// layout's draws differ, see ShardedLayout): per-epoch reconstruction within a factor 2 of one
    /// process's, the layout loss within 25 %, and the gathered map's 5-fold kNN within 0.05.
    func testTheNeighbourForceTrainsOnTwoRanksCloseToOneProcess() throws {
        try SlowTests.skipWhenFast()
        _ = try Self.mpirun()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = """
        set seed 5
        d = load "\(Self.digits)" label=first scale=16
        m = model gne dims=2 width=32 blocks=2 init=pca
        neighbours m d weight=1
        save m "start.model"
        export d to "d.npy"
        """
        let made = try Self.run(first, ranks: 1, in: dir)
        XCTAssertEqual(made.status, 0, made.output)
        func resume(_ name: String) -> String {
            """
            set seed 6
            set timings false
            m = load "out/start.model"
            d = load "out/d.npy" labels="out/d.labels.npy"
            train m d epochs=12 batch=128 lr=5e-3
            losses m last=12
            save m "\(name).model"
            """
        }
        let one = try Self.run(resume("one"), ranks: 1, in: dir), two = try Self.run(resume("two"), ranks: 2, in: dir)
        XCTAssertEqual(one.status, 0, one.output)
        XCTAssertEqual(two.status, 0, two.output)
        XCTAssertTrue(two.output.contains("on 2 ranks (network replicas identical)"), two.output)
        let a = Self.lossValues(one.output), b = Self.lossValues(two.output)
        XCTAssertEqual(a.count, 12 * 3, one.output)   // loss, neighbour, recon per epoch (the table's order)
        XCTAssertTrue(one.output.contains("loss     neighbour  recon"), one.output)
        XCTAssertEqual(a.count, b.count, two.output)
        for e in 0..<min(a.count, b.count) / 3 where e < 11 {
            let (la, lb) = (a[3 * e + 1], b[3 * e + 1]), (ra, rb) = (a[3 * e + 2], b[3 * e + 2])
            XCTAssertTrue(rb <= 2 * ra && rb >= ra / 2, "recon, epoch \(e + 1): \(rb) on two ranks, \(ra) in one process")
            XCTAssertEqual(lb, la, accuracy: 0.25 * la, "layout, epoch \(e + 1)")
        }
        let score = """
        set seed 1
        d = load "out/d.npy" labels="out/d.labels.npy"
        a = load "out/one.model" quiet=true
        b = load "out/two.model" quiet=true
        ra = eval a d trust=0 quiet=true
        rb = eval b d trust=0 quiet=true
        print ra.accuracy rb.accuracy
        """
        let scored = try Self.run(score, ranks: 1, in: dir)
        XCTAssertEqual(scored.status, 0, scored.output)
        let values = scored.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        XCTAssertEqual(values.count, 2, scored.output)
        guard values.count == 2 else { return }
        print("5-fold kNN on the digits: one process \(values[0]), two ranks \(values[1])")
        XCTAssertGreaterThan(values[0], 0.8)
        XCTAssertEqual(values[1], values[0], accuracy: 0.05)
    }

    func testCommandsNeedingWholeDataAreRefusedBeforeAnythingRuns() throws {
        _ = try Self.mpirun()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
        d = load "\(Self.digits)" label=first scale=16
        m = model gne
        train m d epochs=1
        eval m d
        """
        let two = try Self.run(script, ranks: 2, in: dir)
        XCTAssertEqual(two.status, 65, two.output)
        XCTAssertTrue(two.output.contains("s2.latent:4:1: error: 'eval' is not available under mpirun: ranks hold shards of the data"), two.output)
        XCTAssertFalse(two.output.contains("trained"), two.output)
    }

    /// mpirun ends the job on Ctrl-C but forwards SIGUSR1: every rank stops at the same batch boundary,
    /// keeps its model, and the script goes on to save it.
    func testSIGUSR1StopsEveryRankAtOneBatchBoundaryAndTheScriptSaves() throws {
        try SlowTests.skipWhenFast()
        let mpirun = try Self.mpirun()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
        d = load "\(Self.digits)" label=first scale=16
        m = model gne
        train m d epochs=60 batch=8
        save m "stopped.model"
        """
        try script.write(to: dir.appendingPathComponent("long.latent"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "2", try LatentBinary.binary().path, "run", "long.latent"]
        process.currentDirectoryURL = dir
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let text = SharedText()
        pipe.fileHandleForReading.readabilityHandler = { text.append($0.availableData) }
        try process.run()
        // signal once the first epoch line is reported (epoch 6: train prints every sixth), however long a
        // busy machine takes to get there: the check is where training stops, not how fast it runs
        func reportedEpoch() -> Int? {
            for line in text.value.split(separator: "\n") where line.hasPrefix("epoch ") {
                return Int(line.dropFirst(6).drop(while: { $0 == " " }).prefix(while: { $0.isNumber }))
            }
            return nil
        }
        let deadline = Date().addingTimeInterval(300)
        while reportedEpoch() == nil && Date() < deadline && process.isRunning { usleep(50_000) }
        let reached = reportedEpoch()
        kill(process.processIdentifier, SIGUSR1)
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        let output = text.value + String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let firstReport = try XCTUnwrap(reached, "no epoch was reported within 300 s: \(output)")
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertTrue(output.contains("; the model keeps every step taken"), output)
        XCTAssertTrue(output.contains("saved out/stopped.model"), output)
        let model = try Checkpoint.load(from: dir.appendingPathComponent("out/stopped.model").path)
        XCTAssertEqual(model.tableRows, 1797)
        XCTAssertGreaterThanOrEqual(model.epochsTrained, firstReport)
        XCTAssertLessThan(model.epochsTrained, 60)
    }
}

/// Output collected from a pipe's handler thread.
final class SharedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ data: Data) { lock.withLock { text += String(decoding: data, as: UTF8.self) } }
    var value: String { lock.withLock { text } }
}
