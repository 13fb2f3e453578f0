import XCTest
import LatentCore
@testable import LatentPlot

/// Script builder tests: no gnuplot process is started here.
final class PlotScriptTests: XCTestCase {
    func testScatterScriptHasBinaryRecordsColoursAndLegend() throws {
        let pts = Matrix([[0, 0], [1, 1], [2, 0], [3, 1]])
        var spec = ScatterPlot.Spec(title: "digits")
        spec.labelNames = ["zero", "one"]
        let plot = ScatterPlot(points: pts, labels: [0, 1, 1, 0], highlight: [2], spec: spec)
        let script = try Plotter.script(for: plot, output: PlotOutput(path: "/tmp/x.png"))
        let text = script.text
        XCTAssertTrue(text.contains("set terminal pngcairo size 900,700"), text)
        XCTAssertTrue(text.contains("set output '/tmp/x.png'"), text)
        XCTAssertTrue(text.contains("set title 'digits'"), text)
        XCTAssertTrue(text.contains("'-' binary record=(4) format='%float%float%uint32' using 1:2:3"), text)
        XCTAssertTrue(text.contains("lc rgb variable"), text)
        XCTAssertTrue(text.contains("lc rgb '#1f77b4' title 'zero'"), text)
        XCTAssertTrue(text.contains("lc rgb '#ff7f0e' title 'one'"), text)
        XCTAssertTrue(text.contains("binary record=(1) format='%float%float' using 1:2"), text)
        XCTAssertTrue(text.contains("title 'pinned'"), text)
        // 3 data blocks: all points, highlight fill, highlight outline.
        let blocks = script.chunks.compactMap { if case .data(let b) = $0 { return b } else { return nil } }
        XCTAssertEqual(blocks.map(\.records), [4, 1, 1])
        XCTAssertEqual(blocks[0].storage[2].bitPattern, Palette.color(0))
        XCTAssertEqual(blocks[0].storage[5].bitPattern, Palette.color(1))
        XCTAssertEqual(blocks[1].storage[0], 2, accuracy: 1e-6)
        let textBytes = script.chunks.reduce(0) { if case .text(let t) = $1 { return $0 + t.utf8.count } else { return $0 } }
        XCTAssertEqual(script.bytes().count, textBytes + (12 * 4 + 12 + 8) + 1)
    }

    func testUnlabeledScatterHasNoKeyAndOneColour() throws {
        let plot = ScatterPlot(points: Matrix([[0, 0], [1, 1]]))
        let text = try Plotter.script(for: plot, output: .text()).text
        XCTAssertTrue(text.contains("unset key"), text)
        XCTAssertTrue(text.contains("pt '*'"), text)
        XCTAssertFalse(text.contains("title '0'"), text)
    }

    func testTextScatterUsesOneMarkerPerClass() throws {
        let (pts, labels) = ExampleData.clusters(n: 60, classes: 3)
        let text = try Plotter.script(for: ScatterPlot(points: pts, labels: labels), output: .text()).text
        XCTAssertTrue(text.contains("set terminal dumb size 100,35"), text)
        for c in 0..<3 { XCTAssertTrue(text.contains("pt '\(c)' title '\(c)'"), text) }
        XCTAssertEqual(text.components(separatedBy: "<binary data:").count - 1, 3)
    }

    func testPointSizeShrinksWithN() {
        let small = ScatterPlot(points: Matrix(rows: 100, cols: 2)).effectivePointSize
        let large = ScatterPlot(points: Matrix(rows: 70000, cols: 2)).effectivePointSize
        XCTAssertGreaterThan(small, large)
        XCTAssertGreaterThan(large, 0.1)
    }

    func testLossScriptLogScaleAndFallback() throws {
        let plot = LossPlot(series: ExampleData.losses(epochs: 20))
        XCTAssertTrue(plot.usesLogScale)
        let text = try Plotter.script(for: plot, output: PlotOutput(path: "a.svg")).text
        XCTAssertTrue(text.contains("set terminal svg size 900,700"), text)
        XCTAssertTrue(text.contains("set logscale y"), text)
        XCTAssertTrue(text.contains("title 'reconstruction'"), text)
        XCTAssertTrue(text.contains("binary record=(20) format='%float%float'"), text)
        let negative = LossPlot(series: [.init("elbo", [3, 1, -0.5])])
        XCTAssertFalse(negative.usesLogScale)
        let ntext = try Plotter.script(for: negative, output: PlotOutput(path: "a.png")).text
        XCTAssertFalse(ntext.split(separator: "\n").contains("set logscale y"), ntext)
        XCTAssertTrue(ntext.contains("unset logscale y\nset format y"), ntext)
    }

    func testImageGridLayoutAndMosaicGaps() throws {
        let images = Matrix(rows: 5, cols: 6, repeating: 0.5)   // five 2x3 images
        var spec = ImageGrid.Spec()
        spec.gap = 1
        let grid = ImageGrid(images: images, height: 2, width: 3, spec: spec)
        XCTAssertEqual(grid.layout.rows, 2)
        XCTAssertEqual(grid.layout.cols, 3)
        XCTAssertEqual(grid.mosaic.width, 11)
        XCTAssertEqual(grid.mosaic.height, 5)
        let px = grid.mosaicBlock().storage
        XCTAssertEqual(px.count, 55)
        XCTAssertEqual(px[0], 0.5, accuracy: 1e-6)
        XCTAssertTrue(px[3].isNaN)            // column gap
        XCTAssertTrue(px[2 * 11].isNaN)       // row gap
        XCTAssertTrue(px[3 * 11 + 8].isNaN)   // sixth tile is missing
        XCTAssertEqual(px[3 * 11 + 4], 0.5, accuracy: 1e-6)
        let text = try Plotter.script(for: grid, output: PlotOutput(path: "g.png")).text
        XCTAssertTrue(text.contains("binary array=(11,5) format='%float' with image"), text)
        XCTAssertTrue(text.contains("unset tics"), text)
        XCTAssertTrue(text.contains("set yrange [5-0.5:-0.5]"), text)
    }

    func testImageGridClampsToRange() {
        let images = Matrix(rows: 1, cols: 2, values: [-3, 7])
        let px = ImageGrid(images: images, height: 1, width: 2).mosaicBlock().storage
        XCTAssertEqual(px[0], 0, accuracy: 1e-6)
        XCTAssertEqual(px[1], 1, accuracy: 1e-6)
    }

    func testImageGridAutoRange() throws {
        var spec = ImageGrid.Spec()
        spec.autoRange = true
        let grid = ImageGrid(images: Matrix(rows: 2, cols: 2, values: [0, 255, 17, .nan]), height: 1, width: 2,
                             spec: spec)
        XCTAssertEqual(grid.valueRange.low, 0, accuracy: 1e-6)
        XCTAssertEqual(grid.valueRange.high, 255, accuracy: 1e-6)
        XCTAssertTrue(try Plotter.script(for: grid, output: PlotOutput(path: "g.png")).text.contains("set cbrange [0:255]"))
    }

    func testTrajectoryScriptBreaksLinesWithNaN() throws {
        let steps = ExampleData.trajectories(n: 3, steps: 4)
        let plot = TrajectoryPlot(steps: steps, labels: [0, 1, 1])
        let script = try Plotter.script(for: plot, output: PlotOutput(path: "t.png"))
        XCTAssertTrue(script.text.contains("binary record=(15) format='%float%float%uint32' using 1:2:3 with lines"))
        XCTAssertTrue(script.text.contains("title 'start'"))
        XCTAssertTrue(script.text.contains("title 'end'"))
        let lines = script.chunks.compactMap { if case .data(let b) = $0, b.records == 15 { return b } else { return nil } }
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].storage[4 * 3].isNaN)
        XCTAssertEqual(lines[0].storage[0], steps[0][0, 0], accuracy: 1e-6)
    }

    func testSideBySideUsesMultiplotAndOneKey() throws {
        let (a, la) = ExampleData.clusters(n: 50, classes: 3)
        let (b, lb) = ExampleData.clusters(n: 50, classes: 3, seed: 9)
        let plot = SideBySidePlot(left: ScatterPlot(points: a, labels: la, spec: .init(title: "GNE")),
                                  right: ScatterPlot(points: b, labels: lb, spec: .init(title: "VAE")),
                                  title: "MNIST")
        let text = try Plotter.script(for: plot, output: PlotOutput(path: "s.png")).text
        XCTAssertTrue(text.contains("set terminal pngcairo size 1400,650"), text)
        XCTAssertTrue(text.contains("set multiplot title 'MNIST'"), text)
        XCTAssertTrue(text.contains("unset multiplot"), text)
        XCTAssertEqual(text.components(separatedBy: "unset key").count - 1, 1, text)
        XCTAssertTrue(text.contains("set title 'GNE'") && text.contains("set title 'VAE'"), text)
    }

    func testQuotingAndNumbers() {
        XCTAssertEqual(PlotScript.quote("it's\na"), "'it''s a'")
        XCTAssertEqual(PlotScript.num(3), "3")
        XCTAssertEqual(PlotScript.num(0.25), "0.25")
        XCTAssertEqual(PlotScript.num(.nan), "NaN")
    }

    func testOutputFromExtension() throws {
        XCTAssertEqual(try PlotOutput(path: "out/a.PNG").terminal, .png)
        XCTAssertEqual(try PlotOutput(path: "b.svg").terminal, .svg)
        XCTAssertEqual(try PlotOutput(path: "c.txt").terminal, .dumb)
        XCTAssertEqual(try PlotOutput(path: "d.dat", terminal: .png).terminal, .png)
        XCTAssertThrowsError(try PlotOutput(path: "out.v1/plot")) { error in
            XCTAssertTrue("\(error)".contains("extension"), "\(error)")
        }
    }

    func testValidationErrorsAreSentences() {
        let pts = Matrix(rows: 3, cols: 2)
        XCTAssertThrowsError(try ScatterPlot(points: pts, labels: [1, 2]).validate()) { error in
            XCTAssertEqual("\(error)", "invalid plot input: got 2 labels for 3 points.")
        }
        XCTAssertThrowsError(try ScatterPlot(points: pts, highlight: [3]).validate())
        XCTAssertThrowsError(try ScatterPlot(points: Matrix(rows: 3, cols: 1)).validate())
        XCTAssertThrowsError(try ScatterPlot(points: Matrix(rows: 2, cols: 2, repeating: .nan)).validate()) { error in
            XCTAssertEqual("\(error)", "invalid plot input: none of the 2 scatter points is finite.")
        }
        XCTAssertThrowsError(try LossPlot(series: [.init("a", [.nan])]).validate())
        XCTAssertThrowsError(try ImageGrid(images: Matrix(rows: 2, cols: 5), height: 2, width: 2).validate())
        XCTAssertThrowsError(try LossPlot(series: [.init("a", [1, 2], epochs: [1])]).validate())
        XCTAssertThrowsError(try TrajectoryPlot(steps: [Matrix(rows: 2, cols: 2), Matrix(rows: 3, cols: 2)]).validate())
    }

    func testManyClassesAlsoVaryPointType() throws {
        let pts = Matrix(rows: 3, cols: 2)
        let text = try Plotter.script(for: ScatterPlot(points: pts, labels: [0, 20, 41]),
                                      output: PlotOutput(path: "m.png")).text
        XCTAssertTrue(text.contains("format='%float%float%float%uint32' using 1:2:3:4 with points pt variable"), text)
        XCTAssertTrue(text.contains("NaN with points pt 7 ps 1.5 lc rgb '#1f77b4' title '0'"), text)
        XCTAssertTrue(text.contains("NaN with points pt 5 ps 1.5 lc rgb '#1f77b4' title '20'"), text)
        XCTAssertTrue(text.contains("NaN with points pt 9 ps 1.5 lc rgb '#ff7f0e' title '41'"), text)
        XCTAssertEqual(Palette.pointType(-1), 13)
    }

    func testPaletteColoursAreDistinct() {
        XCTAssertEqual(Set(Palette.qualitative).count, Palette.qualitative.count)
        XCTAssertEqual(Palette.color(-1), Palette.qualitative.last)
        XCTAssertEqual(Palette.literal(0x00A087), "'#00a087'")
    }

    /// size=, pointsize= and alpha= reach the script: the terminal's size on every terminal, `ps`, and the
    /// transparency byte in each point's 0xAARRGGBB colour (legend and highlighted points stay opaque).
    func testSizePointSizeAndAlphaReachTheScript() throws {
        var spec = ScatterPlot.Spec(title: "dense")
        spec.pointSize = 0.5
        spec.alpha = 0.3
        let plot = ScatterPlot(points: Matrix([[0, 0], [1, 1], [2, 0]]), labels: [0, 1, 1], highlight: [1], spec: spec)
        let size = PlotSize(800, 600)
        let expected: [(PlotOutput, String)] = [
            (PlotOutput(terminal: .png, path: "a.png", size: size), "set terminal pngcairo size 800,600"),
            (PlotOutput(terminal: .svg, path: "a.svg", size: size), "set terminal svg size 800,600"),
            (.sixel(size: size), "set terminal sixelgd size 800,600 truecolor"),
            (.text(size: PlotSize(120, 40)), "set terminal dumb size 120,40"),
        ]
        for (output, line) in expected {
            let script = try Plotter.script(for: plot, output: output)
            XCTAssertTrue(script.text.contains(line), script.text)
            guard output.terminal != .dumb else { continue }
            XCTAssertTrue(script.text.contains("using 1:2:3 with points pt 7 ps 0.5 lc rgb variable"), script.text)
            let blocks = script.chunks.compactMap { if case .data(let b) = $0 { return b } else { return nil } }
            let transparency = UInt32((0.7 * 255).rounded()) << 24
            XCTAssertEqual(blocks[0].storage[2].bitPattern, transparency | Palette.color(0))
            XCTAssertEqual(blocks[0].storage[5].bitPattern, transparency | Palette.color(1))
            XCTAssertEqual(blocks[1].storage[2].bitPattern, Palette.color(1), "the highlighted point stays opaque")
            XCTAssertTrue(script.text.contains("lc rgb '#1f77b4' title '0'"), "legend colours stay opaque")
        }
        spec.alpha = 1
        let opaque = try Plotter.script(for: ScatterPlot(points: Matrix([[0, 0], [1, 1]]), labels: [0, 1], spec: spec),
                                        output: PlotOutput(path: "b.png"))
        let blocks = opaque.chunks.compactMap { if case .data(let b) = $0 { return b } else { return nil } }
        XCTAssertEqual(blocks[0].storage[2].bitPattern, Palette.color(0), "alpha 1 draws opaque points")
    }

    /// Sizes, point sizes and opacities outside their ranges are refused with the range in the sentence.
    func testPlotOptionRangesAreStated() throws {
        XCTAssertThrowsError(try PlotSize(50, 600).validate(for: .png)) { error in
            XCTAssertEqual("\(error)", "invalid plot input: a png plot's size must be 100 to 8000 pixels each way, got 50x600.")
        }
        XCTAssertThrowsError(try PlotSize(800, 600).validate(for: .dumb)) { error in
            XCTAssertEqual("\(error)", "invalid plot input: a dumb plot's size must be 20 to 500 characters each way, got 800x600.")
        }
        XCTAssertNoThrow(try PlotSize(100, 35).validate(for: .dumb))
        var spec = ScatterPlot.Spec()
        spec.alpha = 0
        XCTAssertThrowsError(try spec.validate()) { error in
            XCTAssertEqual("\(error)", "invalid plot input: alpha must be between 0.01 and 1, got 0.0.")
        }
        spec.alpha = 1; spec.pointSize = 20
        XCTAssertThrowsError(try spec.validate()) { error in
            XCTAssertEqual("\(error)", "invalid plot input: point size must be between 0.05 and 10, got 20.0.")
        }
    }
}
