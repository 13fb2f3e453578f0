import Foundation
import XCTest
import LatentTestSupport

/// The REPL of the built `latent` executable survives a SIGINT during training and a failing command:
/// both return to the prompt, the session keeps its variables, and the process ends normally at EOF.
final class ReplInterruptTests: XCTestCase {
    func testSigintDuringTrainingReturnsToThePrompt() throws {
        let latent = try LatentBinary.url().path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-repl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try RandomCSV.write(dir + "/d.csv", rows: 120, cols: 16)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: latent)
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let collected = OutputBuffer()
        output.fileHandleForReading.readabilityHandler = { collected.add($0.availableData) }
        try process.run()
        func send(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

        send("""
        set timings false
        d = load "d.csv" label=none header=no
        m = model gne dims=2 width=8 blocks=1
        x = load "missing.csv"
        train m d epochs=100000000 batch=30

        """)
        Thread.sleep(forTimeInterval: 2)   // well inside the training
        kill(process.processIdentifier, SIGINT)
        Thread.sleep(forTimeInterval: 0.5)
        send("print \"still here\" m.epochs\n")
        try input.fileHandleForWriting.close()

        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate(); XCTFail("training was not interrupted: \(collected.text)") }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        let text = collected.text
        XCTAssertEqual(process.terminationReason, .exit, text)
        XCTAssertTrue(text.contains("missing.csv"), "the failed load is reported: \(text)")
        XCTAssertTrue(text.contains("interrupted after"), text)
        XCTAssertTrue(text.contains("still here"), "the session went on after Ctrl-C: \(text)")
    }
}

/// Everything a child process printed, collected from a background reader.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func add(_ chunk: Data) { lock.lock(); data.append(chunk); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}
