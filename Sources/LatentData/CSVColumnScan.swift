/// What the first records of a CSV say about its columns: whether the first record is a header (it has
/// text above a column of numbers) and which columns hold text (the candidates of `label=auto`).
struct CSVColumnScan {
    /// How one cell reads.
    enum Kind { case number, missing, text }

    /// Cells of one column by kind.
    struct Counts {
        var numbers = 0
        var missing = 0
        var text = 0
        /// True when the column holds text and no numbers (missing cells aside).
        var isText: Bool { text > 0 && numbers == 0 }

        mutating func add(_ kind: Kind) {
            switch kind {
            case .number: numbers += 1
            case .missing: missing += 1
            case .text: text += 1
            }
        }
    }

    /// The delimiter the records were split on.
    let delimiter: UInt8
    /// Kinds of the first record's cells.
    let firstKinds: [Kind]
    /// Counts per column over the records after the first.
    let later: [Counts]

    /// Reads up to `records` records after `first` from a copy of `tok`, which is left where it was.
    init(first: [CSVCell], after tok: CSVTokenizer, records: Int) throws {
        var reader = tok
        delimiter = tok.delimiter
        firstKinds = first.map { CSVColumnScan.kind(tok.p, $0) }
        var counts = [Counts](repeating: Counts(), count: first.count)
        var cells: [CSVCell] = []
        var read = 0
        while read < records, try reader.next(&cells) {
            for (c, cell) in cells.prefix(counts.count).enumerated() { counts[c].add(CSVColumnScan.kind(tok.p, cell)) }
            read += 1
        }
        later = counts
    }

    /// How `cell` reads: a number (infinities included), a missing value, or text.
    static func kind(_ p: UnsafePointer<UInt8>, _ cell: CSVCell) -> Kind {
        switch NumberParser.parse(p, cell.start, cell.end) {
        case .number: return .number
        case .nonFinite, .invalid:
            if MissingValues.isMissing(p, cell.start, cell.end) { return .missing }
            if case .nonFinite = NumberParser.parse(p, cell.start, cell.end) { return .number }
            return .text
        }
    }

    /// True when some cell of the first record is text while its column below is not all text.
    var firstLooksLikeHeader: Bool {
        firstKinds.indices.contains { firstKinds[$0] == .text && !later[$0].isText }
    }

    /// Counts per column, with the first record's cells added when it is data.
    func counts(includingFirst: Bool) -> [Counts] {
        guard includingFirst else { return later }
        var out = later
        for (c, k) in firstKinds.enumerated() { out[c].add(k) }
        return out
    }
}
