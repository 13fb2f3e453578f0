extension DataLoader {
    /// Reads a CSV/TSV file (optionally gzipped) of numeric cells, with an optional header and label column.
    ///
    /// Whole numbers in 0...255 everywhere are stored as bytes; anything else as Float. Label cells may be
    /// integers (kept as they are) or text (mapped to 0-based indices in sorted order, names kept).
    public static func loadCSV(_ path: String, options: LoadOptions = LoadOptions()) throws -> Dataset {
        let bytes = try FileBytes.read(path, limits: ReadLimits(options))
        let ds = try bytes.withUnsafeBufferPointer { buf -> Dataset in
            guard let base = buf.baseAddress else { throw DataError.empty(path) }
            var parser = CSVParser(path: path, p: base, n: buf.count, options: options)
            return try parser.parse()
        }
        return try applyShapeOptions(ds, options)
    }
}
