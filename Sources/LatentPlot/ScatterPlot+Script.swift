import Foundation
import LatentCore

extension ScatterPlot {
    /// Emits header and plot; `keyed` false suppresses the legend, `keyPlacement` overrides where it goes.
    func build(into s: inout PlotScript, terminal: PlotTerminal, keyed: Bool,
               keyPlacement: String = "outside right top") throws {
        try validate()
        if terminal == .dumb, values != nil {    // characters have no colours: bins of the values as classes
            try binned().build(into: &s, terminal: terminal, keyed: keyed, keyPlacement: keyPlacement)
            return
        }
        AxesHeader(title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel).emit(into: &s)
        s.line(spec.equalAxes ? "set size ratio -1" : "set size noratio")
        if let range = valueRange {
            s.line(Palette.continuousDefinition)
            s.line("set cbrange [\(PlotScript.num(Double(range.lo))):\(PlotScript.num(Double(range.hi)))]")
            s.line("set colorbox")
            s.line("set cblabel \(PlotScript.quote(spec.colorTitle))")
        }
        let hasKey = keyed && ((labels != nil && values == nil) || !highlight.isEmpty)
        s.line(hasKey ? "set key \(keyPlacement) vertical Left reverse noautotitle" : "unset key")
        if terminal == .dumb { emitText(into: &s) } else { emitGraphic(into: &s, hover: terminal == .svg ? hover : nil) }
    }

    /// Colours via `lc rgb variable` in one element (original drawing order), legend from NaN entries.
    private func emitGraphic(into s: inout PlotScript, hover: [String]?) {
        let n = points.rows
        let ps = PlotScript.num(effectivePointSize)
        let shaped = classes.contains { Palette.pointType($0) != 7 }   // more classes than colours
        let fields = shaped ? "format='%float%float%float%uint32' using 1:2:3:4 with points pt variable"
                            : "format='%float%float%uint32' using 1:2:3 with points pt 7"
        var elements = ["'-' binary record=(\(n)) \(fields) ps \(ps) lc rgb variable notitle"]
        if values != nil { elements.append("NaN with points pt 7 lc palette notitle") }   // draws the colour bar
        for c in classes {
            elements.append("NaN with points pt \(Palette.pointType(c)) ps 1.5 "
                            + "lc rgb \(Palette.literal(Palette.color(c))) title \(PlotScript.quote(name(of: c)))")
        }
        let big = PlotScript.num(max(1.2, effectivePointSize * 3))
        if !highlight.isEmpty {
            elements.append("'-' binary record=(\(highlight.count)) \(fields) ps \(big) lc rgb variable notitle")
            elements.append("'-' binary record=(\(highlight.count)) format='%float%float' using 1:2 "
                            + "with points pt 6 ps \(big) lw 1.5 lc rgb 'black' "
                            + "title \(PlotScript.quote(spec.highlightName))")
        }
        if hover != nil {   // invisible points over the drawn ones, each with its hover text (text data, last)
            elements.append("'-' using 1:2:3 with labels hypertext point pt 7 ps \(ps) lc rgb '#ff000000' notitle")
        }
        s.line("plot " + elements.joined(separator: ", \\\n     "))
        s.data(coloured(rows: nil, shaped: shaped, transparency: spec.transparency))
        if !highlight.isEmpty {
            s.data(coloured(rows: highlight, shaped: shaped))
            s.data(xy(rows: highlight))
        }
        if let hover {
            for i in 0..<points.rows where points[i, 0].isFinite && points[i, 1].isFinite {
                // data files quote strings with double quotes and know no escapes: inner ones become single
                let text = hover[i].map { $0 == "\"" ? "'" : $0.isNewline || $0 == "\t" ? " " : $0 }
                s.line("\(points[i, 0]) \(points[i, 1]) \"\(String(text))\"")
            }
            s.line("e")
        }
    }

    /// One element per class drawn with its marker character, so classes stay apart without colour.
    private func emitText(into s: inout PlotScript) {
        var elements: [String] = []
        var blocks: [DataBlock] = []
        if let labels {
            var byClass: [Int: [Int]] = [:]
            for (i, l) in labels.enumerated() { byClass[l, default: []].append(i) }
            for c in classes {
                let rows = byClass[c]!
                elements.append("'-' binary record=(\(rows.count)) format='%float%float' using 1:2 "
                                + "with points pt \(PlotScript.quote(String(Palette.marker(c)))) "
                                + "title \(PlotScript.quote(name(of: c)))")
                blocks.append(xy(rows: rows))
            }
        } else {
            elements.append("'-' binary record=(\(points.rows)) format='%float%float' using 1:2 "
                            + "with points pt '*' notitle")
            blocks.append(xy(rows: nil))
        }
        if !highlight.isEmpty {
            elements.append("'-' binary record=(\(highlight.count)) format='%float%float' using 1:2 "
                            + "with points pt '@' title \(PlotScript.quote(spec.highlightName))")
            blocks.append(xy(rows: highlight))
        }
        s.line("plot " + elements.joined(separator: ", \\\n     "))
        for b in blocks { s.data(b) }
    }

    /// Records (x, y, [point type,] colour) for `rows` (all rows when nil); highlighted rows stay opaque.
    /// `transparency` (0 opaque) goes in the colour's top byte, which gnuplot reads as 0xAARRGGBB.
    private func coloured(rows: [Int]?, shaped: Bool, transparency: UInt8 = 0) -> DataBlock {
        let count = rows?.count ?? points.rows
        var block = DataBlock(fields: shaped ? 4 : 3, reserve: count)
        for k in 0..<count {
            let i = rows?[k] ?? k
            let p = points.row(i)
            let label = labels?[i] ?? 0
            block.float(p[0])
            block.float(p[1])
            if shaped { block.float(Float(Palette.pointType(label))) }
            let colour = values.map { Palette.continuous(position(of: $0[i])) } ?? Palette.color(label)
            block.uint(Palette.withTransparency(colour, transparency))
        }
        return block
    }

    /// Records (x, y) for `rows` (all rows when nil).
    func xy(rows: [Int]?) -> DataBlock {
        let count = rows?.count ?? points.rows
        var block = DataBlock(fields: 2, reserve: count)
        for k in 0..<count {
            let p = points.row(rows?[k] ?? k)
            block.float(p[0])
            block.float(p[1])
        }
        return block
    }
}

extension ScatterPlot {
    /// The hover texts drawn (at most `maxHoverPoints` points), nil when none.
    var hover: [String]? {
        guard let hoverTexts, hoverTexts.count == points.rows, points.rows <= Self.maxHoverPoints else { return nil }
        return hoverTexts
    }

    /// SVG with hover text embeds gnuplot's script that shows it.
    public func terminalOptions(for terminal: PlotTerminal) -> String {
        terminal == .svg && hover != nil ? " mouse standalone" : ""
    }

    /// Bins of `values` the text terminal draws as classes, named by their ranges.
    static let textBins = 5

    /// The smallest and largest finite value (a unit range around a constant); nil without values.
    var valueRange: (lo: Float, hi: Float)? {
        guard let values else { return nil }
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return (0, 1) }
        return lo < hi ? (lo, hi) : (lo - 0.5, hi + 0.5)
    }

    /// Where `v` lies in `valueRange`, 0...1 (NaN stays NaN: gray).
    func position(of v: Float) -> Double {
        guard let r = valueRange, v.isFinite else { return .nan }
        return Double((v - r.lo) / (r.hi - r.lo))
    }

    /// The plot with `values` cut into `textBins` equal ranges drawn as classes named "lo to hi".
    func binned() -> ScatterPlot {
        var plot = self
        guard let values, let r = valueRange else { return plot }
        let width = (r.hi - r.lo) / Float(Self.textBins)
        plot.labels = values.map { (v: Float) -> Int in
            guard v.isFinite else { return Self.textBins }
            let bin = Int((v - r.lo) / width)
            return min(Self.textBins - 1, max(0, bin))
        }
        var names: [String] = []
        for b in 0..<Self.textBins {
            let lo = Double(r.lo + Float(b) * width), hi = Double(r.lo + Float(b + 1) * width)
            names.append(String(format: "%.3g to %.3g", lo, hi))
        }
        plot.spec.labelNames = names + ["nan"]
        plot.values = nil
        return plot
    }
}
