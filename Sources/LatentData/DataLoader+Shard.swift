import LatentCore

extension DataLoader {
    /// Rank `rank` of `ranks`'s block of the rows of `path` (see `Shard`), with the whole file's size.
    ///
    /// An uncompressed `.npy` (and its `.npy` labels) is read in place: the header, then only the
    /// block's bytes, so no rank ever holds more than its share. Other formats are read whole and cut
    /// down to the block.
    public static func loadShard(_ path: String, options: LoadOptions = LoadOptions(),
                                 rank: Int, ranks: Int) throws -> (dataset: Dataset, shard: Shard) {
        if try (format(of: path) ?? sniff(path)) == .npy,
           let (dataset, total) = try loadNPYRows(path, labelsPath: options.labelsPath, name: options.name, rank: rank, ranks: ranks) {
            return (try applyShapeOptions(dataset, options), Shard(rank: rank, ranks: ranks, total: total))
        }
        let whole = try load(path, options: options)
        let shard = Shard(rank: rank, ranks: ranks, total: whole.count)
        return (try whole.subset(Array(shard.rows), name: whole.name), shard)
    }

    /// `loadNPY` of one rank's block of rows, or nil when the file is gzipped.
    static func loadNPYRows(_ path: String, labelsPath: String?, name: String?, rank: Int, ranks: Int) throws -> (Dataset, Int)? {
        let block = { (n: Int) in Shard(rank: rank, ranks: ranks, total: n).rows }
        guard let (array, total) = try readNPYRows(path, allowed: ["<f4", "<f8", "|u1"], rows: block) else { return nil }
        let dims = array.shape
        guard (1...3).contains(dims.count) else {
            throw DataError(.unsupported, file: path, offset: array.headerOffset,
                            "holds a \(dims.count)-dimensional array of shape \(shapeText(dims)); expected 1, 2 or 3 dimensions")
        }
        var labels: [Int32]? = nil
        if let lp = labelsPath {
            let allowed = ["|u1", "|i1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8"]
            guard let (lab, labelCount) = try readNPYRows(lp, allowed: allowed, rows: block) else {
                throw DataError(.unsupported, file: lp, "is gzipped while the samples are not; give both files uncompressed")
            }
            guard labelCount == total else {
                throw DataError(.countMismatch, file: lp,
                                "holds \(labelCount) labels but \(path) holds \(total) samples; expected one label per sample")
            }
            labels = try lab.integers(path: lp)
        }
        let features = dims.count == 1 ? 1 : dims.dropFirst().reduce(1, *)
        let storage: Dataset.Storage = array.descr == "|u1" ? .uint8(array.bytes) : .float32(try array.floats(path: path))
        let shape: (height: Int, width: Int)? = dims.count == 3 ? (dims[1], dims[2]) : nil
        let dataset = try Dataset(name: name ?? defaultName(path), count: dims[0], features: features, storage: storage,
                                  labels: labels, imageShape: shape)
        return (dataset, total)
    }
}
