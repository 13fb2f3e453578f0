import Foundation
import LatentFiles

/// Reads a CSV/TSV file into a dataset; see `DataLoader.loadCSV`.
///
/// The first record and up to `scanRecords` after it are read once ahead (`CSVColumnScan`) to decide
/// whether the first record is a header and which column `label=auto` means; then every record is read
/// into `CSVValues`, missing cells are handled as `LoadOptions.missing` says, and a pandas index column
/// is dropped.
struct CSVParser {
    let path: String
    let p: UnsafePointer<UInt8>
    let n: Int
    let options: LoadOptions
    /// Sentences for the user about what the load did on its own (a dropped index, filled gaps).
    private(set) var notes: [String] = []

    /// Records read ahead to classify columns.
    static let scanRecords = 1000

    init(path: String, p: UnsafePointer<UInt8>, n: Int, options: LoadOptions) {
        self.path = path
        self.p = p
        self.n = n
        self.options = options
    }

    mutating func parse() throws -> Dataset {
        let bom = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF
        try checkLineEnds()
        var tok = CSVTokenizer(path: path, p: p, n: n, start: bom ? 3 : 0)
        guard tok.skipBlankLines() else { throw DataError(.emptyFile, file: path, "has no data lines; expected rows of numbers") }
        tok.delimiter = options.delimiter ?? tok.detectDelimiter()
        var first: [CSVCell] = []
        _ = try tok.next(&first)
        let firstLine = tok.recordLine
        let scan = try CSVColumnScan(first: first, after: tok, records: Self.scanRecords)
        let hasHeader: Bool
        switch options.header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .auto: hasHeader = scan.firstLooksLikeHeader
        }
        let names = hasHeader ? first.map { tok.string($0) } : nil
        if !hasHeader { tok = CSVTokenizer(path: path, p: p, n: n, start: bom ? 3 : 0); tok.delimiter = scan.delimiter }
        let plan = try CSVColumnPlan(path: path, line: firstLine, columns: first.count, names: names,
                                     scan: scan.counts(includingFirst: !hasHeader), options: options)
        let features = plan.features.count
        let roles = plan.roles
        let columns = first.count

        var values = CSVValues(features: features, reserving: max(1, n / max(1, columns * 2)) * features)
        var labelCells: [CSVCell] = []
        var missingRows: [Int: Int] = [:]          // row -> line, rows with a missing feature cell
        var missingByFeature = [[Int]](repeating: [], count: features)
        var unlabelled: [Int: Int] = [:]          // row -> line, rows whose label cell is missing
        var ids: [String] = []                    // the id= column's cells, one per row
        var indexHolds = plan.indexCandidate
        var cells: [CSVCell] = []
        var rows = 0

        while try tok.next(&cells) {
            guard cells.count == columns else {
                throw DataError(.raggedRow, file: path, line: tok.recordLine, "expected \(columns) columns, found \(cells.count)")
            }
            if rows & 4095 == 4095, options.shouldStop?() == true {
                throw DataError(.interrupted, file: path, line: tok.recordLine, "reading was interrupted after \(rows) rows")
            }
            values.appendRow()
            let base = rows * features
            for (c, cell) in cells.enumerated() {
                switch roles[c] {
                case .skip:
                    continue
                case .id:
                    ids.append(tok.string(cell))
                case .label:
                    if MissingValues.isMissing(p, cell.start, cell.end) {
                        guard options.missing == .drop else {
                            let found = cell.isEmpty ? "an empty cell" : "'\(tok.shown(cell))'"
                            throw DataError(.nonNumeric, file: path, line: tok.recordLine,
                                            "\(plan.columnName(c)): expected a label, found \(found); load with na=drop to leave such rows out")
                        }
                        unlabelled[rows] = tok.recordLine
                    }
                    labelCells.append(cell)
                case .feature(let f):
                    switch NumberParser.parse(p, cell.start, cell.end) {
                    case .number(let v, _):
                        guard values.set(base + f, v) else {
                            throw DataError(.nonFinite, file: path, line: tok.recordLine,
                                            "\(plan.columnName(c)): \(tok.shown(cell)) is too large; expected \(UsableValues.expected)")
                        }
                        if indexHolds && f == 0 && v != Double(rows) { indexHolds = false }
                    case .nonFinite where !MissingValues.isMissing(p, cell.start, cell.end):
                        throw DataError(.nonFinite, file: path, line: tok.recordLine,
                                        "\(plan.columnName(c)): expected a finite number, found '\(tok.shown(cell))'")
                    case .nonFinite, .invalid:
                        guard MissingValues.isMissing(p, cell.start, cell.end) else {
                            throw DataError(.nonNumeric, file: path, line: tok.recordLine,
                                            "\(plan.columnName(c)): expected a number, found '\(tok.shown(cell))'\(plan.hint(forTextIn: c))")
                        }
                        if f == 0 { indexHolds = false }
                        if missingRows[rows] == nil { missingRows[rows] = tok.recordLine }
                        missingByFeature[f].append(rows)
                    }
                }
            }
            rows += 1
        }
        guard rows > 0 else {
            throw DataError(.emptyFile, file: path, "has a header but no data rows; expected rows of numbers")
        }
        var featureNames = plan.features.map { c in names.map { $0[c] } }.compactMap { $0 }
        let rowsBefore = rows
        if !missingRows.isEmpty || !unlabelled.isEmpty {
            var gaps = CSVGaps(path: path, rows: missingRows, byFeature: missingByFeature, unlabelled: unlabelled)
            rows = try gaps.apply(options.missing, to: &values, labels: &labelCells, ids: &ids, rowCount: rows,
                                  columnName: { plan.columnName(plan.features[$0]) })
            notes += gaps.notes
        }
        var storage = values.storage
        var featureCount = features
        if indexHolds && features > 1 {
            storage = values.removingFeature(0)
            featureCount -= 1
            if !featureNames.isEmpty { featureNames.removeFirst() }
            notes.append("\(path): dropped column 1, an unnamed index holding 0 to \(rowsBefore - 1) (as pandas to_csv writes); load with columns=[...] to keep it")
        }
        let (labels, labelNames) = makeLabels(labelCells, tok)
        return try Dataset(name: options.name ?? DataLoader.defaultName(path), count: rows, features: featureCount,
                           storage: storage, labels: labels, labelNames: labelNames,
                           featureNames: names == nil ? nil : featureNames, ids: plan.id == nil ? nil : ids)
    }

    /// Refuses a file whose lines end in CR alone (classic Mac), which would otherwise read as one long line.
    private func checkLineEnds() throws {
        guard memchr(p, 10, n) == nil, let cr = memchr(p, 13, n) else { return }
        let at = UnsafePointer<UInt8>(cr.assumingMemoryBound(to: UInt8.self)) - p
        var rest = at
        while rest < n && (p[rest] == 13 || p[rest] == 32 || p[rest] == 9) { rest += 1 }
        guard rest < n else { return }   // only trailing CRs: a single line
        throw DataError(.malformed, file: path, offset: at,
                        "ends its lines with a carriage return (CR) alone, as old Mac files do; expected LF or CR LF line ends "
                        + "(convert it with: tr '\\r' '\\n' < FILE > NEW)")
    }

    /// Integer labels when every label cell is an integer in Int32 range; otherwise text classes.
    private func makeLabels(_ cells: [CSVCell], _ tok: CSVTokenizer) -> ([Int32]?, [String]?) {
        guard !cells.isEmpty else { return (nil, nil) }
        var ints: [Int32] = []
        ints.reserveCapacity(cells.count)
        for cell in cells {
            guard case .number(let v, _) = NumberParser.parse(p, cell.start, cell.end), v == v.rounded(),
                  v >= Double(Int32.min), v <= Double(Int32.max) else { break }
            ints.append(Int32(v))
        }
        if ints.count == cells.count { return (ints, nil) }
        let strings = cells.map { tok.string($0) }
        let names = Array(Set(strings)).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        return (strings.map { index[$0] ?? 0 }, names)
    }
}
