import Foundation
import XCTest
import LatentTestSupport

/// The sweep (samples/sweep.latent, also in the README) through the built binary: it names
/// its files with string holes, collects a table, exports and plots it, checks its own results with
/// `assert` (bounds, not pinned digits), and defines a user command that `help` describes.
final class SweepExampleTests: XCTestCase {
    func testSweepRunsAsWrittenAndChecksItself() throws {
        try SlowTests.skipWhenFast()
        let root = LatentBinary.packageRoot
        let script = try String(contentsOf: root.appendingPathComponent("samples/sweep.latent"), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let body = script.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { "    " + $0 }.joined(separator: "\n")
        XCTAssertTrue(readme.contains(body), "the README shows samples/sweep.latent as it is")

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("latent-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("samples"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: root.appendingPathComponent("samples/digits.csv"),
                                         to: work.appendingPathComponent("samples/digits.csv"))
        try script.write(to: work.appendingPathComponent("sweep.latent"), atomically: true, encoding: .utf8)
        let outcome = try LatentBinary.run(["run", "sweep.latent"], in: work)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let lines = outcome.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "0.001 0.01 3 8 1 -0.001")
        XCTAssertEqual(lines.filter { $0.hasPrefix("good ") || $0.hasPrefix("weak ") }.map { String($0.dropFirst(5)) },
                       ["0.001", "0.003", "0.01"])
        let header = try XCTUnwrap(lines.firstIndex { $0.split(separator: " ") == ["lr", "accuracy", "mse"] }, outcome.output)
        XCTAssertEqual(lines[header + 1].split(separator: " ").first, "0.001")
        XCTAssertEqual(lines[header + 3].split(separator: " ").first, "0.01")
        XCTAssertTrue(outcome.output.contains("usage: fit DATA [epochs=VALUE]"), outcome.output)
        for file in ["sweep/m-0.001.model", "sweep/m-0.003.model", "sweep/m-0.01.model", "sweep/map-1e-03.png",
                     "sweep/map-3e-03.png", "sweep/map-1e-02.png", "out/sweep.csv", "out/sweep.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent(file).path), file)
        }
        let csv = try String(contentsOf: work.appendingPathComponent("out/sweep.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 4)
        XCTAssertEqual(csv.first, "lr,accuracy,mse")
        XCTAssertTrue(csv[1].hasPrefix("0.001,"))
    }
}
