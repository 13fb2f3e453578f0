import LatentCore

extension ScatterPlot {
    /// Emits header and plot; `keyed` false suppresses the legend, `keyPlacement` overrides where it goes.
    func build(into s: inout PlotScript, terminal: PlotTerminal, keyed: Bool,
               keyPlacement: String = "outside right top") throws {
        try validate()
        AxesHeader(title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel).emit(into: &s)
        s.line(spec.equalAxes ? "set size ratio -1" : "set size noratio")
        let hasKey = keyed && (labels != nil || !highlight.isEmpty)
        s.line(hasKey ? "set key \(keyPlacement) vertical Left reverse noautotitle" : "unset key")
        if terminal == .dumb { emitText(into: &s) } else { emitGraphic(into: &s) }
    }

    /// Colours via `lc rgb variable` in one element (original drawing order), legend from NaN entries.
    private func emitGraphic(into s: inout PlotScript) {
        let n = points.rows
        let ps = PlotScript.num(effectivePointSize)
        let shaped = classes.contains { Palette.pointType($0) != 7 }   // more classes than colours
        let fields = shaped ? "format='%float%float%float%uint32' using 1:2:3:4 with points pt variable"
                            : "format='%float%float%uint32' using 1:2:3 with points pt 7"
        var elements = ["'-' binary record=(\(n)) \(fields) ps \(ps) lc rgb variable notitle"]
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
        s.line("plot " + elements.joined(separator: ", \\\n     "))
        s.data(coloured(rows: nil, shaped: shaped, transparency: spec.transparency))
        if !highlight.isEmpty {
            s.data(coloured(rows: highlight, shaped: shaped))
            s.data(xy(rows: highlight))
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
            block.uint(Palette.withTransparency(Palette.color(label), transparency))
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
