/// A plot that can write its gnuplot commands and data for a given terminal.
public protocol PlotKind: Sendable {
    /// Size used when the output does not give one.
    func preferredSize(for terminal: PlotTerminal) -> PlotSize
    /// Appends commands and data blocks after the terminal/output preamble; throws on bad inputs.
    func build(into script: inout PlotScript, terminal: PlotTerminal) throws
    /// Options appended to the `set terminal` line (" mouse standalone" for hover text in SVG); "" for none.
    func terminalOptions(for terminal: PlotTerminal) -> String
}

extension PlotKind {
    /// The terminal's default size.
    public func preferredSize(for terminal: PlotTerminal) -> PlotSize { terminal.defaultSize }
    /// No extra terminal options by default.
    public func terminalOptions(for terminal: PlotTerminal) -> String { "" }
}

/// Axis labels, title and key placement shared by the 2-D plot kinds.
struct AxesHeader {
    var title: String
    var xLabel: String
    var yLabel: String

    /// Emits `set title/xlabel/ylabel` (empty strings unset them).
    func emit(into s: inout PlotScript) {
        s.line(title.isEmpty ? "unset title" : "set title \(PlotScript.quote(title))")
        s.line(xLabel.isEmpty ? "unset xlabel" : "set xlabel \(PlotScript.quote(xLabel))")
        s.line(yLabel.isEmpty ? "unset ylabel" : "set ylabel \(PlotScript.quote(yLabel))")
    }
}
