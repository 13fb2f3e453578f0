import Foundation
import LatentCore
import LatentPlot

/// The example figures of docs/plotting.md, rendered from synthetic data into --out (scripts/example-figures):
/// a 70000-point scatter as PNG, SVG and text, a loss curve, a 12 x 12 image grid, trajectories over a
/// background, a 40-class scatter, side-by-side scatters, and (when ../shared/data is present) a COIL-20
/// grid. Prints the render time of each. Not in the default case list: it writes files for people to look at.
enum FiguresCase {
    static func run(_ o: BenchOptions) throws {
        let dir = o.outDir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let plotter = Plotter()
        var out: [String: Any] = ["case": "figures", "out": dir]
        func timed(_ key: String, _ body: () throws -> Void) throws { out[key] = Measure.round(try Measure.time(body)) }

        let (pts, labels) = ExampleData.clusters(n: 70000, classes: 10)
        var spec = ScatterPlot.Spec(title: "70000 points in 10 classes")
        spec.labelNames = (0..<10).map { "digit \($0)" }
        let scatter = ScatterPlot(points: pts, labels: labels, highlight: Array(stride(from: 0, to: 70000, by: 3500)), spec: spec)
        try timed("scatter_70000_png_sec") { try plotter.render(scatter, to: PlotOutput(path: dir + "/scatter-70000.png")) }
        try timed("scatter_70000_svg_sec") { try plotter.render(scatter, to: PlotOutput(path: dir + "/scatter-70000.svg")) }
        try timed("scatter_70000_text_sec") { _ = try plotter.render(scatter, to: .text()) }
        try plotter.render(LossPlot(series: ExampleData.losses(epochs: 200)), to: PlotOutput(path: dir + "/loss.png"))
        let grid = ImageGrid(images: ExampleData.images(m: 144, h: 28, w: 28), height: 28, width: 28,
                             spec: .init(title: "12 x 12 decoded lattice"))
        try timed("grid_144_png_sec") { try plotter.render(grid, to: PlotOutput(path: dir + "/grid.png")) }
        let (bg, bgl) = ExampleData.clusters(n: 5000, classes: 10)
        let traj = TrajectoryPlot(steps: ExampleData.trajectories(n: 12, steps: 15), labels: Array(0..<12),
                                  background: bg, backgroundLabels: bgl)
        try plotter.render(traj, to: PlotOutput(path: dir + "/trajectories.png"))
        let (many, manyLabels) = ExampleData.clusters(n: 4000, classes: 40)
        try plotter.render(ScatterPlot(points: many, labels: manyLabels, spec: .init(title: "40 classes")),
                           to: PlotOutput(path: dir + "/scatter-40-classes.png"))
        if let coil = try csvImages("coil20-32x32/coil20.csv", every: 10, limit: 144) {
            let real = ImageGrid(images: coil, height: 32, width: 32,
                                 spec: .init(title: "COIL-20, every 10th image", low: 0, high: 255))
            try plotter.render(real, to: PlotOutput(path: dir + "/coil20-grid.png"))
        }
        let (other, otherLabels) = ExampleData.clusters(n: 20000, classes: 10, seed: 99)
        let side = SideBySidePlot(left: ScatterPlot(points: pts, labels: labels, spec: .init(title: "GNE")),
                                  right: ScatterPlot(points: other, labels: otherLabels, spec: .init(title: "VAE")),
                                  title: "two embeddings")
        try plotter.render(side, to: PlotOutput(path: dir + "/side-by-side.png"))
        out["files"] = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        JSONLine.emit(out)
    }

    /// Every `every`-th row of a label-first CSV under ../shared/data (nil when absent).
    static func csvImages(_ relative: String, every: Int, limit: Int) throws -> Matrix? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent("shared/data/" + relative).path)
            ?? FileManager.default.contents(atPath: "../shared/data/" + relative) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst()
        var rows: [[Float]] = []
        for (k, line) in lines.enumerated() where k % every == 0 && rows.count < limit {
            rows.append(line.split(separator: ",").dropFirst().map { Float($0) ?? 0 })
        }
        return Matrix(rows)
    }
}
