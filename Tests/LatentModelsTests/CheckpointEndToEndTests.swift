@testable import LatentFiles
import XCTest
import Foundation
@testable import LatentCore
@testable import LatentModels

/// What a user sees from the `latent` binary for forged checkpoints, models too large for the memory
/// available and an overflowing lattice: a sentence naming the file or the limit, exit status 70, and
/// no large allocation (the binary runs under `ulimit -v` of 1 GB, so allocating first would crash it).
final class CheckpointEndToEndTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "latent-ck-e2e-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let rows = (0..<120).map { i in (0..<16).map { j in String(format: "%.3f", Float((i * 7 + j * 3) % 17) / 17) }.joined(separator: ",") }
        try (rows.joined(separator: "\n") + "\n").write(toFile: dir + "/d.csv", atomically: true, encoding: .utf8)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// Runs the `latent` binary beside this test bundle on `statements` under a 1 GB address-space limit.
    func latent(_ statements: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let binary = me.deletingLastPathComponent().appendingPathComponent("latent").path
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw XCTSkip("latent is not built beside the tests") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v 1000000; exec \"$0\" \"$@\"", binary, "-e", "set timings false"]
            + statements.flatMap { ["-e", $0] }
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A checkpoint of a small trained gne model for the 120 x 16 data.
    func goodCheckpoint() throws -> [UInt8] {
        let setup = try latent(["d = load \"d.csv\" label=none header=no", "m = model gne width=8 blocks=1",
                                "train m d epochs=1", "save m \"good.model\""])
        XCTAssertEqual(setup.status, 0, setup.output)
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/out/good.model")))
    }

    func testForgedCheckpointsAreRefusedByLoadNamingTheFile() throws {
        let good = try goodCheckpoint()
        let forged: [(String, [UInt8], String)] = [
            ("rows.model", CheckpointForgery.editingHeader(good) { $0["tableRows"] = 600_000_000 },
             "rows.model has a header that describes "),
            ("blocks.model", CheckpointForgery.editingConfig(good) { $0["blocks"] = 10_000_000 },
             "blocks.model holds 9 tensors, a gne model of this shape has 40000005"),
            ("step.model", CheckpointForgery.editingHeader(good) { $0["adamStep"] = Int.max },
             "step.model has adamStep=9223372036854775807; expected 0 to 1099511627776"),
            ("lr.model", CheckpointForgery.editingHeader(good) { h in var a = h["adam"] as! [String: Any]; a["learningRate"] = -3.0; h["adam"] = a },
             "lr.model has invalid optimiser settings: lr must be positive"),
            ("nan.model", CheckpointForgery.settingFloat(good, tensor: 1, part: 0, index: 0, to: .nan),
             "nan.model has tensor decoder.in.weight holding nan at row 0, column 0"),
        ]
        for (name, bytes, message) in forged {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
            let outcome = try latent(["x = load \"\(name)\"", "print \"after\""])
            XCTAssertEqual(outcome.status, 70, "\(name): \(outcome.output)")
            XCTAssertTrue(outcome.output.contains("error: "), outcome.output)
            XCTAssertTrue(outcome.output.contains(message), "\(name): \(outcome.output)")
            XCTAssertFalse(outcome.output.contains("after"), "the script stopped at the load")
        }
    }

    func testModelsBeyondTheMemoryLimitAreRefusedBeforeBuilding() throws {
        let limit = [MemoryLimit.environmentVariable: "100e6"]
        // 20000 blocks of width 1: 1.3 MB of scalars, about 120 MB of objects (measured 5.5 KB a block)
        let deep = try latent(["d = load \"d.csv\" label=none header=no", "m = model gne width=1 blocks=20000",
                               "train m d epochs=1"], environment: limit)
        XCTAssertEqual(deep.status, 70, deep.output)
        XCTAssertTrue(deep.output.contains("error: a gne model of 80005 tensors needs "), deep.output)
        XCTAssertTrue(deep.output.contains("for the rollback snapshot"), deep.output)
        XCTAssertTrue(deep.output.contains("more than the 100 MB available to latent (LATENT_MEMORY_LIMIT)"), deep.output)
        let small = try latent(["d = load \"d.csv\" label=none header=no", "m = model gne width=8 blocks=1",
                                "train m d epochs=1"], environment: limit)
        XCTAssertEqual(small.status, 0, small.output)
    }

    func testLatticeSideOverflowIsRefused() throws {
        let outcome = try latent(["d = load \"d.csv\" label=none header=no", "k = model kaleido width=8 depth=2",
                                  "train k d epochs=1", "s = generate k grid=4000000000"])
        XCTAssertEqual(outcome.status, 70, outcome.output)
        XCTAssertTrue(outcome.output.contains("error: grid must be between 1 and 316 (at most 100000 points), got 4000000000"), outcome.output)
        XCTAssertEqual(try Lattice.pointCount(side: 316), 99_856)
        XCTAssertThrowsError(try Lattice.pointCount(side: 317))
        XCTAssertThrowsError(try Lattice.pointCount(side: Int.max))
        XCTAssertThrowsError(try Lattice.pointCount(side: 0))
    }
}
