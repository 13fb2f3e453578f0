import LatentCore

extension DataLoader {
    /// Rank `rank` of `ranks`'s block of the rows of `path` (see `Shard`), with the whole file's size.
    ///
    /// An uncompressed `.npy` (and its `.npy` labels) is read in place: the header, then only the
    /// block's bytes, so no rank ever holds more than its share. Other formats are read whole and cut
    /// down to the block. Partner files are found as `load` finds them: `NAME.labels.npy` beside
    /// `NAME.npy` (unless `labels=` is given) and the class names beside the labels (`NAME.classes.csv`,
    /// read whole: it is small and every rank needs all of it); each is added to `notes`.
    public static func loadShard(_ path: String, options: LoadOptions = LoadOptions(),
                                 rank: Int, ranks: Int) throws -> (dataset: Dataset, shard: Shard) {
        var notes: [String] = []
        return try loadShard(path, options: options, rank: rank, ranks: ranks, notes: &notes)
    }

    /// `loadShard`, adding to `notes` a sentence for each partner file used (as `load` does).
    public static func loadShard(_ path: String, options: LoadOptions, rank: Int, ranks: Int,
                                 notes: inout [String]) throws -> (dataset: Dataset, shard: Shard) {
        if try (format(of: path) ?? sniff(path)) == .npy {
            let partner = npyPartnerLabels(for: path, options: options)
            let labelsPath = options.labelsPath ?? partner
            if let (dataset, total) = try loadNPYRows(path, labelsPath: labelsPath, name: options.name, rank: rank, ranks: ranks) {
                if let partner { notes.append("labels from \(partner)") }
                var ds = dataset
                if let labelsPath { ds = try withClassNames(ds, labelsPath: labelsPath, notes: &notes) }
                return (try applyShapeOptions(ds, options), Shard(rank: rank, ranks: ranks, total: total))
            }
        }
        let whole = try load(path, options: options, notes: &notes)
        let shard = Shard(rank: rank, ranks: ranks, total: whole.count)
        return (try whole.subset(Array(shard.rows), name: whole.name), shard)
    }

    /// `loadNPY` of one rank's block of rows, or nil when the file is gzipped.
    static func loadNPYRows(_ path: String, labelsPath: String?, name: String?, rank: Int, ranks: Int) throws -> (Dataset, Int)? {
        let block = { (n: Int) in Shard(rank: rank, ranks: ranks, total: n).rows }
        guard let (array, total) = try readNPYRows(path, role: .samples, rows: block) else { return nil }
        var labels: [Int32]? = nil
        if let lp = labelsPath {
            guard let (lab, labelCount) = try readNPYRows(lp, role: .labels, rows: block) else {
                throw DataError(.unsupported, file: lp, "is gzipped while the samples are not; give both files uncompressed")
            }
            try checkLabelCount(labelCount, labelsPath: lp, samples: total, path: path)
            labels = try lab.integers(path: lp)
        }
        return (try dataset(array, path: path, name: name, labels: labels), total)
    }
}
