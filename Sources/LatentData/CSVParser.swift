import Foundation
import LatentFiles

/// A single-pass byte-level CSV parser; see `DataLoader.loadCSV`.
struct CSVParser {
    let path: String
    let p: UnsafePointer<UInt8>
    let n: Int
    let options: LoadOptions
    var i = 0
    var line = 0
    var delimiter: UInt8 = UInt8(ascii: ",")

    init(path: String, p: UnsafePointer<UInt8>, n: Int, options: LoadOptions) {
        self.path = path
        self.p = p
        self.n = n
        self.options = options
    }

    private static let labelNamesAuto: Set<String> = ["label", "labels", "class", "target", "y"]

    /// Moves `i` to the start of the next non-blank line and returns true, or false at end of file.
    private mutating func nextLine() -> Bool {
        while i < n {
            line += 1
            var j = i
            while j < n && (p[j] == 32 || p[j] == 9 || p[j] == 13) { j += 1 }
            if j < n && p[j] != 10 && p[j] != UInt8(ascii: "#") { return true }
            while j < n && p[j] != 10 { j += 1 }
            i = j + 1
        }
        return false
    }

    /// Reads one cell starting at `i`; returns its trimmed, unquoted range and whether the line ended.
    @inline(__always)
    private mutating func nextCell() -> (start: Int, end: Int, lineEnded: Bool) {
        var s = i
        var e = i
        let d = delimiter
        while e < n && p[e] != d && p[e] != 10 { e += 1 }
        let ended = e >= n || p[e] == 10
        i = e + 1
        while s < e && (p[s] == 32 || (p[s] == 9 && d != 9)) { s += 1 }
        while e > s && (p[e - 1] == 32 || p[e - 1] == 13 || (p[e - 1] == 9 && d != 9)) { e -= 1 }
        if e - s >= 2 && p[s] == 34 && p[e - 1] == 34 { s += 1; e -= 1 }
        return (s, e, ended)
    }

    /// Cell text for a message: at most 40 characters, control bytes escaped.
    private func shown(_ s: Int, _ e: Int) -> String { Escaped.text(text(s, e)) }

    private func text(_ s: Int, _ e: Int) -> String {
        let shown = min(e - s, 40)
        let str = String(decoding: UnsafeBufferPointer(start: p + s, count: shown), as: UTF8.self)
        return shown < e - s ? str + "..." : str
    }

    private mutating func splitLine() -> [(Int, Int)] {
        var cells: [(Int, Int)] = []
        while true {
            let c = nextCell()
            cells.append((c.start, c.end))
            if c.lineEnded { return cells }
        }
    }

    mutating func parse() throws -> Dataset {
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
        try checkLineEnds()
        guard nextLine() else { throw DataError(.emptyFile, file: path, "has no data lines; expected rows of numbers") }
        delimiter = options.delimiter ?? detectDelimiter()
        let firstLine = line
        let firstStart = i
        let first = splitLine()
        let columns = first.count

        // Label column by position (needed before header detection), or by name (forces a header).
        var labelIndex: Int?
        switch options.label {
        case .none, .auto, .name: labelIndex = nil
        case .first: labelIndex = 0
        case .last: labelIndex = columns - 1
        case .index(let k):
            guard k >= 0 && k < columns else {
                throw DataError(.invalidArgument, file: path, line: firstLine,
                                "label column index \(k) is out of range; the file has \(columns) columns (0-based 0...\(columns - 1))")
            }
            labelIndex = k
        }
        var hasHeader: Bool
        switch options.header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .auto:
            hasHeader = first.enumerated().contains { k, cell in
                if k == labelIndex { return false }
                if case .invalid = NumberParser.parse(p, cell.0, cell.1) { return true }
                return false
            }
        }
        if case .name = options.label, !hasHeader {
            throw DataError(.invalidArgument, file: path, line: firstLine,
                            "a label column given by name needs a header line, but the header was declared absent")
        }
        let names = hasHeader ? first.map { text($0.0, $0.1) } : nil
        if let names {
            if case .name(let wanted) = options.label {
                guard let k = names.firstIndex(of: wanted) ?? names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) else {
                    let listed = Escaped.text(names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", ..." : ""))
                    throw DataError(.invalidArgument, file: path, line: firstLine,
                                    "no column is named '\(Escaped.text(wanted))'; the header has \(listed)")
                }
                labelIndex = k
            } else if options.label == .auto {
                labelIndex = names.firstIndex { CSVParser.labelNamesAuto.contains($0.lowercased()) }
            }
        }
        if !hasHeader { i = firstStart; line = firstLine - 1 }
        let features = columns - (labelIndex == nil ? 0 : 1)
        guard features > 0 else {
            throw DataError(.malformed, file: path, line: firstLine, "has no feature columns besides the label column")
        }
        func columnName(_ c: Int) -> String {
            if let names { return "column \(c + 1) ('\(Escaped.text(names[c]))')" }
            return "column \(c + 1)"
        }

        var bytes: [UInt8] = []
        var floats: [Float] = []
        var useFloats = false
        let estimate = max(1, n / max(1, columns * 2))
        bytes.reserveCapacity(min(estimate * features, 1 << 28))
        var labelRanges: [(Int, Int, Int)] = []  // (start, end, line)
        var rows = 0

        while nextLine() {
            var c = 0
            while true {
                let cell = nextCell()
                if c >= columns {
                    var extra = c + 1
                    var ended = cell.lineEnded
                    while !ended { ended = nextCell().lineEnded; extra += 1 }
                    throw DataError(.raggedRow, file: path, line: line, "expected \(columns) columns, found \(extra)")
                }
                if c == labelIndex {
                    guard cell.end > cell.start else {
                        throw DataError(.nonNumeric, file: path, line: line, "\(columnName(c)): expected a label, found an empty cell")
                    }
                    labelRanges.append((cell.start, cell.end, line))
                } else {
                    switch NumberParser.parse(p, cell.start, cell.end) {
                    case .number(let v, _):
                        if !useFloats {
                            if v >= 0 && v <= 255 && v == v.rounded() {
                                bytes.append(UInt8(v))
                            } else {
                                useFloats = true
                                floats.reserveCapacity(bytes.capacity)
                                floats.append(contentsOf: bytes.lazy.map { Float($0) })
                                bytes = []
                            }
                        }
                        if useFloats {
                            let f = Float(v)
                            guard f.isFinite else {
                                throw DataError(.nonFinite, file: path, line: line,
                                                "\(columnName(c)): \(shown(cell.start, cell.end)) is outside the Float range; expected a finite number")
                            }
                            floats.append(f)
                        }
                    case .nonFinite:
                        throw DataError(.nonFinite, file: path, line: line,
                                        "\(columnName(c)): expected a finite number, found '\(shown(cell.start, cell.end))'")
                    case .invalid:
                        let found = cell.end > cell.start ? "'\(shown(cell.start, cell.end))'" : "an empty cell"
                        throw DataError(.nonNumeric, file: path, line: line, "\(columnName(c)): expected a number, found \(found)")
                    }
                }
                c += 1
                if cell.lineEnded { break }
            }
            if c != columns {
                throw DataError(.raggedRow, file: path, line: line, "expected \(columns) columns, found \(c)")
            }
            rows += 1
        }
        guard rows > 0 else {
            throw DataError(.emptyFile, file: path, "has a header but no data rows; expected rows of numbers")
        }
        let (labels, labelNames) = try makeLabels(labelRanges)
        var featureNames = names
        if let k = labelIndex { featureNames?.remove(at: k) }
        return try Dataset(name: options.name ?? DataLoader.defaultName(path), count: rows, features: features,
                           storage: useFloats ? .float32(floats) : .uint8(bytes),
                           labels: labels, labelNames: labelNames, featureNames: featureNames)
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

    /// Tab if the first line has one, else comma, else semicolon, else comma (one column).
    private func detectDelimiter() -> UInt8 {
        var j = i
        var comma = 0, tab = 0, semi = 0
        while j < n && p[j] != 10 {
            switch p[j] {
            case 9: tab += 1
            case 44: comma += 1
            case 59: semi += 1
            default: break
            }
            j += 1
        }
        if tab > 0 { return 9 }
        if comma > 0 { return 44 }
        if semi > 0 { return 59 }
        return 44
    }

    /// Integer labels when every label cell is an integer in Int32 range; otherwise text classes.
    private func makeLabels(_ ranges: [(Int, Int, Int)]) throws -> ([Int32]?, [String]?) {
        guard !ranges.isEmpty else { return (nil, nil) }
        var ints: [Int32] = []
        ints.reserveCapacity(ranges.count)
        for (s, e, _) in ranges {
            guard case .number(let v, _) = NumberParser.parse(p, s, e), v == v.rounded(),
                  v >= Double(Int32.min), v <= Double(Int32.max) else { break }
            ints.append(Int32(v))
        }
        if ints.count == ranges.count { return (ints, nil) }
        let strings = ranges.map { String(decoding: UnsafeBufferPointer(start: p + $0.0, count: $0.1 - $0.0), as: UTF8.self) }
        let names = Array(Set(strings)).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        return (strings.map { index[$0] ?? 0 }, names)
    }
}
