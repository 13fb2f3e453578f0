import Foundation
import LatentCore
import LatentFiles

/// Writers for CSV (with header) and NPY (float32); every file goes through `AtomicFileWriter`
/// (unique temp file, fsync, rename, fsync of the folder; links and non-regular targets refused).
public enum DataWriter {
    /// Writes `matrix` as CSV with a header: an optional `id` column first (row IDs), then an optional
    /// label column, then `columnNames` (default `x1, x2, ...`). Text labels are written through `labelNames` when given.
    public static func writeCSV(_ matrix: Matrix, to path: String, columnNames: [String]? = nil,
                                labels: [Int32]? = nil, labelName: String = "label",
                                labelNames: [String]? = nil, ids: [String]? = nil) throws {
        try writeCSV(rows: matrix.rows, cols: matrix.cols, to: path, columnNames: columnNames, labels: labels,
                     labelName: labelName, labelNames: labelNames, ids: ids) { r, out in out.update(from: matrix.row(r), count: matrix.cols) }
    }

    /// Writes a dataset's values (after its affine map) as CSV, with its IDs and labels first when it has them.
    public static func writeCSV(_ dataset: Dataset, to path: String) throws {
        try writeCSV(rows: dataset.count, cols: dataset.features, to: path, columnNames: dataset.featureNames,
                     labels: dataset.labels, labelName: "label", labelNames: dataset.labelNames, ids: dataset.ids) { r, out in
            var index = r
            withUnsafePointer(to: &index) { dataset.fillRows(UnsafeBufferPointer(start: $0, count: 1), into: out) }
        }
    }

    /// Streams CSV rows produced by `fill(row, buffer)` into `path`, 1 MB at a time.
    static func writeCSV(rows: Int, cols: Int, to path: String, columnNames: [String]?, labels: [Int32]?,
                         labelName: String, labelNames: [String]?, ids: [String]? = nil,
                         fill: (Int, UnsafeMutablePointer<Float>) -> Void) throws {
        let names = columnNames ?? (0..<cols).map { "x\($0 + 1)" }
        guard names.count == cols else {
            throw DataError(.writeFailed, file: path, "cannot be written: \(names.count) column names for \(cols) columns")
        }
        if let labels, labels.count != rows {
            throw DataError(.writeFailed, file: path, "cannot be written: \(labels.count) labels for \(rows) rows")
        }
        if let ids, ids.count != rows {
            throw DataError(.writeFailed, file: path, "cannot be written: \(ids.count) row IDs for \(rows) rows")
        }
        let header = (ids == nil ? [] : ["id"]) + (labels == nil ? [] : [labelName]) + names
        try writing(path) {
            try writeCSVRows(rows: rows, cols: cols, to: AtomicFileWriter(path), labels: labels, header: header,
                             labelNames: labelNames, ids: ids, fill: fill)
        }
    }

    private static func writeCSVRows(rows: Int, cols: Int, to writer: AtomicFileWriter, labels: [Int32]?, header: [String],
                                     labelNames: [String]?, ids: [String]?, fill: (Int, UnsafeMutablePointer<Float>) -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 64 * cols)
        out.append(contentsOf: header.map(csvField).joined(separator: ",").utf8)
        out.append(10)
        let row = UnsafeMutablePointer<Float>.allocate(capacity: max(cols, 1))
        defer { row.deallocate() }
        for r in 0..<rows {
            if let ids { out.append(contentsOf: csvField(ids[r]).utf8); out.append(44) }
            if let labels {
                let l = labels[r]
                if let labelNames, l >= 0, Int(l) < labelNames.count { out.append(contentsOf: csvField(labelNames[Int(l)]).utf8) }
                else { appendInt(Int64(l), to: &out) }
                out.append(44)
            }
            fill(r, row)
            for c in 0..<cols {
                if c > 0 { out.append(44) }
                appendFloat(row[c], to: &out)
            }
            out.append(10)
            if out.count >= 1 << 20 { try writer.write(out); out.removeAll(keepingCapacity: true) }
        }
        try writer.write(out)
        try writer.commit()
    }

    /// Writes `matrix` as a little-endian float32 C-order `.npy` (format 1.0), shape `(rows, cols)`.
    public static func writeNPY(_ matrix: Matrix, to path: String) throws {
        var out = npyHeader(descr: "<f4", shape: [matrix.rows, matrix.cols])
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: matrix.count * 4))
        out.withUnsafeMutableBytes { raw in
            for k in 0..<matrix.count {
                raw.storeBytes(of: matrix.base[k].bitPattern.littleEndian, toByteOffset: start + 4 * k, as: UInt32.self)
            }
        }
        try writing(path) { try AtomicFile.write(out, to: path) }
    }

    /// Writes labels as a little-endian int32 `.npy` of shape `(n,)`.
    public static func writeNPYLabels(_ labels: [Int32], to path: String) throws {
        var out = npyHeader(descr: "<i4", shape: [labels.count])
        for l in labels { withUnsafeBytes(of: l.littleEndian) { out.append(contentsOf: $0) } }
        try writing(path) { try AtomicFile.write(out, to: path) }
    }

    /// Writes class names as CSV: the header `label,name`, then one `k,NAME` row per class in order
    /// (what `DataLoader.loadClassNames` reads back; names are quoted as RFC 4180 says when needed).
    public static func writeClassNames(_ names: [String], to path: String) throws {
        var out = Array("label,name\n".utf8)
        for (k, name) in names.enumerated() { out.append(contentsOf: "\(k),\(csvField(name))\n".utf8) }
        try writing(path) { try AtomicFile.write(out, to: path) }
    }

    /// Writes a dataset's values (after its affine map) as float32 `.npy`; labels go to `labelsPath` when
    /// given, and text class names beside them (`DataLoader.classNamesPath`).
    public static func writeNPY(_ dataset: Dataset, to path: String, labelsPath: String? = nil) throws {
        if let labelsPath {
            guard let labels = dataset.labels else {
                throw DataError(.writeFailed, file: labelsPath, "cannot be written: dataset '\(dataset.name)' has no labels")
            }
            try writeNPYLabels(labels, to: labelsPath)
            if let names = dataset.labelNames { try writeClassNames(names, to: DataLoader.classNamesPath(forLabels: labelsPath)) }
        }
        try writeNPY(dataset.floatMatrix(), to: path)
    }

    /// Runs a write, turning the writer's `FileError` into a `DataError` naming `path`.
    static func writing(_ path: String, _ body: () throws -> Void) throws {
        do { try body() } catch let e as FileError { throw DataError(.writeFailed, file: path, e.detail) }
    }

    /// Magic, version 1.0, header length and the dict padded with spaces so the data starts on a 64-byte boundary.
    static func npyHeader(descr: String, shape: [Int]) -> [UInt8] {
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(DataLoader.shapeText(shape)), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
        let len = dict.utf8.count
        out.append(UInt8(len & 0xFF))
        out.append(UInt8(len >> 8))
        out.append(contentsOf: dict.utf8)
        return out
    }

    /// `s` as one CSV cell: quoted (inner quotes doubled, as RFC 4180 says) when it holds a comma, quote,
    /// line break, semicolon or tab, so every delimiter the loader detects reads it back whole.
    public static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == ";" || $0 == "\t" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Decimal digits of `v` without building a String.
    private static func appendInt(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(45) }
        var m = v.magnitude
        if m < 10 { out.append(48 + UInt8(m)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while m > 0 { d[n] = 48 + UInt8(m % 10); m /= 10; n += 1 }
            for k in stride(from: n - 1, through: 0, by: -1) { out.append(d[k]) }
        }
    }

    /// Integral values print without a fraction; others use Swift's shortest round-trip form.
    private static func appendFloat(_ v: Float, to out: inout [UInt8]) {
        if v == v.rounded(), abs(v) < 1e7 { appendInt(Int64(v), to: &out) }
        else { out.append(contentsOf: v.description.utf8) }
    }
}
