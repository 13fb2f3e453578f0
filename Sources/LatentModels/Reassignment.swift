import LatentCore

/// Settings of a global re-assignment.
public struct ReassignOptions: Sendable {
    /// Side of the decoded lattice searched for each row.
    public var latticeSide = 48

    /// The defaults.
    public init() {}

    /// Throws a sentence naming the first invalid option.
    public func validate() throws {
        guard (2...256).contains(latticeSide) else {
            throw ConfigError("grid must be between 2 and 256, got \(latticeSide)", option: "grid")
        }
    }
}

/// Global re-assignment of table rows to lattice nodes (GNE paper, future work 2): each free row moves to
/// the node of a decoded lattice (quantiles 0.01..0.99 of the table) that reconstructs its sample best,
/// when that beats its current place; moved rows' Adam moments restart.
public enum Reassignment {
    /// What a re-assignment did.
    public struct Result: Sendable, Equatable {
        /// Rows moved.
        public var moved: Int
        /// Per-feature squared reconstruction error before and after.
        public var before: Double, after: Double
    }

    /// Re-assigns the rows of `model`'s position table, whose samples are the rows of `data` (n, d).
    /// Throws when the data are not the table's or the decoder needs a class (a lattice has none).
    public static func run(_ model: TableModel, data: SampleSource, options: ReassignOptions = ReassignOptions()) throws -> Result {
        try options.validate()
        let n = data.sampleCount, d = data.featureCount, k = model.dims
        guard d == model.featureCount else { throw TrainingError.featureCountMismatch(expected: model.featureCount, got: d) }
        guard n == model.tableRows else {
            throw TrainingError.tableRowsMismatch(tableRows: model.tableRows, samples: n, kind: model.config.kind.rawValue)
        }
        if model.asConditional != nil {
            throw ConfigError("reassign decodes a lattice without classes; a supervised \(model.config.kind.rawValue) model's decoder needs one per point")
        }
        let positions = model.positions
        let table = positions.table.value                                     // (n, k)
        let current = model.decode(table)                                     // (n, d)
        // per-row squared error at the current positions, in blocks of 1024 rows
        var errors = [Float](repeating: 0, count: n)
        let x = Matrix(rows: 0, cols: d)
        var start = 0
        while start < n {
            let b = min(1024, n - start)
            x.resize(rows: b)
            Array(start..<(start + b)).withUnsafeBufferPointer { data.fillRows($0, into: x.base) }
            for r in 0..<b {
                let a = x.row(r), c = current.row(start + r)
                var s: Float = 0
                for j in 0..<d { let t = a[j] - c[j]; s += t * t }
                errors[start + r] = s
            }
            start += b
        }
        let nodes = Generation.latticePoints(model, side: options.latticeSide, quantile: 0.01)   // (side², k)
        let (best, dist) = try Lattice.nearest(data, decoded: model.decode(nodes))
        var moved = 0
        var before = 0.0, after = 0.0
        for r in 0..<n {
            before += Double(errors[r])
            if dist[r] < errors[r] && !positions.pinned.contains(r) {
                table.row(r).update(from: nodes.row(best[r]), count: k)
                positions.table.moment1.row(r).update(repeating: 0, count: k)
                positions.table.moment2.row(r).update(repeating: 0, count: k)
                moved += 1
                after += Double(dist[r])
            } else {
                after += Double(errors[r])
            }
        }
        let denominator = Double(n * d)
        return Result(moved: moved, before: before / denominator, after: after / denominator)
    }
}
