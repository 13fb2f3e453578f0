import LatentCore
import LatentFiles

/// CSV with a header: `[id,][label,]column1,...`, streamed 1 MB at a time through `AtomicFileWriter`.
/// Float values print without a fraction when integral, else in Swift's shortest round-trip form; table
/// numbers in full (double) precision; text is quoted as RFC 4180 says when it holds a delimiter.
public enum CSVFormat: ExportFormat {
    public static let fileExtension = "csv"

    /// Writes `object` to `path`.
    public static func write(_ object: any Exportable, to path: String) throws {
        let values = try object.exportValues()
        let names = object.exportColumns
        if let labels = object.exportLabels, labels.count != values.count {
            throw DataError(.writeFailed, file: path, "cannot be written: \(labels.count) labels for \(values.count) rows")
        }
        if let ids = object.exportIDs, ids.count != values.count {
            throw DataError(.writeFailed, file: path, "cannot be written: \(ids.count) row IDs for \(values.count) rows")
        }
        let header = (object.exportIDs == nil ? [] : ["id"]) + (object.exportLabels == nil ? [] : ["label"]) + names
        try writing(path) {
            try writeRows(values, columns: names.count, header: header, ids: object.exportIDs, labels: object.exportLabels,
                          classNames: object.exportClassNames, to: AtomicFileWriter(path))
        }
    }

    /// Class names as CSV: the header `label,name`, then one `k,NAME` row per class in order (what
    /// `DataLoader.loadClassNames` reads back).
    public static func writeClassNames(_ names: [String], to path: String) throws {
        var out = Array("label,name\n".utf8)
        for (k, name) in names.enumerated() { out.append(contentsOf: "\(k),\(field(name))\n".utf8) }
        try writing(path) { try AtomicFile.write(out, to: path) }
    }

    /// `s` as one CSV cell: quoted (inner quotes doubled, as RFC 4180 says) when it holds a comma, quote,
    /// line break, semicolon or tab, so every delimiter the loader detects reads it back whole.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == ";" || $0 == "\t" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Runs a write, turning the writer's `FileError` into a `DataError` naming `path`.
    static func writing(_ path: String, _ body: () throws -> Void) throws {
        do { try body() } catch let e as FileError { throw DataError(.writeFailed, file: path, e.detail) }
    }

    private static func writeRows(_ values: ExportValues, columns cols: Int, header: [String], ids: [String]?, labels: [Int32]?,
                                  classNames: [String]?, to writer: AtomicFileWriter) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 64 * cols)
        out.append(contentsOf: header.map(field).joined(separator: ",").utf8)
        out.append(10)
        let row = UnsafeMutablePointer<Float>.allocate(capacity: max(cols, 1))
        defer { row.deallocate() }
        for r in 0..<values.count {
            if let ids { out.append(contentsOf: field(ids[r]).utf8); out.append(44) }
            if let labels {
                let l = labels[r]
                if let classNames, l >= 0, Int(l) < classNames.count { out.append(contentsOf: field(classNames[Int(l)]).utf8) }
                else { appendInt(Int64(l), to: &out) }
                out.append(44)
            }
            switch values.rows {
            case .numbers(let fill):
                fill(r, row)
                for c in 0..<cols {
                    if c > 0 { out.append(44) }
                    appendFloat(row[c], to: &out)
                }
            case .cells(let cell):
                for c in 0..<cols {
                    if c > 0 { out.append(44) }
                    switch cell(r, c) {
                    case .number(let x): out.append(contentsOf: numberText(x).utf8)
                    case .text(let s, _): out.append(contentsOf: field(s).utf8)
                    case .missing: break
                    }
                }
            }
            out.append(10)
            if out.count >= 1 << 20 { try writer.write(out); out.removeAll(keepingCapacity: true) }
        }
        try writer.write(out)
        try writer.commit()
    }

    /// A double in full: Swift's shortest round-trip form, `nan`, `inf` or `-inf`.
    private static func numberText(_ x: Double) -> String {
        if x.isFinite { return "\(x)" }
        return x.isNaN ? "nan" : x < 0 ? "-inf" : "inf"
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
