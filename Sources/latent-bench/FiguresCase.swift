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

        let (pts, labels) = clusters(n: 70000, classes: 10)
        var spec = ScatterPlot.Spec(title: "70000 points in 10 classes")
        spec.labelNames = (0..<10).map { "digit \($0)" }
        let scatter = ScatterPlot(points: pts, labels: labels, highlight: Array(stride(from: 0, to: 70000, by: 3500)), spec: spec)
        try timed("scatter_70000_png_sec") { try plotter.render(scatter, to: PlotOutput(path: dir + "/scatter-70000.png")) }
        try timed("scatter_70000_svg_sec") { try plotter.render(scatter, to: PlotOutput(path: dir + "/scatter-70000.svg")) }
        try timed("scatter_70000_text_sec") { _ = try plotter.render(scatter, to: .text()) }
        try plotter.render(LossPlot(series: losses(epochs: 200)), to: PlotOutput(path: dir + "/loss.png"))
        let grid = ImageGrid(images: images(m: 144, h: 28, w: 28), height: 28, width: 28,
                             spec: .init(title: "12 x 12 decoded lattice"))
        try timed("grid_144_png_sec") { try plotter.render(grid, to: PlotOutput(path: dir + "/grid.png")) }
        let (bg, bgl) = clusters(n: 5000, classes: 10)
        let traj = TrajectoryPlot(steps: trajectories(n: 12, steps: 15), labels: Array(0..<12),
                                  background: bg, backgroundLabels: bgl)
        try plotter.render(traj, to: PlotOutput(path: dir + "/trajectories.png"))
        let (many, manyLabels) = clusters(n: 4000, classes: 40)
        try plotter.render(ScatterPlot(points: many, labels: manyLabels, spec: .init(title: "40 classes")),
                           to: PlotOutput(path: dir + "/scatter-40-classes.png"))
        if let coil = try csvImages("coil20-32x32/coil20.csv", every: 10, limit: 144) {
            let real = ImageGrid(images: coil, height: 32, width: 32,
                                 spec: .init(title: "COIL-20, every 10th image", low: 0, high: 255))
            try plotter.render(real, to: PlotOutput(path: dir + "/coil20-grid.png"))
        }
        let (other, otherLabels) = clusters(n: 20000, classes: 10, seed: 99)
        let side = SideBySidePlot(left: ScatterPlot(points: pts, labels: labels, spec: .init(title: "GNE")),
                                  right: ScatterPlot(points: other, labels: otherLabels, spec: .init(title: "VAE")),
                                  title: "two embeddings")
        try plotter.render(side, to: PlotOutput(path: dir + "/side-by-side.png"))
        out["files"] = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        JSONLine.emit(out)
    }

    /// n points in `classes` Gaussian clusters, with their labels.
    static func clusters(n: Int, classes: Int, seed: UInt64 = 7) -> (Matrix, [Int]) {
        var rng = Rng(seed: seed)
        var centres: [(Float, Float)] = []
        for _ in 0..<classes { centres.append((rng.uniform(-10, 10), rng.uniform(-10, 10))) }
        let m = Matrix(rows: n, cols: 2)
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let c = rng.int(below: classes)
            labels[i] = c
            m[i, 0] = centres[c].0 + rng.normal()
            m[i, 1] = centres[c].1 + rng.normal()
        }
        return (m, labels)
    }

    /// m random h x w images: a bright blob at a random place plus noise, values in [0, 1].
    static func images(m: Int, h: Int, w: Int, seed: UInt64 = 3) -> Matrix {
        var rng = Rng(seed: seed)
        let out = Matrix(rows: m, cols: h * w)
        for k in 0..<m {
            let cy = rng.uniform(Float(h) * 0.3, Float(h) * 0.7), cx = rng.uniform(Float(w) * 0.3, Float(w) * 0.7)
            let r = rng.uniform(2, Float(min(h, w)) / 3)
            for y in 0..<h {
                for x in 0..<w {
                    let d = ((Float(y) - cy) * (Float(y) - cy) + (Float(x) - cx) * (Float(x) - cx)).squareRoot()
                    out[k, y * w + x] = min(1, max(0, (d < r ? 1 - d / (2 * r) : 0) + 0.1 * rng.uniform()))
                }
            }
        }
        return out
    }

    /// Loss series that decrease like a real training run.
    static func losses(epochs: Int) -> [LossPlot.Series] {
        let recon = (1...epochs).map { 0.06 + 0.5 * exp(-Double($0) / 8) }
        let kl = (1...epochs).map { 0.002 + 0.02 * (1 - exp(-Double($0) / 5)) }
        return [LossPlot.Series("total", zip(recon, kl).map { $0 + $1 }),
                LossPlot.Series("reconstruction", recon), LossPlot.Series("kl", kl)]
    }

    /// `steps` positions of n points spiralling towards the origin.
    static func trajectories(n: Int, steps: Int, seed: UInt64 = 5) -> [Matrix] {
        var rng = Rng(seed: seed)
        let start = Matrix(rows: n, cols: 2)
        for i in 0..<n { start[i, 0] = rng.uniform(-9, 9); start[i, 1] = rng.uniform(-9, 9) }
        var out = [start]
        for _ in 1..<steps {
            let prev = out.last!, next = Matrix(rows: n, cols: 2)
            for i in 0..<n {
                next[i, 0] = 0.85 * prev[i, 0] - 0.25 * prev[i, 1]
                next[i, 1] = 0.25 * prev[i, 0] + 0.85 * prev[i, 1]
            }
            out.append(next)
        }
        return out
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
