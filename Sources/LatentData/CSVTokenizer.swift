import LatentFiles

/// One cell of a CSV record: the byte range of its text in the file, trimmed and without its quotes.
struct CSVCell {
    /// First byte of the text.
    var start: Int
    /// One past the last byte of the text.
    var end: Int
    /// True when the cell was quoted and holds doubled quotes (`""`) that stand for one quote each.
    var escaped: Bool
    /// True when the cell has no text.
    var isEmpty: Bool { end <= start }
}

/// Splits CSV/TSV bytes into records as RFC 4180 describes: a field in double quotes may hold the
/// delimiter, newlines and doubled quotes. Blank lines and lines starting with `#` between records are
/// skipped; spaces around a field (and tabs, unless tab is the delimiter) are trimmed.
struct CSVTokenizer {
    let path: String
    let p: UnsafePointer<UInt8>
    let n: Int
    var delimiter: UInt8 = UInt8(ascii: ",")
    /// Next byte to read.
    private(set) var i: Int
    /// 1-based line of byte `i`.
    private(set) var line = 1
    /// 1-based line where the record last returned by `next` began.
    private(set) var recordLine = 0

    private static let quote = UInt8(ascii: "\"")

    init(path: String, p: UnsafePointer<UInt8>, n: Int, start: Int) {
        self.path = path
        self.p = p
        self.n = n
        self.i = start
    }

    /// Moves to the start of the next record (past blank and `#` lines); false at end of file.
    mutating func skipBlankLines() -> Bool {
        while i < n {
            var j = i
            while j < n && (p[j] == 32 || p[j] == 9 || p[j] == 13) { j += 1 }
            if j < n && p[j] != 10 && p[j] != UInt8(ascii: "#") { return true }
            while j < n && p[j] != 10 { j += 1 }
            i = j < n ? j + 1 : n
            if j < n { line += 1 }
        }
        return false
    }

    /// Whether `b` is padding around a field.
    @inline(__always)
    private func isPadding(_ b: UInt8) -> Bool { b == 32 || (b == 9 && delimiter != 9) }

    /// Reads the next record into `cells`; false at end of file. Throws for an unclosed quote (naming
    /// the line where it opened) and for text after a closing quote.
    mutating func next(_ cells: inout [CSVCell]) throws -> Bool {
        cells.removeAll(keepingCapacity: true)
        guard skipBlankLines() else { return false }
        recordLine = line
        let d = delimiter
        while true {
            var s = i
            while s < n && isPadding(p[s]) { s += 1 }
            var e: Int
            if s < n && p[s] == Self.quote {
                let openLine = line
                var j = s + 1
                var escaped = false
                while true {
                    guard j < n else {
                        throw DataError(.malformed, file: path, line: openLine,
                                        "a quoted field opened on this line is never closed; expected a closing \" "
                                        + "(a quote inside a quoted field is written twice, \"\")")
                    }
                    if p[j] == Self.quote {
                        if j + 1 < n && p[j + 1] == Self.quote { escaped = true; j += 2; continue }
                        break
                    }
                    if p[j] == 10 { line += 1 }
                    j += 1
                }
                cells.append(CSVCell(start: s + 1, end: j, escaped: escaped))
                e = j + 1
                while e < n && (isPadding(p[e]) || p[e] == 13) { e += 1 }
                guard e >= n || p[e] == d || p[e] == 10 else {
                    throw DataError(.malformed, file: path, line: line,
                                    "text follows the closing quote of a quoted field; expected a delimiter or the end of the line "
                                    + "(a quote inside a quoted field is written twice, \"\")")
                }
            } else {
                e = s
                while e < n && p[e] != d && p[e] != 10 { e += 1 }
                var t = e
                while t > s && (isPadding(p[t - 1]) || p[t - 1] == 13) { t -= 1 }
                cells.append(CSVCell(start: s, end: t, escaped: false))
            }
            i = e < n ? e + 1 : n
            if e >= n { return true }
            if p[e] == 10 { line += 1; return true }
        }
    }

    /// Tab if the first record has one outside quotes, else comma, else semicolon, else comma.
    func detectDelimiter() -> UInt8 {
        var j = i
        var comma = 0, tab = 0, semi = 0
        var quoted = false
        while j < n && (quoted || p[j] != 10) {
            switch p[j] {
            case Self.quote: quoted.toggle()
            case 9 where !quoted: tab += 1
            case 44 where !quoted: comma += 1
            case 59 where !quoted: semi += 1
            default: break
            }
            j += 1
        }
        if tab > 0 { return 9 }
        if comma > 0 { return 44 }
        if semi > 0 { return 59 }
        return 44
    }

    /// The text of `cell`, doubled quotes undone.
    func string(_ cell: CSVCell) -> String {
        let s = String(decoding: UnsafeBufferPointer(start: p + cell.start, count: cell.end - cell.start), as: UTF8.self)
        return cell.escaped ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }

    /// The text of `cell` for a message: at most 40 characters, control characters escaped.
    func shown(_ cell: CSVCell) -> String {
        let text = string(cell)
        return Escaped.text(text.count > 40 ? String(text.prefix(40)) + "..." : text)
    }
}
