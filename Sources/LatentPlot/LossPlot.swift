/// Training curves: several named series (e.g. total, reconstruction, kl) against epoch.
public struct LossPlot: PlotKind {
    /// One named curve.
    public struct Series: Sendable {
        /// Legend name.
        public var name: String
        /// Values, one per epoch (non-finite values leave a gap).
        public var values: [Double]
        /// Epoch of each value; nil means 1, 2, 3, ...
        public var epochs: [Double]?

        /// A series named `name` with values at epochs 1...n (or at `epochs`).
        public init(_ name: String, _ values: [Double], epochs: [Double]? = nil) {
            self.name = name
            self.values = values
            self.epochs = epochs
        }
    }

    /// Appearance of a loss plot.
    public struct Spec: Sendable {
        /// Plot title ("" for none).
        public var title: String = "training loss"
        /// Horizontal axis label.
        public var xLabel: String = "epoch"
        /// Vertical axis label.
        public var yLabel: String = "loss"
        /// Log-scale y; falls back to linear when any finite value is <= 0.
        public var logScale: Bool = true
        /// Line width of the curves on graphic terminals.
        public var lineWidth: Double = 2

        /// Defaults: "training loss" over "epoch", log-scale y.
        public init(title: String = "training loss", xLabel: String = "epoch", yLabel: String = "loss",
                    logScale: Bool = true) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.logScale = logScale
        }
    }

    /// The curves, drawn in order with palette colours 0, 1, 2, ...
    public var series: [Series]
    /// Appearance.
    public var spec: Spec

    /// A loss plot of `series`.
    public init(series: [Series], spec: Spec = Spec()) {
        self.series = series
        self.spec = spec
    }

    /// Throws a sentence naming the first empty or inconsistent series.
    public func validate() throws {
        guard !series.isEmpty else { throw PlotError.invalidInput("the loss plot has no series") }
        for s in series {
            guard !s.values.isEmpty else { throw PlotError.invalidInput("loss series '\(s.name)' is empty") }
            if let e = s.epochs, e.count != s.values.count {
                throw PlotError.invalidInput("loss series '\(s.name)' has \(s.values.count) values "
                                             + "but \(e.count) epochs")
            }
        }
        guard series.contains(where: { $0.values.contains(where: \.isFinite) }) else {
            throw PlotError.invalidInput("no loss series has a finite value")
        }
        guard spec.lineWidth > 0 else { throw PlotError.invalidInput("lineWidth must be positive") }
    }

    /// Whether the y axis is drawn in log scale (requested and every finite value positive).
    public var usesLogScale: Bool {
        spec.logScale && series.allSatisfy { $0.values.allSatisfy { !$0.isFinite || $0 > 0 } }
    }

    /// Emits header, scale and one element per series.
    public func build(into s: inout PlotScript, terminal: PlotTerminal) throws {
        try validate()
        AxesHeader(title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel).emit(into: &s)
        s.line(usesLogScale ? "set logscale y" : "unset logscale y")
        s.line("set format y '%g'")
        s.line("set key top right Left reverse noautotitle")
        if terminal != .dumb { s.line("set grid ytics mytics lc rgb '#dddddd' lw 1") }
        var elements: [String] = []
        for (k, ser) in series.enumerated() {
            let head = "'-' binary record=(\(ser.values.count)) format='%float%float' using 1:2 "
            let title = "title \(PlotScript.quote(ser.name))"
            if terminal == .dumb {
                let every = max(1, ser.values.count / 12)
                elements.append(head + "with linespoints pt \(PlotScript.quote(String(Palette.marker(k + 10)))) "
                                + "pi \(every) \(title)")
            } else {
                let marks = ser.values.count <= 40 ? "linespoints pt 7 ps 0.6" : "lines"
                elements.append(head + "with \(marks) lw \(PlotScript.num(spec.lineWidth)) "
                                + "lc rgb \(Palette.literal(Palette.color(k))) \(title)")
            }
        }
        s.line("plot " + elements.joined(separator: ", \\\n     "))
        for ser in series {
            var block = DataBlock(fields: 2, reserve: ser.values.count)
            for (i, v) in ser.values.enumerated() {
                block.float(Float(ser.epochs?[i] ?? Double(i + 1)))
                block.float(v.isFinite ? Float(v) : .nan)
            }
            s.data(block)
        }
        s.line("unset logscale y")
        s.line("unset grid")
    }
}
