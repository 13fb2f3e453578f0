import LatentFiles
import LatentCore

/// Subsets (copying the kept rows), splits and concatenation.
extension Dataset {
    /// Rows `indices` (in that order) as a new dataset with the same affine map, labels and image shape.
    public func subset(_ indices: [Int], name newName: String? = nil) throws -> Dataset {
        for r in indices where r < 0 || r >= count {
            throw DataError.argument("row \(r) is out of range; dataset '\(name)' has \(count) rows")
        }
        let d = features
        guard !indices.count.multipliedReportingOverflow(by: d).overflow else {
            throw DataError.argument("\(indices.count) rows of \(d) features from dataset '\(name)' are more values than can be counted")
        }
        func gather<T>(_ raw: [T]) -> [T] {
            var out: [T] = []
            out.reserveCapacity(indices.count * d)
            for r in indices { out.append(contentsOf: raw[r * d ..< (r + 1) * d]) }
            return out
        }
        let newStorage: Storage
        switch storage {
        case .uint8(let a): newStorage = .uint8(gather(a))
        case .float32(let a): newStorage = .float32(gather(a))
        }
        return try Dataset(name: newName ?? name, count: indices.count, features: d, storage: newStorage,
                           scale: scale, offset: offset, labels: labels.map { l in indices.map { l[$0] } },
                           labelNames: labelNames, featureNames: featureNames, imageShape: imageShape,
                           ids: ids.map { names in indices.map { names[$0] } })
    }

    /// The first `n` rows (all rows when `n >= count`).
    public func head(_ n: Int) throws -> Dataset {
        guard n > 0 else { throw DataError.argument("head needs a positive row count, got \(n)") }
        let k = min(n, count)
        return try subset(Array(0..<k), name: "\(name)[head \(k)]")
    }

    /// `n` rows drawn at random without replacement (in random order); deterministic for a given `rng` state.
    public func sample(_ n: Int, rng: inout Rng) throws -> Dataset {
        guard n > 0 && n <= count else {
            throw DataError.argument("sample size must be between 1 and \(count) (the row count of '\(name)'), got \(n)")
        }
        // Partial Fisher–Yates: only the first n positions are shuffled.
        var p = Array(0..<count)
        for i in 0..<n { p.swapAt(i, i + rng.int(below: count - i)) }
        return try subset(Array(p[0..<n]), name: "\(name)[sample \(n)]")
    }

    /// A random train/test split; with labels (and `stratified`) each class is split in the same proportion.
    ///
    /// The test set has `round(testFraction * count)` rows; both parts keep the original row order.
    public func split(testFraction: Double, rng: inout Rng, stratified: Bool = true) throws -> (train: Dataset, test: Dataset) {
        guard testFraction > 0 && testFraction < 1 else {
            throw DataError.argument("testFraction must be strictly between 0 and 1, got \(testFraction)")
        }
        let testCount = Int((testFraction * Double(count)).rounded())
        guard testCount > 0 && testCount < count else {
            throw DataError.argument("a test fraction of \(testFraction) of \(count) rows leaves an empty train or test set")
        }
        var groups: [[Int]]
        if stratified, let labels {
            var byLabel: [Int32: [Int]] = [:]
            for (i, l) in labels.enumerated() { byLabel[l, default: []].append(i) }
            groups = byLabel.keys.sorted().map { byLabel[$0] ?? [] }
        } else {
            groups = [Array(0..<count)]
        }
        // Largest-remainder allocation so the per-class quotas add up to exactly testCount.
        let exact = groups.map { Double($0.count) * Double(testCount) / Double(count) }
        var quota = exact.map { Int($0.rounded(.down)) }
        var left = testCount - quota.reduce(0, +)
        let order = exact.indices.sorted { (exact[$0] - Double(quota[$0]), $1) > (exact[$1] - Double(quota[$1]), $0) }
        for g in order where left > 0 && quota[g] < groups[g].count { quota[g] += 1; left -= 1 }
        var isTest = [Bool](repeating: false, count: count)
        for (g, members) in groups.enumerated() {
            var m = members
            for i in 0..<quota[g] { m.swapAt(i, i + rng.int(below: m.count - i)); isTest[m[i]] = true }
        }
        let test = (0..<count).filter { isTest[$0] }
        let train = (0..<count).filter { !isTest[$0] }
        return (try subset(train, name: "\(name)[train]"), try subset(test, name: "\(name)[test]"))
    }

    /// The rows of `parts` one after another. Byte storage is kept when every part is bytes with the same
    /// affine map; otherwise the values are materialised as floats (identity map). Labels are kept when all
    /// parts have them (and agree on label names).
    public static func concat(_ parts: [Dataset], name: String? = nil) throws -> Dataset {
        guard let first = parts.first else { throw DataError.argument("concat needs at least one dataset") }
        for p in parts where p.features != first.features {
            throw DataError(.countMismatch,
                            "cannot concatenate '\(p.name)' (\(p.features) features) with '\(first.name)' (\(first.features) features); expected equal feature counts")
        }
        let (total, overflow) = parts.reduce((0, false)) { sum, p in
            let (t, o) = sum.0.addingReportingOverflow(p.count)
            return (t, sum.1 || o)
        }
        guard !overflow, !total.multipliedReportingOverflow(by: first.features).overflow else {
            throw DataError.argument("concatenating \(parts.count) datasets of \(first.features) features gives more values than can be counted")
        }
        let sameMap = parts.allSatisfy { $0.isUInt8 && $0.scale == first.scale && $0.offset == first.offset }
        try MemoryLimit.require(Double(total) * Double(first.features) * (sameMap ? 1 : 4),
                                for: "concatenating \(parts.count) datasets into \(total) rows of \(first.features) values")
        let storage: Storage
        var scale: [Float]? = nil, offset: [Float]? = nil
        if sameMap {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(total * first.features)
            for p in parts { if case .uint8(let a) = p.storage { bytes.append(contentsOf: a) } }
            storage = .uint8(bytes)
            scale = first.scale
            offset = first.offset
        } else {
            var floats: [Float] = []
            floats.reserveCapacity(total * first.features)
            for p in parts { floats.append(contentsOf: p.floatMatrix().values) }
            storage = .float32(floats)
        }
        let allLabelled = parts.allSatisfy { $0.labels != nil }
        let namesAgree = parts.allSatisfy { $0.labelNames == first.labelNames }
        let labels: [Int32]? = allLabelled && namesAgree ? parts.flatMap { $0.labels ?? [] } : nil
        let shapeAgrees = parts.allSatisfy { $0.imageShape?.height == first.imageShape?.height && $0.imageShape?.width == first.imageShape?.width }
        let featureNamesAgree = parts.allSatisfy { $0.featureNames == first.featureNames }
        return try Dataset(name: name ?? parts.map(\.name).joined(separator: "+"), count: total, features: first.features,
                           storage: storage, scale: scale, offset: offset, labels: labels,
                           labelNames: labels == nil ? nil : first.labelNames,
                           featureNames: featureNamesAgree ? first.featureNames : nil,
                           imageShape: shapeAgrees ? first.imageShape : nil,
                           ids: parts.allSatisfy { $0.ids != nil } ? parts.flatMap { $0.ids ?? [] } : nil)
    }
}
