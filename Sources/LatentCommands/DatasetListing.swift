import Foundation
import LatentData

/// A dataset's rows as a table, the way pandas prints a data frame: the row number (in the dataset they
/// were taken from), the ID, the features under their names and the class, numbers right-aligned. Wide
/// tables keep their first and last columns with "..." between; long ones their first and last rows.
enum DatasetListing {
    /// Features shown at most; wider datasets show the first and last `maxColumns / 2`.
    static let maxColumns = 10
    /// Rows shown at most; longer listings show the first `headRows` and the last `tailRows`.
    static let maxRows = 20, headRows = 10, tailRows = 2

    /// Lines for `data`; `rowNumbers[i]` is row i's number in the dataset it came from (nil: 0, 1, ...).
    static func lines(_ data: Dataset, rowNumbers: [Int]?) -> [String] {
        let columns: [Int?]          // feature index, or nil for the "..." column
        if data.features > maxColumns {
            let half = maxColumns / 2
            columns = Array(0..<half).map { Optional($0) } + [nil] + Array((data.features - half)..<data.features).map { Optional($0) }
        } else {
            columns = Array(0..<data.features).map { Optional($0) }
        }
        let rows: [Int?] = data.count > maxRows
            ? Array(0..<headRows).map { Optional($0) } + [nil] + Array((data.count - tailRows)..<data.count).map { Optional($0) }
            : Array(0..<data.count).map { Optional($0) }
        var header = ["row"]
        if data.ids != nil { header.append("id") }
        header += columns.map { $0.map(data.featureName) ?? "..." }
        if data.labels != nil { header.append("label") }
        // one number of decimals per column (up to 4), enough for every shown value
        let decimals = columns.map { c -> Int in
            guard let c else { return 0 }
            return rows.compactMap { $0 }.map { decimalsNeeded(data.rawValue($0, c) * data.scale[c] + data.offset[c]) }.max() ?? 0
        }
        var table = [header]
        for r in rows {
            guard let r else { table.append(header.map { _ in "..." }); continue }
            var line = [String(rowNumbers?[r] ?? r)]
            if let ids = data.ids { line.append(ids[r]) }
            for (k, c) in columns.enumerated() {
                guard let c else { line.append("..."); continue }
                line.append(format(data.rawValue(r, c) * data.scale[c] + data.offset[c], decimals: decimals[k]))
            }
            if let labels = data.labels {
                let l = Int(labels[r])
                if let names = data.labelNames, l >= 0, l < names.count { line.append(names[l]) } else { line.append(String(l)) }
            }
            table.append(line)
        }
        let idColumn = data.ids == nil ? 0 : 1
        let right = header.indices.map { $0 == 0 || ($0 > idColumn && $0 <= idColumn + columns.count) }
        return RowListing.align(table, rightAligned: right)
    }

    /// Decimals (0 to 4) that show `v` to four places without trailing zeros.
    static func decimalsNeeded(_ v: Float) -> Int {
        guard v.isFinite else { return 0 }
        let x = Double(v)
        for d in 0..<4 {
            let p = pow(10, Double(d))
            if abs((x * p).rounded() - x * p) <= max(1e-3, abs(x * p) * 1e-6) { return d }   // a Float holds ~7 digits
        }
        return 4
    }

    /// `v` with `decimals` places (very large or small magnitudes in %g).
    static func format(_ v: Float, decimals: Int) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        let x = Double(v)
        if x != 0 && (abs(x) >= 1e7 || (abs(x) < 1e-3 && decimals == 4)) { return String(format: "%.4g", x) }
        return String(format: "%.\(decimals)f", x)
    }
}
