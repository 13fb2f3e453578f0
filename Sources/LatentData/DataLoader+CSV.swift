extension DataLoader {
    /// Reads a CSV/TSV file (optionally gzipped) of numeric cells, with an optional header and label column.
    ///
    /// Fields follow RFC 4180 (a quoted field may hold the delimiter, newlines and doubled quotes). Whole
    /// numbers in 0...255 everywhere are stored as bytes; anything else as Float. Label cells may be
    /// integers (kept as they are) or text (mapped to 0-based indices in sorted order, names kept).
    /// Missing cells are handled as `options.missing` says; an unnamed first column holding 0..n-1 (a
    /// pandas index) is dropped. What the reader did on its own is added to `notes`.
    public static func loadCSV(_ path: String, options: LoadOptions = LoadOptions(), notes: inout [String]) throws -> Dataset {
        let bytes = try FileBytes.read(path, limits: ReadLimits(options))
        let ds = try bytes.withUnsafeBufferPointer { buf -> Dataset in
            guard let base = buf.baseAddress else { throw DataError.empty(path) }
            var parser = CSVParser(path: path, p: base, n: buf.count, options: options)
            let ds = try parser.parse()
            notes += parser.notes
            return ds
        }
        return try applyShapeOptions(ds, options)
    }

    /// `loadCSV` without notes.
    public static func loadCSV(_ path: String, options: LoadOptions = LoadOptions()) throws -> Dataset {
        var notes: [String] = []
        return try loadCSV(path, options: options, notes: &notes)
    }
}
