import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// Golden scripts for the domain commands (data, models, evaluation, plots, editing): each
/// `golden-latent/NAME.latent` runs in a full latent session in a temporary copy of the folder and must
/// print exactly `NAME.expected` (with `exit: STATUS` first). Scripts `set timings false`, so the text is
/// reproducible; numbers whose digits depend on the BLAS kernel are checked with `assert` against bounds.
/// One test method per script (LatentGoldenTests+Scripts.swift, written by scripts/golden-tests);
/// LatentBinaryTests runs the same scripts through the executable. LATENT_UPDATE_GOLDEN=1 rewrites the
/// expected files.
final class LatentGoldenTests: XCTestCase {
    static let directory = GoldenSupport.folder("LatentCommandsTests/golden-latent")

    static func run(_ name: String) throws -> String {
        let workspace = try GoldenSupport.workspace(copying: directory)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let text = try String(contentsOf: workspace.appendingPathComponent(name + ".latent"), encoding: .utf8)
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: workspace.path)
        let result = session.runFile(name + ".latent", keepGoing: GoldenSupport.keepsGoing(text))
        return "exit: \(result.status)\n" + output.text
    }

    /// Runs script `name` in-process and compares its transcript with the expected one.
    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try GoldenSupport.check(try Self.run(name), script: name, folder: Self.directory, file: file, line: line)
    }

    func testEveryScriptHasATest() throws {
        try GoldenSupport.checkListed(Self.listed, folder: Self.directory)
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
