import Foundation

/// A table of results: rows of named cells, columns in the order they first appeared.
///
/// `t = table`, `append t lr=0.1 accuracy=0.93`, `print t` (aligned), `t.accuracy` (a column),
/// `t[0]` (a row), `len t` (the rows).
public final class ResultTable: ScriptObject {
    /// Column names in order of first appearance.
    public private(set) var columns: [String] = []
    /// Rows: a value per column name (absent cells are `none`).
    public private(set) var rows: [[String: Value]] = []

    /// An empty table.
    public init() {}

    public static let typeName = "Table"
    public var summary: String {
        "\(rows.count) row\(rows.count == 1 ? "" : "s") x \(columns.count) column\(columns.count == 1 ? "" : "s")"
            + (columns.isEmpty ? "" : " (\(columns.joined(separator: ", ")))")
    }
    /// A column's values, top to bottom.
    public func member(_ name: String) -> Value? {
        columns.contains(name) ? .list(column(name)) : nil
    }
    public var memberNames: [String] { columns }
    public var elementCount: Int? { rows.count }
    public func element(at index: Int) -> Value { .object(TableRow(table: self, index: index)) }
    public var printedText: String? { rows.isEmpty ? "(empty table)" : formatted().joined(separator: "\n") }

    /// The values of column `name` (`none` where a row has no such cell).
    public func column(_ name: String) -> [Value] { rows.map { $0[name] ?? .none } }

    /// Adds a row; new names add columns.
    public func append(_ cells: [(name: String, value: Value)]) {
        var row: [String: Value] = [:]
        for (name, value) in cells {
            if !columns.contains(name) { columns.append(name) }
            row[name] = value
        }
        rows.append(row)
    }

    /// A cell as printed: numbers with at most 4 significant digits when their exact form is long.
    static func cell(_ value: Value) -> String {
        if value.isNone { return "" }
        guard let x = value.number else { return value.text }
        let exact = Value.format(x)
        return exact.count <= 8 ? exact : String(format: "%.4g", x)
    }

    /// The header and rows with columns aligned (numbers to the right, text to the left), two spaces apart.
    public func formatted() -> [String] {
        let cells = rows.map { row in columns.map { name in row[name].map(ResultTable.cell) ?? "" } }
        let numeric = columns.map { name in rows.allSatisfy { ($0[name]?.number != nil) || ($0[name]?.isNone ?? true) } }
        var widths = columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ texts: [String]) -> String {
            var out = ""
            for (i, t) in texts.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - t.count)
                out += (i == 0 ? "" : "  ") + (numeric[i] ? pad + t : t + pad)
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        return [line(columns)] + cells.map(line)
    }
}

/// One row of a table (`t[0]`): its cells are members (`t[0].accuracy`).
public final class TableRow: ScriptObject {
    let table: ResultTable
    let index: Int

    init(table: ResultTable, index: Int) {
        self.table = table
        self.index = index
    }

    public static let typeName = "Row"
    public var summary: String {
        table.columns.compactMap { name in table.rows[index][name].map { "\(name)=\($0.sourceForm ?? $0.text)" } }
            .joined(separator: " ")
    }
    public func member(_ name: String) -> Value? { table.columns.contains(name) ? table.rows[index][name] ?? .none : nil }
    public var memberNames: [String] { table.columns }
}
