/// Two embeddings in one image (left and right panels) with shared class colours and one legend.
public struct SideBySidePlot: PlotKind {
    /// Left panel.
    public var left: ScatterPlot
    /// Right panel (carries the legend).
    public var right: ScatterPlot
    /// Title over both panels ("" for none).
    public var title: String

    /// Two scatter plots side by side; each keeps its own title and axis labels.
    public init(left: ScatterPlot, right: ScatterPlot, title: String = "") {
        self.left = left
        self.right = right
        self.title = title
    }

    /// 1400x650 pixels, or 160x40 characters.
    public func preferredSize(for terminal: PlotTerminal) -> PlotSize {
        terminal == .dumb ? PlotSize(160, 40) : PlotSize(1400, 650)
    }

    /// Emits a multiplot with fixed screen margins so both panels get the same width.
    public func build(into s: inout PlotScript, terminal: PlotTerminal) throws {
        try left.validate()
        try right.validate()
        let top = title.isEmpty ? 0.90 : 0.86
        s.line("set multiplot" + (title.isEmpty ? "" : " title \(PlotScript.quote(title))"))
        s.line("set tmargin at screen \(top); set bmargin at screen 0.12")
        s.line("set lmargin at screen 0.06; set rmargin at screen 0.44")
        try left.build(into: &s, terminal: terminal, keyed: false)
        s.line("set lmargin at screen 0.52; set rmargin at screen 0.90")
        try right.build(into: &s, terminal: terminal, keyed: right.spec.showKey,
                        keyPlacement: "at screen 0.91, screen \(top) left top")
        s.line("unset multiplot")
        s.line("unset margins")
    }
}
