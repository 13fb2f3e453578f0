/// The numeric cells of a CSV as they are read, row-major: bytes while every value is a whole number in
/// 0...255, floats from the first value that is not.
struct CSVValues {
    /// Values per row.
    let features: Int
    private var bytes: [UInt8] = []
    private var floats: [Float] = []
    private(set) var useFloats = false

    init(features: Int, reserving estimate: Int) {
        self.features = features
        bytes.reserveCapacity(min(estimate, 1 << 28))
    }

    /// Number of values held.
    var count: Int { useFloats ? floats.count : bytes.count }

    /// Appends a row of zeros (its cells are then `set`).
    mutating func appendRow() {
        if useFloats { floats.append(contentsOf: repeatElement(0, count: features)) }
        else { bytes.append(contentsOf: repeatElement(0, count: features)) }
    }

    /// Stores `v` at `index`; false when it is outside `UsableValues`' range.
    mutating func set(_ index: Int, _ v: Double) -> Bool {
        if !useFloats {
            if v >= 0 && v <= 255 && v == v.rounded() { bytes[index] = UInt8(v); return true }
            switchToFloats()
        }
        let f = Float(v)
        guard UsableValues.holds(f) else { return false }
        floats[index] = f
        return true
    }

    /// The value at `index`.
    func value(_ index: Int) -> Double { useFloats ? Double(floats[index]) : Double(bytes[index]) }

    private mutating func switchToFloats() {
        floats = bytes.map { Float($0) }
        bytes = []
        useFloats = true
    }

    /// Keeps the rows where `keep` is true.
    mutating func keepRows(_ keep: [Bool]) {
        func kept<T>(_ a: [T]) -> [T] {
            var out: [T] = []
            out.reserveCapacity(a.count)
            for (r, k) in keep.enumerated() where k { out.append(contentsOf: a[r * features..<(r + 1) * features]) }
            return out
        }
        if useFloats { floats = kept(floats) } else { bytes = kept(bytes) }
    }

    /// The values without feature `f`, as storage for `features - 1` columns.
    func removingFeature(_ f: Int) -> Dataset.Storage {
        func without<T>(_ a: [T]) -> [T] {
            var out: [T] = []
            out.reserveCapacity(a.count - a.count / max(features, 1))
            for (k, v) in a.enumerated() where k % features != f { out.append(v) }
            return out
        }
        return useFloats ? .float32(without(floats)) : .uint8(without(bytes))
    }

    /// The values as dataset storage.
    var storage: Dataset.Storage { useFloats ? .float32(floats) : .uint8(bytes) }
}
