import LatentCore
import XCTest
@testable import LatentPlot

/// A scatter coloured by a number per point draws the continuous palette with a matching colour bar
/// (bins named by their ranges on the text terminal), and an SVG carries hover text per point.
final class ScatterColourTests: XCTestCase {
    func points(_ n: Int) -> Matrix {
        let m = Matrix(rows: n, cols: 2)
        for i in 0..<n { m[i, 0] = Float(i); m[i, 1] = Float(i % 3) }
        return m
    }

    func testValuesDrawAPaletteWithAColourBarAndNoClassLegend() throws {
        var plot = ScatterPlot(points: points(6), labels: [0, 1, 2, 0, 1, 2] as [Int], spec: ScatterPlot.Spec())
        plot.values = [1, 2, 3, 4, 5, .nan]
        plot.spec.colorTitle = "alcohol"
        let text = try Plotter.script(for: plot, output: PlotOutput(path: "/tmp/x.png")).text
        XCTAssertTrue(text.contains("set cbrange [1:5]"), text)
        XCTAssertTrue(text.contains("set cblabel 'alcohol'"), text)
        XCTAssertTrue(text.contains("lc palette"), text)
        XCTAssertTrue(text.contains("set palette defined (0 '#440154'"), text)
        XCTAssertFalse(text.contains("title '0'"), "no class legend entries when coloured by values: \(text)")
        XCTAssertEqual(Palette.continuous(0), 0x440154)
        XCTAssertEqual(Palette.continuous(1), 0xFDE725)
        XCTAssertEqual(Palette.continuous(.nan), 0xBBBBBB)
        XCTAssertEqual(plot.position(of: 3), 0.5, accuracy: 1e-9)
    }

    func testTextTerminalBinsValuesIntoNamedRanges() throws {
        var plot = ScatterPlot(points: points(6), labels: nil as [Int]?)
        plot.values = [0, 1, 2, 3, 4, 5]
        let binned = plot.binned()
        XCTAssertEqual(binned.labels, [0, 1, 2, 3, 4, 4], "the largest value falls in the last bin")
        XCTAssertEqual(binned.spec.labelNames?.first, "0 to 1")
        XCTAssertEqual(binned.spec.labelNames?[4], "4 to 5")
        let text = try Plotter.script(for: plot, output: .text()).text
        XCTAssertTrue(text.contains("title '0 to 1'"), text)
        XCTAssertFalse(text.contains("palette"), text)
    }

    func testSVGCarriesHoverTextAndPNGDoesNot() throws {
        var plot = ScatterPlot(points: points(3), labels: [0, 1, 0] as [Int])
        plot.hoverTexts = ["P1 (row 0): a", "say \"hi\"", "row 2: a"]
        let svg = try Plotter.script(for: plot, output: PlotOutput(path: "/tmp/x.svg")).text
        XCTAssertTrue(svg.contains("mouse standalone"), svg)
        XCTAssertTrue(svg.contains("with labels hypertext point"), svg)
        XCTAssertTrue(svg.contains("0.0 0.0 \"P1 (row 0): a\""), svg)
        XCTAssertTrue(svg.contains("\"say 'hi'\""), "double quotes inside become single: \(svg)")
        let png = try Plotter.script(for: plot, output: PlotOutput(path: "/tmp/x.png")).text
        XCTAssertFalse(png.contains("hypertext"), png)
        XCTAssertFalse(png.contains("mouse"), png)
    }
}
