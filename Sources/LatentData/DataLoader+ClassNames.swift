import Foundation

extension DataLoader {
    /// The labels file `export` writes beside `NAME.npy`: `NAME.labels.npy` (nil for a labels file itself).
    public static func npyLabelsPath(for path: String) -> String? {
        var stem = path
        if stem.lowercased().hasSuffix(".gz") { stem.removeLast(3) }
        guard stem.lowercased().hasSuffix(".npy") else { return nil }
        stem.removeLast(4)
        guard !stem.lowercased().hasSuffix(".labels") else { return nil }
        return stem + ".labels.npy"
    }

    /// The class-names file beside a labels file: `NAME.labels.npy` -> `NAME.classes.csv`.
    public static func classNamesPath(forLabels labelsPath: String) -> String {
        var stem = labelsPath
        if stem.lowercased().hasSuffix(".gz") { stem.removeLast(3) }
        if stem.lowercased().hasSuffix(".npy") { stem.removeLast(4) }
        if stem.lowercased().hasSuffix(".labels") { stem.removeLast(7) }
        return stem + ".classes.csv"
    }

    /// True when `path` names an existing regular file (a folder or FIFO of that name is not a partner).
    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads a class-names file (`label,name` header, then `k,NAME` for k = 0, 1, ... in order) and checks
    /// that it names every label in `labels`.
    public static func loadClassNames(_ path: String, labels: [Int32]) throws -> [String] {
        let bytes = try FileBytes.read(path)
        let names = try bytes.withUnsafeBufferPointer { buf -> [String] in
            guard let base = buf.baseAddress else { throw DataError.empty(path) }
            var tok = CSVTokenizer(path: path, p: base, n: buf.count, start: 0)
            var cells: [CSVCell] = []
            guard try tok.next(&cells), cells.count == 2, tok.string(cells[0]) == "label", tok.string(cells[1]) == "name" else {
                throw DataError(.malformed, file: path, line: 1, "expected the header 'label,name'")
            }
            var names: [String] = []
            while try tok.next(&cells) {
                guard cells.count == 2 else {
                    throw DataError(.raggedRow, file: path, line: tok.recordLine, "expected 2 columns, found \(cells.count)")
                }
                guard case .number(let v, _) = NumberParser.parse(base, cells[0].start, cells[0].end), v == Double(names.count) else {
                    throw DataError(.malformed, file: path, line: tok.recordLine,
                                    "expected label \(names.count) (labels numbered from 0 in order), found '\(tok.shown(cells[0]))'")
                }
                names.append(tok.string(cells[1]))
            }
            return names
        }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= names.count }) {
            throw DataError(.countMismatch, file: path, "names \(names.count) classes (0 to \(names.count - 1)), but the labels hold \(bad)")
        }
        return names
    }

    /// `ds` with the class names from the file beside `labelsPath`, when there is one.
    static func withClassNames(_ ds: Dataset, labelsPath: String, notes: inout [String]) throws -> Dataset {
        let namesPath = classNamesPath(forLabels: labelsPath)
        guard let labels = ds.labels, ds.labelNames == nil, isRegularFile(namesPath) else { return ds }
        let names = try loadClassNames(namesPath, labels: labels)
        notes.append("class names from \(namesPath)")
        return try ds.with(labelNames: .some(names))
    }
}
