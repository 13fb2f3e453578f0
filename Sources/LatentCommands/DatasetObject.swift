import LatentCore
import LatentData
import LatentScript

/// A loaded dataset as a script value (`d = load "digits.csv"`).
///
/// `d[3]` is row 3 and `d[[3, 7]]` or `d[sel]` those rows, as datasets that keep labels, class names, IDs
/// and the image shape and print their values; `d["alcohol"]` is a column as a list of numbers.
public final class DatasetObject: ScriptObject, LeadingRows {
    /// The data (in a data-parallel run, this rank's shard of them).
    public let dataset: Dataset
    /// In a data-parallel run, which rows of the whole dataset this rank holds.
    public let shard: Shard?
    /// Set on rows taken by `head` or an index: each row's number in the dataset it was taken from.
    /// Such a value prints its rows.
    let listedRows: [Int]?
    /// The dataset as the script sees it; `shard` when it is one rank's part of a larger dataset.
    public init(_ dataset: Dataset, shard: Shard? = nil) {
        self.dataset = dataset
        self.shard = shard
        self.listedRows = nil
    }

    /// Rows of another dataset that print their values, numbered as in that dataset (`rows`).
    init(listing dataset: Dataset, rows: [Int]) {
        self.dataset = dataset
        self.shard = nil
        self.listedRows = rows
    }

    public static let typeName = "Dataset"
    public var summary: String {
        let n = shard?.total ?? dataset.count
        var s = "\(dataset.name): \(n) sample\(n == 1 ? "" : "s") x \(dataset.features) features"
        if let shape = dataset.imageShape { s += " (\(shape.height)x\(shape.width)\(dataset.imageChannels == 3 ? " RGB" : "") images)" }
        if let l = dataset.labels { let c = Set(l).count; s += ", \(c) class\(c == 1 ? "" : "es")" }
        s += dataset.isUInt8 ? ", uint8" : ", float32"
        if let shard { s += "; sharded over \(shard.ranks) ranks (rank 0 holds \(shard.counts[0]) rows)" }
        return s
    }
    /// Rows taken by `head` or an index list their values under the column names.
    public var printedText: String? {
        guard let listedRows else { return nil }
        return (["\(typeName): \(summary)"] + DatasetListing.lines(dataset, rowNumbers: listedRows).map { "  " + $0 }).joined(separator: "\n")
    }
    public func member(_ name: String) -> Value? {
        switch name {
        case "count": return .int(shard?.total ?? dataset.count)
        case "features": return .int(dataset.features)
        case "name": return .string(dataset.name)
        case "classes": return dataset.labels.map { .int(Set($0).count) } ?? .int(0)
        case "labels": return dataset.labels.map { .ints($0) } ?? Value.none
        case "class_names": return classNames.map { .list($0.map { .string($0) }) } ?? Value.none
        case "columns": return .list((0..<dataset.features).map { .string(dataset.featureName($0)) })
        case "ids": return dataset.ids.map { .list($0.map { .string($0) }) } ?? Value.none
        case "shape": return dataset.imageShape.map { .ints([$0.height, $0.width]) } ?? Value.none
        case "channels": return .int(dataset.imageChannels)
        default: return nil
        }
    }
    public var memberNames: [String] { ["channels", "class_names", "classes", "columns", "count", "features", "ids", "labels", "name", "shape"] }

    /// The class names by label value: the loaded names, or the labels' own numbers when they were numbers.
    var classNames: [String]? {
        if let names = dataset.labelNames { return names }
        guard let labels = dataset.labels, let top = labels.max(), top >= 0, top < 100_000 else { return nil }
        return (0...Int(top)).map(String.init)
    }

    /// `head d n`: the first rows, printing their values (a sharded dataset: this rank's first rows, unlisted).
    func leadingRows(_ n: Int) -> ScriptObject {
        guard let head = try? dataset.head(max(n, 1)) else { return self }
        if shard != nil { return DatasetObject(head) }
        return DatasetObject(listing: head, rows: (0..<head.count).map { listedRows?[$0] ?? $0 })
    }

    // MARK: indexing

    public var elementCount: Int? { shard == nil ? dataset.count : nil }
    /// `d[i]`: row i as a one-row dataset (its values print; labels, ID and image shape kept).
    public func element(at index: Int) -> Value {
        (try? rows([index])) ?? .none
    }
    /// `d[[3, 7]]` and `d[sel]`: those rows; `d["alcohol"]`: that column as numbers.
    public func element(forKey key: Value) throws -> Value? {
        if let name = key.string {
            guard let j = dataset.featureIndex(named: name) else { throw CommandError(noColumn(name)) }
            return .numbers(dataset.column(j))
        }
        guard let items = key.list else { return nil }
        guard shard == nil else { throw CommandError("a sharded dataset cannot be indexed; every rank holds only its own rows") }
        let picked = try RowPicks.indices(items, count: dataset.count, what: "dataset '\(dataset.name)'")
        return try rows(picked)
    }

    private func rows(_ picked: [Int]) throws -> Value {
        let name = picked.count == 1 ? "\(dataset.name)[\(picked[0])]" : "\(dataset.name)[\(picked.count) rows]"
        let subset = try dataset.subset(picked, name: name)
        return .object(DatasetObject(listing: subset, rows: picked.map { listedRows?[$0] ?? $0 }))
    }

    /// The sentence for a column name the dataset does not have, listing the names it has.
    func noColumn(_ name: String) -> String {
        let names = (0..<dataset.features).map(dataset.featureName)
        let listed = names.prefix(12).joined(separator: ", ") + (names.count > 12 ? ", ... (\(names.count) in all; print d.columns)" : "")
        return "dataset '\(dataset.name)' has no column named \(Value.quote(name)); its columns are \(listed)"
            + Suggestion.didYouMean(name, in: names)
    }
}

/// Row indices given as a list (`d[[3, 7]]`, `e[sel]`), each checked against the rows there are;
/// negative ones count from the end, as a single index does.
enum RowPicks {
    static func indices(_ items: [Value], count: Int, what: String) throws -> [Int] {
        try items.map { v in
            guard let i = v.int else { throw CommandError("rows are picked by integers, got \(v.kindDescription) in the list") }
            guard i < count && i >= -count else {
                throw CommandError("row \(i) is out of range for \(what), which has \(count) row\(count == 1 ? "" : "s") (0 to \(count - 1))")
            }
            return i < 0 ? count + i : i
        }
    }
}
