import Foundation
import LatentCore

/// Latent trajectories: one polyline per point over T steps, on a faint scatter of the embedding.
public struct TrajectoryPlot: PlotKind {
    /// Appearance of a trajectory plot.
    public struct Spec: Sendable {
        /// Plot title ("" for none).
        public var title: String = "latent trajectories"
        /// Horizontal axis label.
        public var xLabel: String = "dim 1"
        /// Vertical axis label.
        public var yLabel: String = "dim 2"
        /// Legend names indexed by label value.
        public var labelNames: [String]? = nil
        /// Line width of the trajectories.
        public var lineWidth: Double = 1.5
        /// Draw start (open circle) and end (filled triangle) markers.
        public var markers: Bool = true

        /// Defaults: titled "latent trajectories", start and end markers on.
        public init(title: String = "latent trajectories", xLabel: String = "dim 1", yLabel: String = "dim 2",
                    labelNames: [String]? = nil) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.labelNames = labelNames
        }
    }

    /// T positions: `steps[t]` is n x 2 and row i is trajectory i at step t.
    public var steps: [Matrix]
    /// Class of each trajectory (nil: palette colours by trajectory index).
    public var labels: [Int]?
    /// Faint background scatter (the embedding), n' x 2.
    public var background: Matrix?
    /// Classes of the background points.
    public var backgroundLabels: [Int]?
    /// Appearance.
    public var spec: Spec

    /// Trajectories through `steps`, optionally over `background` coloured by `backgroundLabels`.
    public init(steps: [Matrix], labels: [Int]? = nil, background: Matrix? = nil,
                backgroundLabels: [Int]? = nil, spec: Spec = Spec()) {
        self.steps = steps
        self.labels = labels
        self.background = background
        self.backgroundLabels = backgroundLabels
        self.spec = spec
    }

    /// Number of trajectories.
    public var count: Int { steps.first?.rows ?? 0 }

    /// Throws a sentence naming the first inconsistency.
    public func validate() throws {
        guard let first = steps.first, first.rows > 0 else {
            throw PlotError.invalidInput("the trajectory plot has no steps or no points")
        }
        for (t, m) in steps.enumerated() where m.rows != first.rows || m.cols < 2 {
            throw PlotError.invalidInput("trajectory step \(t) is \(m.rows)x\(m.cols), expected \(first.rows)x2")
        }
        if let l = labels, l.count != first.rows {
            throw PlotError.invalidInput("got \(l.count) labels for \(first.rows) trajectories")
        }
        if let b = background {
            guard b.cols >= 2 else { throw PlotError.invalidInput("background points need 2 columns") }
            if let l = backgroundLabels, l.count != b.rows {
                throw PlotError.invalidInput("got \(l.count) background labels for \(b.rows) points")
            }
        }
        guard spec.lineWidth > 0 else { throw PlotError.invalidInput("lineWidth must be positive") }
    }

    /// Emits background, polylines (NaN rows break lines), then start and end markers.
    public func build(into s: inout PlotScript, terminal: PlotTerminal) throws {
        try validate()
        let text = terminal == .dumb
        AxesHeader(title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel).emit(into: &s)
        s.line("set size noratio")
        s.line("set key outside right top vertical Left reverse noautotitle")
        let n = count, T = steps.count
        var elements: [String] = []
        var blocks: [DataBlock] = []
        if let bg = background, bg.rows > 0 {
            var block = DataBlock(fields: 3, reserve: bg.rows)
            for i in 0..<bg.rows {
                block.float(bg[i, 0]); block.float(bg[i, 1])
                let c = backgroundLabels.map { Palette.color($0[i]) } ?? 0x999999
                block.uint(Palette.withTransparency(c, 200))   // about 80% transparent
            }
            let ps = PlotScript.num(min(0.5, max(0.15, 0.5 * pow(1000 / Double(bg.rows), 0.33))))
            elements.append("'-' binary record=(\(bg.rows)) format='%float%float%uint32' using 1:2:3 with points "
                            + (text ? "pt '.' notitle" : "pt 7 ps \(ps) lc rgb variable notitle"))
            blocks.append(block)
        }
        var lines = DataBlock(fields: 3, reserve: n * (T + 1))
        for i in 0..<n {
            let c = Palette.color(labels?[i] ?? i)
            for m in steps {
                lines.float(m[i, 0]); lines.float(m[i, 1]); lines.uint(c)
            }
            lines.float(.nan); lines.float(.nan); lines.uint(c)   // breaks the polyline
        }
        elements.append("'-' binary record=(\(n * (T + 1))) format='%float%float%uint32' using 1:2:3 with lines "
                        + (text ? "notitle" : "lw \(PlotScript.num(spec.lineWidth)) lc rgb variable notitle"))
        blocks.append(lines)
        if spec.markers {
            for (m, name, graphic, glyph) in [(steps[0], "start", "pt 6 ps 1.2 lw 1.5", "o"),
                                              (steps[T - 1], "end", "pt 9 ps 1.2", "x")] {
                var block = DataBlock(fields: 2, reserve: n)
                for i in 0..<n { block.float(m[i, 0]); block.float(m[i, 1]) }
                elements.append("'-' binary record=(\(n)) format='%float%float' using 1:2 with points "
                                + (text ? "pt '\(glyph)'" : "\(graphic) lc rgb 'black'") + " title '\(name)'")
                blocks.append(block)
            }
        }
        if let labels, !text {
            for c in Set(labels).sorted() {
                let name = spec.labelNames.flatMap { c >= 0 && c < $0.count ? $0[c] : nil } ?? String(c)
                elements.append("NaN with lines lw 2 lc rgb \(Palette.literal(Palette.color(c))) "
                                + "title \(PlotScript.quote(name))")
            }
        }
        s.line("plot " + elements.joined(separator: ", \\\n     "))
        for b in blocks { s.data(b) }
    }
}
