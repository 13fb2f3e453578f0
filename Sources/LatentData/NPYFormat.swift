import Foundation
import LatentCore
import LatentFiles

/// NPY 1.0: the values as little-endian float32 in C order, shape `(rows, columns)`, streamed through
/// `AtomicFileWriter`. Labels go beside the file as int32 `NAME.labels.npy` and class names as
/// `NAME.classes.csv` (what `load "NAME.npy"` reads back); IDs and column names are not kept.
public enum NPYFormat: ExportFormat {
    public static let fileExtension = "npy"

    /// Writes `object` to `path`, its labels (and class names) beside it.
    public static func write(_ object: any Exportable, to path: String) throws {
        try write(object, to: path, labelsPath: labelsPath(for: path))
    }

    /// Writes `object` to `path`; its labels, when it has any, to `labelsPath` and the class names beside those.
    public static func write(_ object: any Exportable, to path: String, labelsPath: String) throws {
        try writeValues(object, to: path)
        if let labels = object.exportLabels {
            try writeLabels(labels, to: labelsPath)
            if let names = object.exportClassNames {
                try CSVFormat.writeClassNames(names, to: DataLoader.classNamesPath(forLabels: labelsPath))
            }
        }
    }

    /// `NAME.labels.npy` for `NAME.npy`.
    public static func labelsPath(for path: String) -> String { (path as NSString).deletingPathExtension + ".labels.npy" }

    /// Labels as a little-endian int32 `.npy` of shape `(n,)`.
    public static func writeLabels(_ labels: [Int32], to path: String) throws {
        var out = header(descr: "<i4", shape: [labels.count])
        for l in labels { withUnsafeBytes(of: l.littleEndian) { out.append(contentsOf: $0) } }
        try CSVFormat.writing(path) { try AtomicFile.write(out, to: path) }
    }

    private static func writeValues(_ object: any Exportable, to path: String) throws {
        let values = try object.exportValues()
        let names = object.exportColumns, cols = names.count
        let row = UnsafeMutablePointer<Float>.allocate(capacity: max(cols, 1))
        defer { row.deallocate() }
        try CSVFormat.writing(path) {
            let writer = try AtomicFileWriter(path)
            var out = header(descr: "<f4", shape: [values.count, cols])
            out.reserveCapacity(1 << 20 + 4 * cols)
            for r in 0..<values.count {
                switch values.rows {
                case .numbers(let fill): fill(r, row)
                case .cells(let cell):
                    for c in 0..<cols {
                        switch cell(r, c) {
                        case .number(let x): row[c] = Float(x)
                        case .missing: row[c] = .nan
                        case .text(_, let kind):
                            throw ExportError("column \"\(names[c])\" is not numeric (row \(r) is \(kind)); export the table to .csv")
                        }
                    }
                }
                for c in 0..<cols { withUnsafeBytes(of: row[c].bitPattern.littleEndian) { out.append(contentsOf: $0) } }
                if out.count >= 1 << 20 { try writer.write(out); out.removeAll(keepingCapacity: true) }
            }
            try writer.write(out)
            try writer.commit()
        }
    }

    /// Magic, version 1.0, header length and the dict padded with spaces so the data start on a 64-byte boundary.
    static func header(descr: String, shape: [Int]) -> [UInt8] {
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
}
