import Foundation
import XCTest
import LatentCore
@testable import LatentPlot

/// A plot cut short (a full disk) is recognised and never replaces the destination.
final class PlotCompletenessTests: XCTestCase {
    func testTruncatedPNGAndSVGAndEmptyTextAreIncomplete() throws {
        try Fixtures.requireGnuplot()
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plot = ImageGrid(images: ExampleData.images(m: 4, h: 8, w: 8), height: 8, width: 8)
        for ext in ["png", "svg"] {
            let path = dir + "/g." + ext
            try Plotter().render(plot, to: PlotOutput(path: path))
            let whole = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let terminal = PlotTerminal(rawValue: ext)!
            XCTAssertNil(Plotter.incompleteness(of: whole, terminal: terminal), ext)
            XCTAssertNotNil(Plotter.incompleteness(of: Array(whole.prefix(4096)), terminal: terminal), ext)
            XCTAssertNotNil(Plotter.incompleteness(of: Array(whole.dropLast(3)), terminal: terminal), ext)   // cut inside the end marker
        }
        XCTAssertEqual(Plotter.incompleteness(of: Array(" \n\u{0C}\n".utf8), terminal: .dumb), "the text is empty")
        XCTAssertNil(Plotter.incompleteness(of: Array(" * \n".utf8), terminal: .dumb))
    }

    /// A destination that is a symbolic link is refused and the link's target keeps its bytes.
    func testPlotIsNeverWrittenThroughALink() throws {
        try Fixtures.requireGnuplot()
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "precious".write(toFile: dir + "/victim", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/p.png", withDestinationPath: dir + "/victim")
        let plot = ImageGrid(images: ExampleData.images(m: 4, h: 8, w: 8), height: 8, width: 8)
        XCTAssertThrowsError(try Plotter().render(plot, to: PlotOutput(path: dir + "/p.png"))) { e in
            XCTAssertTrue("\(e)".contains("is a symbolic link"), "\(e)")
        }
        XCTAssertEqual(try String(contentsOfFile: dir + "/victim", encoding: .utf8), "precious")
    }
}
