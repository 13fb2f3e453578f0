import Foundation

/// The binary forms the page reads with typed arrays (little-endian, 4-byte aligned), so a million
/// points travel as 12-16 MB of arrays the page uses as they come, not as JSON text to parse.
public enum MapBinary {
    /// Points: "LVP1", then UInt32 count, UInt32 1 when labels follow, UInt32 pinned-row count; then
    /// x (Float32 x count), y (Float32 x count), labels (Int32 x count, -1 for none) and pinned rows (UInt32).
    public static func points(_ p: ViewPoints) -> [UInt8] {
        let n = p.x.count
        var out: [UInt8] = Array("LVP1".utf8)
        out.reserveCapacity(16 + n * 12 + p.pinned.count * 4)
        append(UInt32(n), to: &out)
        append(UInt32(p.labels == nil ? 0 : 1), to: &out)
        append(UInt32(p.pinned.count), to: &out)
        appendArray(p.x, to: &out)
        appendArray(p.y, to: &out)
        if let labels = p.labels { appendArray(labels, to: &out) }
        appendArray(p.pinned.map { UInt32(truncatingIfNeeded: $0) }, to: &out)
        return out
    }

    /// A column of Float32 values as bytes.
    public static func floats(_ values: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        appendArray(values, to: &out)
        return out
    }

    /// Row indices as UInt32 bytes.
    public static func rows(_ rows: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        appendArray(rows.map { UInt32(truncatingIfNeeded: $0) }, to: &out)
        return out
    }

    static func append(_ v: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    static func appendArray<T>(_ values: [T], to out: inout [UInt8]) {
        values.withUnsafeBytes { out.append(contentsOf: $0) }   // the machines latent runs on are little-endian
    }

    /// A small JSON object's bytes (metadata, items, states); numbers as JSON numbers.
    public static func json(_ object: [String: Any]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return [UInt8](data)
    }

    /// The JSON form of a view's description.
    public static func describe(_ d: ViewDescription, view: Int) -> [String: Any] {
        var o: [String: Any] = ["view": view, "title": d.title, "count": d.count, "featureNames": d.featureNames,
                                "columns": d.columns, "canDecode": d.canDecode, "canEdit": d.canEdit]
        if let names = d.classNames { o["classNames"] = names }
        if let s = d.image { o["image"] = [s.height, s.width, s.channels] }
        if let note = d.editNote { o["editNote"] = note }
        return o
    }

    /// The JSON form of a sample: base64 pixels or a list of values.
    public static func sample(_ s: ViewSample?) -> [String: Any] {
        var o: [String: Any] = [:]
        if let p = s?.pixels { o["pixels"] = Data(p).base64EncodedString() }
        if let v = s?.values { o["values"] = v.map { Double($0) } }
        return o
    }
}
