import LatentCore

extension ScatterPlot {
    /// Emits header and plot; `keyed` false suppresses the legend (left panel of a side-by-side).
    func build(into s: inout PlotScript, terminal: PlotTerminal, keyed: Bool) throws {
        try validate()
        AxesHeader(title: spec.title, xLabel: spec.xLabel, yLabel: spec.yLabel).emit(into: &s)
        s.line(spec.equalAxes ? "set size ratio -1" : "set size noratio")
        let hasKey = keyed && (labels != nil || !highlight.isEmpty)
        s.line(hasKey ? "set key outside right top vertical Left reverse noautotitle" : "unset key")
        if terminal == .dumb { emitText(into: &s) } else { emitGraphic(into: &s) }
    }

    /// Colours via `lc rgb variable` in one element (original drawing order), legend from NaN entries.
    private func emitGraphic(into s: inout PlotScript) {
        let n = points.rows
        let ps = PlotScript.num(effectivePointSize)
        var elements = ["'-' binary record=(\(n)) format='%float%float%uint32' using 1:2:3 "
                        + "with points pt 7 ps \(ps) lc rgb variable notitle"]
        for c in classes {
            elements.append("NaN with points pt 7 ps 1.5 lc rgb \(Palette.literal(Palette.color(c))) "
                            + "title \(PlotScript.quote(name(of: c)))")
        }
        let big = PlotScript.num(max(1.2, effectivePointSize * 3))
        if !highlight.isEmpty {
            elements.append("'-' binary record=(\(highlight.count)) format='%float%float%uint32' using 1:2:3 "
                            + "with points pt 7 ps \(big) lc rgb variable notitle")
            elements.append("'-' binary record=(\(highlight.count)) format='%float%float' using 1:2 "
                            + "with points pt 6 ps \(big) lw 1.5 lc rgb 'black' "
                            + "title \(PlotScript.quote(spec.highlightName))")
        }
        s.line("plot " + elements.joined(separator: ", \\\n     "))
        s.data(coloured(rows: nil))
        if !highlight.isEmpty {
            s.data(coloured(rows: highlight))
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

    /// Records (x, y, colour) for `rows` (all rows when nil).
    private func coloured(rows: [Int]?) -> DataBlock {
        let count = rows?.count ?? points.rows
        var block = DataBlock(fields: 3, reserve: count)
        let single = Palette.color(0)
        for k in 0..<count {
            let i = rows?[k] ?? k
            let p = points.row(i)
            block.float(p[0])
            block.float(p[1])
            block.uint(labels.map { Palette.color($0[i]) } ?? single)
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
