import Foundation
import XCTest
import LatentCore
@testable import LatentPlot

/// Every plot kind rendered by the real gnuplot to png, svg and text.
final class RenderTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        try Fixtures.requireGnuplot()
        dir = try Fixtures.tempDir()
    }

    override func tearDown() {
        if !dir.isEmpty { try? FileManager.default.removeItem(atPath: dir) }
    }

    private func kinds() -> [(String, any PlotKind)] {
        let (pts, labels) = ExampleData.clusters(n: 500, classes: 4)
        let (pts2, labels2) = ExampleData.clusters(n: 500, classes: 4, seed: 11)
        return [
            ("scatter", ScatterPlot(points: pts, labels: labels, highlight: [0, 1, 2])),
            ("loss", LossPlot(series: ExampleData.losses(epochs: 30))),
            ("grid", ImageGrid(images: ExampleData.images(m: 16, h: 8, w: 8), height: 8, width: 8)),
            ("trajectories", TrajectoryPlot(steps: ExampleData.trajectories(n: 5, steps: 6), labels: [0, 1, 2, 3, 0],
                                            background: pts, backgroundLabels: labels)),
            ("sidebyside", SideBySidePlot(left: ScatterPlot(points: pts, labels: labels),
                                          right: ScatterPlot(points: pts2, labels: labels2), title: "two")),
        ]
    }

    func testEveryKindRendersPNG() throws {
        let plotter = Plotter()
        for (name, plot) in kinds() {
            let path = dir + "/png/\(name).png"   // the png/ folder does not exist yet
            let result = try plotter.render(plot, to: PlotOutput(path: path))
            XCTAssertEqual(result.path, path)
            XCTAssertEqual(Fixtures.head(path, 8), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name)
            XCTAssertGreaterThan(Fixtures.size(path), 2000, name)
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir + "/png").filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [])
    }

    func testEveryKindRendersSVG() throws {
        let plotter = Plotter()
        for (name, plot) in kinds() {
            let path = dir + "/\(name).svg"
            try plotter.render(plot, to: PlotOutput(path: path))
            let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            XCTAssertTrue(text.contains("<svg"), name)
            XCTAssertTrue(text.contains("</svg>"), name)
            XCTAssertGreaterThan(text.count, 2000, name)
        }
    }

    func testTextScatterIsReadable() throws {
        let (pts, labels) = ExampleData.clusters(n: 300, classes: 3)
        var spec = ScatterPlot.Spec(title: "tiny embedding")
        spec.labelNames = ["cat", "dog", "eel"]
        let result = try Plotter().render(ScatterPlot(points: pts, labels: labels, spec: spec), to: .text())
        let text = try XCTUnwrap(result.text)
        XCTAssertTrue(text.contains("tiny embedding"), text)
        XCTAssertTrue(text.contains("dim 1"), text)
        for name in ["cat", "dog", "eel"] { XCTAssertTrue(text.contains(name), text) }
        XCTAssertTrue(text.contains("0") && text.contains("1") && text.contains("2"), text)
        XCTAssertTrue(text.contains("+---"), text)          // the frame with tick marks
        XCTAssertTrue(text.range(of: #"-?\d+ \+-"#, options: .regularExpression) != nil, text)  // y tick labels
        XCTAssertLessThanOrEqual(text.split(separator: "\n").count, 35)
    }

    func testTextLossToFile() throws {
        let path = dir + "/loss.txt"
        let result = try Plotter().render(LossPlot(series: ExampleData.losses(epochs: 40)), to: PlotOutput(path: path))
        let text = try XCTUnwrap(result.text)
        XCTAssertTrue(text.contains("training loss"), text)
        XCTAssertTrue(text.contains("epoch"), text)
        XCTAssertTrue(text.contains("reconstruction"), text)
        XCTAssertTrue(text.contains("40"), text)             // last x tick
        XCTAssertEqual(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self), text)
    }

    func testTextImageGridIsRejected() throws {
        let grid = ImageGrid(images: ExampleData.images(m: 4, h: 4, w: 4), height: 4, width: 4)
        XCTAssertThrowsError(try Plotter().render(grid, to: .text())) { error in
            guard case .unsupportedOutput = error as? PlotError else { return XCTFail("\(error)") }
        }
    }

    func testFailedRenderLeavesNoFile() throws {
        let path = dir + "/bad.png"
        XCTAssertThrowsError(try Plotter().render(ScatterPlot(points: Matrix(rows: 2, cols: 2), labels: [1]),
                                                  to: PlotOutput(path: path)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }

    func testExistingFileIsReplaced() throws {
        let path = dir + "/again.svg"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try Plotter().render(LossPlot(series: [.init("a", [3, 2, 1])]), to: PlotOutput(path: path))
        XCTAssertTrue(Fixtures.size(path) > 100)
    }
}
