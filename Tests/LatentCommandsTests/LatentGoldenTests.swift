import Foundation
import XCTest
@testable import LatentCommands
@testable import LatentScript

/// Golden scripts for the domain commands (data, models, evaluation, plots, editing): each
/// `golden-latent/NAME.latent` runs in a full latent session in a temporary copy of the folder and must
/// print exactly `NAME.expected` (with `exit: STATUS` first). Scripts `set timings false`, so the text
/// (every loss and metric) is reproducible. LATENT_UPDATE_GOLDEN=1 rewrites the expected files.
final class LatentGoldenTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("golden-latent")

    static func run(_ name: String) throws -> String {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("latent-golden-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: directory, to: workspace)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let text = try String(contentsOf: workspace.appendingPathComponent(name), encoding: .utf8)
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: workspace.path)
        let result = session.runFile(name, keepGoing: GoldenSupport.keepsGoing(text))
        return "exit: \(result.status)\n" + output.text
    }

    func testDomainGoldenScripts() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".latent") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 7)
        let update = ProcessInfo.processInfo.environment["LATENT_UPDATE_GOLDEN"] == "1"
        for name in names {
            let actual = try Self.run(name)
            let expectedURL = Self.directory.appendingPathComponent(String(name.dropLast(".latent".count)) + ".expected")
            if update { try actual.write(to: expectedURL, atomically: true, encoding: .utf8); continue }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            XCTAssertEqual(actual, expected, "golden \(name) differs")
            if actual != expected { print(GoldenSupport.diff(expected, actual)) }
        }
    }

    /// The same golden scripts through the `latent` executable (`latent run NAME.latent`, stdout and
    /// stderr on one pipe): the binary prints exactly what the in-process session prints. scripts/test
    /// runs this against the release build too (LATENT_BINARY).
    func testDomainGoldenScriptsThroughTheBinary() throws {
        _ = try LatentBinary.url()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".latent") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 7)
        for name in names {
            let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("latent-golden-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: Self.directory, to: workspace)
            defer { try? FileManager.default.removeItem(at: workspace) }
            let text = try String(contentsOf: workspace.appendingPathComponent(name), encoding: .utf8)
            let outcome = try LatentBinary.run(["run", name] + (GoldenSupport.keepsGoing(text) ? ["--keep-going"] : []),
                                                  in: workspace)
            let actual = "exit: \(outcome.status)\n" + outcome.output
            let expected = try String(contentsOf: Self.directory.appendingPathComponent(String(name.dropLast(".latent".count)) + ".expected"),
                                      encoding: .utf8)
            XCTAssertEqual(actual, expected, "golden \(name) through \(LatentBinary.configuration) latent differs")
            if actual != expected { print(GoldenSupport.diff(expected, actual)) }
        }
    }

    /// Replaying a session's saved history reproduces every printed loss and metric exactly.
    func testSavedHistoryReplaysIdentically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-replay-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.directory, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = CapturedOutput()
        let a = Session.latent(output: first, interrupt: InterruptFlag(), baseDirectory: dir.path)
        let script = """
        set seed 21
        set timings false
        d = load "support/digits200.csv" label=first scale=16
        m = model gnd hidden=[8, 16]
        train m d epochs=3 batch=40 lr=0.01
        r = eval m d knn=3 folds=3 trust=5 subsample=60
        print r.accuracy m.loss
        """
        XCTAssertEqual(a.run(script, file: "<session>").status, 0, first.text)
        XCTAssertEqual(a.run("save history \"replay.latent\"", file: "<session>").status, 0, first.text)
        let second = CapturedOutput()
        let b = Session.latent(output: second, interrupt: InterruptFlag(), baseDirectory: dir.path)
        XCTAssertEqual(b.runFile("replay.latent").status, 0, second.text)
        let lines = { (s: String) in s.split(separator: "\n").filter { $0.hasPrefix("epoch") || $0.hasPrefix("0.") || $0.hasPrefix("accuracy") || $0.hasPrefix("trust") } }
        XCTAssertFalse(lines(first.text).isEmpty)
        XCTAssertEqual(lines(first.text), lines(second.text))
    }
}
