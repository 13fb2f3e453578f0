import Foundation
import XCTest
import LatentCore
@testable import LatentPlot

/// Full-size example figures; runs only when LATENT_PLOT_EXAMPLES names an output folder.
final class ExampleImagesTests: XCTestCase {
    func testWriteExampleFigures() throws {
        guard let dir = ProcessInfo.processInfo.environment["LATENT_PLOT_EXAMPLES"] else {
            throw XCTSkip("set LATENT_PLOT_EXAMPLES=<folder> to write the example figures")
        }
        try Fixtures.requireGnuplot()
        let plotter = Plotter()
        let (pts, labels) = Fixtures.clusters(n: 70000, classes: 10)
        var spec = ScatterPlot.Spec(title: "70000 points in 10 classes")
        spec.labelNames = (0..<10).map { "digit \($0)" }
        let pinned = Array(stride(from: 0, to: 70000, by: 3500))
        let scatter = ScatterPlot(points: pts, labels: labels, highlight: pinned, spec: spec)
        var t0 = Date()
        try plotter.render(scatter, to: PlotOutput(path: dir + "/scatter-70000.png"))
        print("scatter 70000 points -> png: \(Date().timeIntervalSince(t0)) s")
        t0 = Date()
        try plotter.render(scatter, to: PlotOutput(path: dir + "/scatter-70000.svg"))
        print("scatter 70000 points -> svg: \(Date().timeIntervalSince(t0)) s")
        t0 = Date()
        let text = try plotter.render(scatter, to: .text()).text ?? ""
        print("scatter 70000 points -> text: \(Date().timeIntervalSince(t0)) s\n" + text)

        let loss = LossPlot(series: Fixtures.losses(epochs: 200))
        try plotter.render(loss, to: PlotOutput(path: dir + "/loss.png"))
        print(try plotter.render(loss, to: .text()).text ?? "")

        t0 = Date()
        let grid = ImageGrid(images: Fixtures.images(m: 144, h: 28, w: 28), height: 28, width: 28,
                             spec: .init(title: "12 x 12 decoded lattice"))
        try plotter.render(grid, to: PlotOutput(path: dir + "/grid.png"))
        print("grid 144 x 28x28 -> png: \(Date().timeIntervalSince(t0)) s")

        let (bg, bgl) = Fixtures.clusters(n: 5000, classes: 10)
        let traj = TrajectoryPlot(steps: Fixtures.trajectories(n: 12, steps: 15), labels: Array(0..<12),
                                  background: bg, backgroundLabels: bgl)
        try plotter.render(traj, to: PlotOutput(path: dir + "/trajectories.png"))
        print(try plotter.render(traj, to: .text()).text ?? "")

        let (many, manyLabels) = Fixtures.clusters(n: 4000, classes: 40)
        try plotter.render(ScatterPlot(points: many, labels: manyLabels, spec: .init(title: "40 classes")),
                           to: PlotOutput(path: dir + "/scatter-40-classes.png"))
        if let coil = try Self.csvImages("coil20-32x32/coil20.csv", every: 10, limit: 144) {
            let real = ImageGrid(images: coil, height: 32, width: 32,
                                 spec: .init(title: "COIL-20, every 10th image", low: 0, high: 255))
            try plotter.render(real, to: PlotOutput(path: dir + "/coil20-grid.png"))
        }

        let (other, otherLabels) = Fixtures.clusters(n: 20000, classes: 10, seed: 99)
        let side = SideBySidePlot(left: ScatterPlot(points: pts, labels: labels, spec: .init(title: "GNE")),
                                  right: ScatterPlot(points: other, labels: otherLabels, spec: .init(title: "VAE")),
                                  title: "two embeddings")
        try plotter.render(side, to: PlotOutput(path: dir + "/side-by-side.png"))
        print(try plotter.render(side, to: .text()).text ?? "")
    }

    /// Rows of a label-first CSV from ../shared/data (nil when the data folder is absent).
    static func csvImages(_ relative: String, every: Int, limit: Int) throws -> Matrix? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("shared/data/" + relative).path
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst()
        var rows: [[Float]] = []
        for (k, line) in lines.enumerated() where k % every == 0 && rows.count < limit {
            rows.append(line.split(separator: ",").dropFirst().map { Float($0) ?? 0 })
        }
        return Matrix(rows)
    }
}
