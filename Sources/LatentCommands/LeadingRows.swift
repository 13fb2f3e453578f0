import Foundation
import LatentFiles

/// Values whose first rows `head` can take (Embedding, Samples); `head` on a Dataset keeps its own subset.
/// The result lists its rows when printed, so `head e 5` shows coordinates and labels at the prompt.
protocol LeadingRows: ScriptObject {
    /// The first `n` rows (all when `n` is larger than the count), as a value that prints them.
    func leadingRows(_ n: Int) -> ScriptObject
}

/// Rows of numbers and labels as aligned text: the header, then one line per row, numbers right-aligned.
enum RowListing {
    /// Columns shown at most; wider rows end with "...".
    static let maxColumns = 8

    /// Lines for `rows` (n, k) under `names`, with `labels` (a class per row, and its name when known).
    static func lines(rows: Int, columns: Int, value: (Int, Int) -> Float, names: (Int) -> String,
                      labels: [Int32]?, labelNames: [String]?, labelHeader: String = "label", ids: [String]? = nil) -> [String] {
        let shown = min(columns, maxColumns)
        var header = ["row"] + (ids == nil ? [] : ["id"]) + (0..<shown).map(names)
        if columns > shown { header.append("...") }
        if labels != nil { header.append(labelHeader) }
        var table = [header]
        for r in 0..<rows {
            var line = [String(r)] + (ids.map { [$0[r]] } ?? []) + (0..<shown).map { format(value(r, $0)) }
            if columns > shown { line.append("...") }
            if let labels {
                let l = Int(labels[r])
                if let names = labelNames, l >= 0, l < names.count { line.append("\(l) \(Escaped.text(names[l]))") } else { line.append(String(l)) }
            }
            table.append(line)
        }
        let idColumn = ids == nil ? 0 : 1     // row number and coordinates right-aligned, the ID on the left
        return align(table, rightAligned: header.indices.map { $0 == 0 || ($0 > idColumn && $0 <= shown + idColumn) })
    }

    /// Cells (a header line first) in columns two spaces apart, each padded to its widest cell: on the left
    /// where `rightAligned` says so (numbers), else on the right; no trailing spaces.
    static func align(_ table: [[String]], rightAligned: [Bool]) -> [String] {
        var widths = [Int](repeating: 0, count: rightAligned.count)
        for line in table { for (i, cell) in line.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return table.map { line in
            var out = ""
            for (i, cell) in line.enumerated() {
                let pad = String(repeating: " ", count: max(0, (i < widths.count ? widths[i] : 0) - cell.count))
                out += (i == 0 ? "" : "  ") + (i < rightAligned.count && rightAligned[i] ? pad + cell : cell + pad)
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
    }

    /// A coordinate as listed: four decimals (the precision plots and exports are read at), or %g beyond.
    static func format(_ v: Float) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        let x = Double(v)
        if x == 0 { return "0.0000" }
        return abs(x) >= 1e-3 && abs(x) < 1e5 ? String(format: "%.4f", x) : String(format: "%.4g", x)
    }
}
