import Foundation
import XCTest
import LatentCore
@testable import LatentPlot

/// Plots drawn as sixel graphics (gnuplot's sixelgd) come back as one complete `ESC P ... q ... ESC \`
/// sequence for the terminal, and write no file.
final class SixelRenderTests: XCTestCase {
    func testPlotsRenderAsSixelText() throws {
        try Fixtures.requireGnuplot()
        let plotter = Plotter()
        guard try plotter.terminals().contains("sixelgd") else { throw XCTSkip("this gnuplot has no sixelgd") }
        let (pts, labels) = ExampleData.clusters(n: 200, classes: 3)
        let kinds: [(String, any PlotKind)] = [
            ("loss", LossPlot(series: ExampleData.losses(epochs: 30))),
            ("scatter", ScatterPlot(points: pts, labels: labels)),
            ("grid", ImageGrid(images: ExampleData.images(m: 4, h: 8, w: 8), height: 8, width: 8)),
        ]
        for (name, plot) in kinds {
            let result = try plotter.render(plot, to: .sixel())
            XCTAssertNil(result.path, name)
            let text = result.text ?? ""
            XCTAssertTrue(text.hasPrefix("\u{1B}Pq"), name)
            XCTAssertTrue(text.hasSuffix("\u{1B}\\"), name)
            XCTAssertGreaterThan(text.utf8.count, 1000, name)
        }
    }

    func testTheSixelTerminalLineUsesSixelgd() {
        XCTAssertEqual(Plotter.defaultTerminalLine(.sixel, PlotSize(800, 600)),
                       "set terminal sixelgd size 800,600 truecolor noenhanced font 'Sans,10'")
        XCTAssertNotNil(Plotter.incompleteness(of: Array("\u{1B}Pq#0".utf8), terminal: .sixel))
        XCTAssertNil(Plotter.incompleteness(of: Array("\u{1B}Pq#0\u{1B}\\".utf8), terminal: .sixel))
    }
}
