/// The missing cells of a CSV (empty, `NA`, `NaN`, `null`, ...) and what `na=` does with them.
struct CSVGaps {
    let path: String
    /// Rows with a missing feature cell, each with the line it starts on.
    let rows: [Int: Int]
    /// For each feature, the rows where it is missing.
    let byFeature: [[Int]]
    /// Rows whose label cell is missing (only collected under `na=drop`), each with the line it starts on.
    let unlabelled: [Int: Int]
    /// What `apply` did, for the user.
    private(set) var notes: [String] = []

    init(path: String, rows: [Int: Int], byFeature: [[Int]], unlabelled: [Int: Int]) {
        self.path = path
        self.rows = rows
        self.byFeature = byFeature
        self.unlabelled = unlabelled
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// Handles the gaps in `values` (`rowCount` rows) as `policy` says; returns the rows left.
    /// Rows shown by name in the note on dropped rows; the rest are counted.
    static let namedDrops = 5

    /// Handles the gaps in `values` (`rowCount` rows) as `policy` says; returns the rows left. `labels` and
    /// `ids` (each empty or one per row) lose the rows `values` loses.
    mutating func apply(_ policy: MissingValues, to values: inout CSVValues, labels: inout [CSVCell], ids: inout [String],
                        rowCount: Int, columnName: (Int) -> String) throws -> Int {
        let columns = byFeature.indices.filter { !byFeature[$0].isEmpty }
        let listed = columns.prefix(6).map(columnName).joined(separator: ", ") + (columns.count > 6 ? ", ..." : "")
        switch policy {
        case .error:
            throw DataError(.nonNumeric, file: path, line: rows.values.min(),
                            "\(Self.count(rows.count, "row")) of \(rowCount) \(rows.count == 1 ? "has a missing value" : "have missing values") "
                            + "(an empty cell, NA, NaN or null) in \(Self.count(columns.count, "column")): \(listed); "
                            + "load with na=drop to leave those rows out, or na=mean, na=median or na=zero to fill the gaps")
        case .drop:
            var keep = [Bool](repeating: true, count: rowCount)
            for r in rows.keys { keep[r] = false }
            for r in unlabelled.keys { keep[r] = false }
            let kept = keep.lazy.filter { $0 }.count
            guard kept > 0 else {
                throw DataError(.nonNumeric, file: path, "every one of its \(rowCount) rows has a missing value, so na=drop leaves nothing; "
                                + "try na=mean, na=median or na=zero, or leave the gappy columns out with drop=[...]")
            }
            values.keepRows(keep)
            if !labels.isEmpty { labels = labels.indices.filter { keep[$0] }.map { labels[$0] } }
            let droppedRows = (0..<rowCount).filter { !keep[$0] }
            notes.append("\(path): na=drop left out \(Self.count(rowCount - kept, "row")) of \(rowCount) with missing values: "
                         + Self.named(droppedRows, ids: ids, line: { rows[$0] ?? unlabelled[$0] ?? 0 }))
            if !ids.isEmpty { ids = ids.indices.filter { keep[$0] }.map { ids[$0] } }
            return kept
        case .mean, .median, .zero:
            var filled = 0
            for f in columns {
                let missing = Set(byFeature[f])
                let observed = (0..<rowCount).filter { !missing.contains($0) }.map { values.value($0 * values.features + f) }
                let fill: Double
                switch policy {
                case .zero: fill = 0
                default:
                    guard !observed.isEmpty else {
                        throw DataError(.nonNumeric, file: path, "\(columnName(f)) has no values, so na=\(policy.rawValue) has nothing to fill it from; "
                                        + "leave it out with drop=[...] or use na=zero")
                    }
                    fill = policy == .mean ? observed.reduce(0, +) / Double(observed.count) : Self.median(observed)
                }
                for r in missing { _ = values.set(r * values.features + f, fill) }
                filled += missing.count
            }
            let how = policy == .zero ? "0" : "the column \(policy.rawValue)"
            notes.append("\(path): na=\(policy.rawValue) filled \(Self.count(filled, "missing value")) in \(Self.count(columns.count, "column")) with \(how)")
            return rowCount
        }
    }

    /// The first `namedDrops` of `dropped` (row indices) by ID when there are IDs, else by line, and how many more.
    static func named(_ dropped: [Int], ids: [String], line: (Int) -> Int) -> String {
        let shown = dropped.prefix(namedDrops)
        let names = ids.isEmpty ? "line" + (shown.count == 1 ? " " : "s ") + shown.map { String(line($0)) }.joined(separator: ", ")
            : "id" + (shown.count == 1 ? " " : "s ") + shown.map { "'\(ids[$0])'" }.joined(separator: ", ")
        return names + (dropped.count > shown.count ? " and \(dropped.count - shown.count) more" : "")
    }

    /// The median of a non-empty list.
    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }
}
