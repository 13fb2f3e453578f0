import LatentFiles

/// Which CSV column is the label, which are features (in which order) and which are skipped, from
/// `label=`, `columns=` and `drop=`. Columns are numbered from 1, in options and in messages alike.
struct CSVColumnPlan {
    /// What the loader does with one column.
    enum Role: Equatable { case skip, label, id, feature(Int) }

    /// Header names `label=auto` takes as the label column (compared without case), most telling first:
    /// with columns `x,y,label` the label is `label` and `y` a feature, wherever the columns stand.
    static let labelNames = ["label", "labels", "class", "target", "y"]

    let path: String
    /// Header names, when the file has a header.
    let names: [String]?
    /// The role of each column.
    let roles: [Role]
    /// The 0-based file column of each feature, in feature order.
    let features: [Int]
    /// The 0-based label column, if any.
    let label: Int?
    /// The 0-based column of row identifiers (`id=`), if any.
    let id: Int?
    /// True when column 1 is unnamed and may be a pandas index (dropped if it holds 0..n-1).
    let indexCandidate: Bool

    init(path: String, line: Int, columns: Int, names: [String]?, scan: [CSVColumnScan.Counts],
         options: LoadOptions) throws {
        self.path = path
        self.names = names
        func fail(_ detail: String) -> DataError { DataError(.invalidArgument, file: path, line: line, detail) }
        func resolve(_ ref: ColumnRef, _ option: String) throws -> Int {
            switch ref {
            case .number(let k):
                guard k >= 1 && k <= columns else {
                    throw fail("\(option): column \(k) is out of range; the file has \(columns) column\(columns == 1 ? "" : "s"), numbered 1 to \(columns)")
                }
                return k - 1
            case .name(let wanted):
                guard let names else {
                    throw fail("\(option): column '\(Escaped.text(wanted))' is given by name, but the file has no header line; "
                               + "give its number (1 to \(columns)) or load with header=yes")
                }
                guard let k = names.firstIndex(of: wanted) ?? names.firstIndex(where: { $0.lowercased() == wanted.lowercased() }) else {
                    let listed = Escaped.text(names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", ..." : ""))
                    throw fail("\(option): no column is named '\(Escaped.text(wanted))'; the header has \(listed)")
                }
                return k
            }
        }
        // id= names the ID column; without it, a text column headed "id" (as export writes it) is one,
        // unless label=, columns= or drop= names that column
        var id = try options.idColumn.map { try resolve($0, "id") }
        let userDropped = Set(try options.dropColumns.map { try resolve($0, "drop") })
        if id == nil, let k = names?.firstIndex(where: { $0.lowercased() == "id" }), k < scan.count, scan[k].isText,
           !userDropped.contains(k), !(options.columns ?? []).contains(where: { (try? resolve($0, "columns")) == k }) {
            let labelled: Bool
            switch options.label {
            case .first: labelled = k == 0
            case .last: labelled = k == columns - 1
            case .number(let n): labelled = n - 1 == k
            case .name(let s): labelled = (try? resolve(.name(s), "label")) == k
            case .auto, .none: labelled = false
            }
            if !labelled { id = k }
        }
        let dropped = userDropped.union(id.map { [$0] } ?? [])
        var chosen: [Int]? = nil
        if let wanted = options.columns {
            var seen = Set<Int>()
            chosen = try wanted.map { ref in
                let c = try resolve(ref, "columns")
                guard seen.insert(c).inserted else { throw fail("columns: column \(c + 1) is listed twice") }
                guard c != id else { throw fail("columns: column \(c + 1) is the id= column; row IDs are not features") }
                guard !dropped.contains(c) else { throw fail("columns: column \(c + 1) is both in columns= and in drop=") }
                return c
            }
        }
        func describe(_ c: Int) -> String { names.map { "'\(Escaped.text($0[c]))' (column \(c + 1))" } ?? "column \(c + 1)" }

        var label: Int?
        switch options.label {
        case .none: label = nil
        case .first: label = 0
        case .last: label = columns - 1
        case .number(let k): label = try resolve(.number(k), "label")
        case .name(let s): label = try resolve(.name(s), "label")
        case .auto:
            let free = (0..<columns).filter { !dropped.contains($0) && !(chosen?.contains($0) ?? false) }
            let named = names.flatMap { names in
                CSVColumnPlan.labelNames.lazy.compactMap { wanted in free.first { names[$0].lowercased() == wanted } }.first
            }
            if let k = named {
                label = k
            } else {
                let candidates = free.filter { $0 < scan.count && scan[$0].isText }
                guard candidates.count <= 1 else {
                    let listed = candidates.prefix(6).map(describe).joined(separator: ", ") + (candidates.count > 6 ? ", ..." : "")
                    let ref = names.map { "\"\(Escaped.text($0[candidates[0]]))\"" } ?? String(candidates[0] + 1)
                    throw fail("label=auto found \(candidates.count) columns that hold text, not numbers: \(listed); "
                               + "choose the label column with label=\(ref) (say) and leave the others out with drop=[...]")
                }
                label = candidates.first
            }
        }
        if let l = label, options.label != .auto {
            guard l != id else { throw fail("label: \(describe(l)) is the label column and also the id= column") }
            guard !dropped.contains(l) else { throw fail("label: \(describe(l)) is the label column and also in drop=") }
            guard !(chosen?.contains(l) ?? false) else {
                throw fail("label: \(describe(l)) is the label column and also in columns=; columns= lists the features only")
            }
        }
        let features = chosen ?? (0..<columns).filter { $0 != label && !dropped.contains($0) }
        guard !features.isEmpty else {
            throw DataError(.malformed, file: path, line: line,
                            "has no feature columns left besides the label column\(dropped.isEmpty ? "" : " and those in drop=")")
        }
        var roles = [Role](repeating: .skip, count: columns)
        for (f, c) in features.enumerated() { roles[c] = .feature(f) }
        if let label { roles[label] = .label }
        if let id { roles[id] = .id }
        self.roles = roles
        self.features = features
        self.label = label
        self.id = id
        let unnamed = names.map { $0[0].isEmpty || $0[0] == "Unnamed: 0" } ?? false
        indexCandidate = unnamed && options.columns == nil && features.first == 0
    }

    /// `column 3 ('species')`, or `column 3` without a header.
    func columnName(_ c: Int) -> String {
        if let names { return "column \(c + 1) ('\(Escaped.text(names[c]))')" }
        return "column \(c + 1)"
    }

    /// The end of the message for text in feature column `c`: how to make it the label or leave it out.
    func hint(forTextIn c: Int) -> String {
        let ref = names.map { "\"\(Escaped.text($0[c]))\"" } ?? String(c + 1)
        if label == nil { return "; if this column holds the classes, load with label=\(ref), or leave it out with drop=[\(ref)]" }
        return "; leave it out with drop=[\(ref)], or load with label=\(ref) if it holds the classes"
    }
}
