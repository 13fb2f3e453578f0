import Foundation
import LatentCore
import LatentModels
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// `kill -9` during `save`: the built `latent` executable saves the same model over and over and is
/// killed at random moments; after every kill the target must still load (checksum verified), have the
/// size of a complete checkpoint, and the only temp file left may be the killed process's in-flight one.
final class CrashSafetyTests: XCTestCase {
    func testKillDuringSaveLeavesThePreviousFileIntact() throws {
        try SlowTests.skipWhenFast()
        let latent = try LatentBinary.url().path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-kill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RandomCSV.write(dir + "/d.csv", rows: 400, cols: 64)
        let script = """
        set timings false
        set threads 1
        d = load "d.csv" label=none header=no
        m = model gne dims=2 width=256 blocks=4
        train m d epochs=1 batch=100
        repeat 1000000 { save m "./x.model" }
        """
        try script.write(toFile: dir + "/saver.latent", atomically: true, encoding: .utf8)
        let target = dir + "/x.model"
        var rng = Rng(seed: 99)
        var killedMidWrite = 0
        let rounds = 8
        for round in 0..<rounds {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: latent)
            process.arguments = ["saver.latent"]
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            let seen = SavedLines()
            pipe.fileHandleForReading.readabilityHandler = { handle in seen.add(handle.availableData) }
            try process.run()
            // wait for this process's first completed save, then let it run a random while
            let start = Date()
            while seen.saves < 1 && process.isRunning && Date().timeIntervalSince(start) < 120 { usleep(5_000) }
            XCTAssertTrue(process.isRunning, "round \(round): latent stopped early: \(seen.text)")
            if round % 2 == 0 {
                usleep(UInt32(20_000 + rng.int(below: 400_000)))   // anywhere: encoding, writing, renaming
            } else {
                // aim at the write itself: wait for the temp file to appear, then a few milliseconds more
                let temp = dir + "/.x.model.tmp-\(process.processIdentifier)-"
                let waitStart = Date()
                while !((try? FileManager.default.contentsOfDirectory(atPath: dir))?.contains { (dir + "/" + $0).hasPrefix(temp) } ?? false) && Date().timeIntervalSince(waitStart) < 10 { usleep(300) }
                usleep(UInt32(rng.int(below: 4_000)))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            pipe.fileHandleForReading.readabilityHandler = nil
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)

            // the target is a complete, verified checkpoint
            // (load checks the checksum and that the length matches the header: a partial file fails both)
            let size = (try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? -1
            XCTAssertNoThrow(try Checkpoint.load(from: target), "round \(round): the target no longer loads")
            // only the killed process's temp file may remain (earlier rounds' were cleaned by later saves)
            let temps = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".x.model.tmp-") }
            XCTAssertLessThanOrEqual(temps.count, 1, "round \(round): stale temp files \(temps)")
            for temp in temps {
                XCTAssertTrue(temp.hasPrefix(".x.model.tmp-\(process.processIdentifier)-"), "round \(round): a stale temp file of an earlier process")
                let tempSize = (try FileManager.default.attributesOfItem(atPath: dir + "/" + temp)[.size] as? Int) ?? 0
                if tempSize < size { killedMidWrite += 1 }
            }
        }
        print("kill -9 during save: \(rounds) rounds, \(killedMidWrite) killed with a partial temp file; the target loaded every time")
    }

    /// A checkpoint with a flipped byte or cut short is refused by `load` with the reason; nothing is bound.
    func testCorruptedCheckpointIsExplainedByLoad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-corrupt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RandomCSV.write(dir + "/d.csv", rows: 50, cols: 8)
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: dir)
        let setup = """
        set timings false
        d = load "d.csv" label=none header=no
        m = model gne dims=2 width=8 blocks=1 plain=true
        train m d epochs=1 batch=10
        save m "./good.model"
        """
        XCTAssertEqual(session.run(setup, file: "<setup>").status, 0, output.text)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/good.model")))
        try Data(bytes[0..<(bytes.count / 2)]).write(to: URL(fileURLWithPath: dir + "/short.model"))
        bytes[bytes.count / 2] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/flipped.model"))

        output.reset()
        XCTAssertEqual(session.run("a = load \"flipped.model\"", file: "<s>").status, 70)
        XCTAssertTrue(output.errorText.contains("error: flipped.model is corrupted (checksum mismatch)"), output.errorText)
        output.reset()
        XCTAssertEqual(session.run("b = load \"short.model\"", file: "<s>").status, 70)
        XCTAssertTrue(output.errorText.contains("error: short.model is truncated (\(bytes.count / 2) bytes, its header describes at least "),
                      output.errorText)
        XCTAssertNil(session.variables["a"])
        XCTAssertNil(session.variables["b"])
        output.reset()
        XCTAssertEqual(session.run("c = load \"good.model\"", file: "<s>").status, 0, output.text)
    }
}

/// Collects a child's output from a background reader, counting "saved" lines.
final class SavedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    func add(_ data: Data) { lock.lock(); buffer += String(decoding: data, as: UTF8.self); if buffer.count > 100_000 { buffer = String(buffer.suffix(1000)) + "saved" }; lock.unlock() }
    var saves: Int { lock.lock(); defer { lock.unlock() }; return buffer.components(separatedBy: "saved").count - 1 }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(buffer.prefix(2000)) }
}
