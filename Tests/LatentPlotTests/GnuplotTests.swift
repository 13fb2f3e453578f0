import Foundation
import XCTest
@testable import LatentPlot

/// Process-level behaviour: errors, timeouts, a missing executable.
final class GnuplotTests: XCTestCase {
    func testMissingGnuplotOnPath() {
        let gp = Gnuplot(searchPath: "/nonexistent-latent-dir")
        XCTAssertThrowsError(try gp.locate()) { error in
            XCTAssertEqual(error as? PlotError, .gnuplotMissing(searched: "PATH=/nonexistent-latent-dir"))
            XCTAssertTrue("\(error)".contains("apt-get install -y gnuplot-nox"), "\(error)")
            XCTAssertTrue("\(error)".contains("scripts/setup"), "\(error)")
        }
    }

    func testMissingExplicitExecutableFailsRender() throws {
        let plotter = Plotter(gnuplot: Gnuplot(executable: "/nonexistent-latent-dir/gnuplot"))
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try PlotOutput(path: dir + "/a.svg")
        XCTAssertThrowsError(try plotter.render(ScatterPlot(points: .init([[0, 0], [1, 1]])), to: out)) { error in
            guard case .gnuplotMissing = error as? PlotError else { return XCTFail("\(error)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/a.svg"))
    }

    func testRawScriptOutput() throws {
        try Fixtures.requireGnuplot()
        let out = try Gnuplot().run(raw: "set print '-'\nprint 6*7")
        XCTAssertEqual(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "42")
    }

    func testGnuplotErrorIsReportedWithItsMessage() throws {
        try Fixtures.requireGnuplot()
        XCTAssertThrowsError(try Gnuplot().run(raw: "set terminal dumb\nfrobnicate 3\nprint 1")) { error in
            guard case .gnuplotFailed(let status, let message) = error as? PlotError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(message.contains("invalid command"), message)
            XCTAssertTrue(message.contains("line 2"), message)
            XCTAssertTrue("\(error)".hasPrefix("gnuplot failed with exit status"), "\(error)")
        }
    }

    func testHungGnuplotTimesOut() throws {
        try Fixtures.requireGnuplot()
        let start = Date()
        XCTAssertThrowsError(try Gnuplot(timeout: 0.5).run(raw: "pause 5\nprint 1")) { error in
            XCTAssertEqual(error as? PlotError, .timeout(seconds: 0.5))
            XCTAssertEqual("\(error)", "gnuplot did not finish within 0.5 s and was terminated.")
        }
        // The process was terminated, not waited for: far less than the 5 s pause.
        XCTAssertLessThan(Date().timeIntervalSince(start), 4)
    }

    func testTerminalsListsDumb() throws {
        try Fixtures.requireGnuplot()
        XCTAssertTrue(try Gnuplot().terminals().contains("dumb"))
    }

    func testWindowWithoutDisplayOrTerminalIsAClearError() throws {
        try Fixtures.requireGnuplot()
        let plotter = Plotter()
        let hasWindow = !(try plotter.terminals()).isDisjoint(with: ["qt", "wxt", "x11"])
        if hasWindow, ProcessInfo.processInfo.environment["DISPLAY"] != nil {
            throw XCTSkip("a window terminal and DISPLAY are available; not opening a window in tests")
        }
        XCTAssertThrowsError(try plotter.render(ScatterPlot(points: .init([[0, 0]])), to: .window())) { error in
            guard case .unsupportedOutput(let why) = error as? PlotError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains(".png"), why)
        }
    }
}
