import Foundation
import LatentCore
import LatentData
import LatentPlot

extension CommandRegistry {
    /// `plot lines`: columns of a table drawn against one of them.
    func registerTablePlot() {
        register(Command("plot lines", group: "Plots", dataParallel: .rootOnly,
                         summary: "Columns of a table against another: one line per y column (plot lines t x=\"lr\" y=\"accuracy\").",
                         positionals: [PlotLines.table],
                         options: [PlotLines.x, PlotLines.y, PlotLines.log, PlotKeys.to, PlotKeys.title],
                         examples: ["plot lines t x=\"lr\" y=\"accuracy\" to \"sweep.png\""]) { args, session in
            let table = try args[PlotLines.table]
            let xName = try args[PlotLines.x]
            let yNames = args.value(PlotLines.y).string.map { [$0] } ?? (args.value(PlotLines.y).list ?? []).compactMap(\.string)
            let xs = try Self.numericColumn(table, xName, args, PlotLines.x)
            var series: [LossPlot.Series] = []
            for name in yNames {
                series.append(LossPlot.Series(name, try Self.numericColumn(table, name, args, PlotLines.y), epochs: xs))
            }
            var spec = LossPlot.Spec(title: try args[PlotKeys.title] ?? "", xLabel: xName,
                                     yLabel: yNames.joined(separator: ", "))
            spec.logScale = try args[PlotLines.log]
            try Self.render(LossPlot(series: series, spec: spec), args: args, session: session, name: "lines")
            return .none
        })
    }

    private static func numericColumn(_ table: ResultTable, _ name: String, _ args: Arguments, _ option: some ParameterKey) throws -> [Double] {
        guard table.columns.contains(name) else {
            throw args.invalid(option, "names no column of the table: \(Value.quote(name))"
                               + Suggestion.didYouMean(name, in: table.columns) + " (columns: \(table.columns.joined(separator: ", ")))")
        }
        guard !table.rows.isEmpty else { throw args.invalid(PlotLines.table, "has no rows") }
        return try table.column(name).enumerated().map { i, v in
            guard let x = v.number else { throw args.invalid(option, "column \(Value.quote(name)) holds \(v.kindDescription) in row \(i), not a number") }
            return x
        }
    }

    /// Writes a table: CSV with a header row (text quoted when needed), or NPY of its numeric columns (float32).
    static func export(_ table: ResultTable, to path: String, csv: Bool) throws {
        guard !table.columns.isEmpty else { throw CommandError("the table is empty: append rows before exporting it", argument: "value") }
        if csv {
            var text = table.columns.map(csvField).joined(separator: ",") + "\n"
            for row in table.rows {
                text += table.columns.map { name -> String in
                    guard let v = row[name], !v.isNone else { return "" }
                    if let x = v.number { return x.isFinite ? "\(x)" : Value.format(x) }
                    return csvField(v.text)
                }.joined(separator: ",") + "\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let matrix = Matrix(rows: table.rows.count, cols: table.columns.count)
        for (c, name) in table.columns.enumerated() {
            for (r, v) in table.column(name).enumerated() {
                guard let x = v.number ?? (v.isNone ? .nan : nil) else {
                    throw CommandError("column \(Value.quote(name)) is not numeric (row \(r) is \(v.kindDescription)); export the table to .csv",
                                       argument: "value")
                }
                matrix[r, c] = Float(x)
            }
        }
        try DataWriter.writeNPY(matrix, to: path)
    }

    private static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}

/// `e[i]`: the coordinates of point i of an embedding.
extension EmbeddingObject {
    public var elementCount: Int? { points.rows }
    public func element(at index: Int) -> Value { .numbers((0..<points.cols).map { points[index, $0] }) }
}

/// `s[i]`: the features of sample i.
extension SamplesObject {
    public var elementCount: Int? { values.rows }
    public func element(at index: Int) -> Value { .numbers((0..<values.cols).map { values[index, $0] }) }
}

/// The parameters of `plot lines`.
private enum PlotLines {
    static let table = Positional<ResultTable>("table", "the table (from table and append)")
    static let x = Option<String>("x", required: true, "the column along the horizontal axis")
    static let y = Option<Value>("y", .oneOf([.string, .list(.string)]), required: true, "the column (or list of columns) to draw")
    static let log = Option<Bool>("log", default: false, "logarithmic vertical axis")
}
