import CZlib
import LatentCore

/// A loaded dataset: `count x features` values stored compactly, plus optional labels and image shape.
///
/// Values are kept as loaded (`uint8` stays one byte per value) and converted to floats only when a batch
/// is requested, through a per-feature affine map `value = raw * scale[j] + offset[j]`. Scaling a dataset
/// therefore returns a new `Dataset` sharing the same raw bytes with a different affine map. A `Dataset`
/// is immutable, so it is safe to share between threads.
public final class Dataset: SampleSource, Sendable {
    /// Raw row-major storage (`count * features` elements).
    public enum Storage: Sendable {
        /// One byte per value (MNIST-like images, integer cells in 0...255).
        case uint8([UInt8])
        /// One Float per value.
        case float32([Float])
    }

    /// A human-readable name (file name or derived name such as `digits[head 100]`).
    public let name: String
    /// Number of samples (rows).
    public let count: Int
    /// Number of features (columns) per sample.
    public let features: Int
    /// Raw values, before the affine map.
    public let storage: Storage
    /// Per-feature multiplier of the affine map (length `features`).
    public let scale: [Float]
    /// Per-feature addend of the affine map (length `features`).
    public let offset: [Float]
    /// Integer class labels (one per sample), when known.
    public let labels: [Int32]?
    /// Names of the classes when labels were text (`labelNames[Int(label)]`).
    public let labelNames: [String]?
    /// Feature names, when the file had a header.
    public let featureNames: [String]?
    /// One identifier per row (a CSV's `id=` column, an image's file name), kept through subsets so results
    /// can be joined back to the user's table; nil when the rows have none.
    public let ids: [String]?
    /// Image height and width when each row is an image (`height * width * imageChannels == features`);
    /// used for plotting.
    public let imageShape: (height: Int, width: Int)?
    /// Values per pixel when each row is an image: 1 (gray, `height * width` values) or 3 (RGB, stored as
    /// three `height x width` planes, red then green then blue, as NCHW convolutions read them); 1 otherwise.
    public var imageChannels: Int {
        guard let s = imageShape else { return 1 }
        return features / (s.height * s.width)
    }

    /// A dataset over `storage`; throws when sizes disagree.
    public init(name: String, count: Int, features: Int, storage: Storage,
                scale: [Float]? = nil, offset: [Float]? = nil,
                labels: [Int32]? = nil, labelNames: [String]? = nil, featureNames: [String]? = nil,
                imageShape: (height: Int, width: Int)? = nil, ids: [String]? = nil) throws {
        guard count >= 0, features >= 0 else {
            throw DataError.argument("dataset '\(name)' has negative size \(count)x\(features)")
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: features)
        let stored: Int
        switch storage {
        case .uint8(let a): stored = a.count
        case .float32(let a): stored = a.count
        }
        guard !overflow, stored == total else {
            throw DataError(.sizeMismatch, "dataset '\(name)' declares \(count)x\(features) values but holds \(stored)")
        }
        if let scale, scale.count != features {
            throw DataError.argument("dataset '\(name)': expected \(features) scale factors, got \(scale.count)")
        }
        if let offset, offset.count != features {
            throw DataError.argument("dataset '\(name)': expected \(features) offsets, got \(offset.count)")
        }
        if let labels, labels.count != count {
            throw DataError(.countMismatch, "dataset '\(name)' has \(count) samples but \(labels.count) labels")
        }
        if let ids, ids.count != count {
            throw DataError(.countMismatch, "dataset '\(name)' has \(count) samples but \(ids.count) row IDs")
        }
        if let featureNames, featureNames.count != features {
            throw DataError.argument("dataset '\(name)': expected \(features) feature names, got \(featureNames.count)")
        }
        if let s = imageShape {
            // gray: height * width == features; RGB: three planes, 3 * height * width == features
            let (pixels, overflow) = s.height.multipliedReportingOverflow(by: s.width)
            guard s.height >= 1, s.width >= 1, !overflow,
                  pixels == features || pixels.multipliedReportingOverflow(by: 3) == (features, false) else {
                throw DataError.argument("dataset '\(name)': image shape \(s.height)x\(s.width) does not match \(features) features (gray) or \(features / 3) pixels (RGB)")
            }
        }
        self.name = name
        self.count = count
        self.features = features
        self.storage = storage
        self.scale = scale ?? [Float](repeating: 1, count: features)
        self.offset = offset ?? [Float](repeating: 0, count: features)
        self.labels = labels
        self.labelNames = labelNames
        self.featureNames = featureNames
        self.imageShape = imageShape
        self.ids = ids
    }

    /// A float dataset holding a copy of `matrix`'s rows.
    public convenience init(name: String, matrix: Matrix, labels: [Int32]? = nil,
                            featureNames: [String]? = nil) throws {
        try self.init(name: name, count: matrix.rows, features: matrix.cols, storage: .float32(matrix.values),
                      labels: labels, featureNames: featureNames)
    }

    /// True when the stored values are bytes.
    public var isUInt8: Bool { if case .uint8 = storage { return true } else { return false } }

    /// Bytes used by the raw values.
    public var storageBytes: Int { isUInt8 ? count * features : count * features * 4 }

    /// True when the affine map is the identity.
    public var hasIdentityTransform: Bool {
        scale.allSatisfy { $0 == 1 } && offset.allSatisfy { $0 == 0 }
    }

    // MARK: SampleSource

    /// Number of samples (rows).
    public var sampleCount: Int { count }
    /// Number of features per sample.
    public var featureCount: Int { features }
    /// Class labels, when known.
    public var classLabels: [Int32]? { labels }

    /// Writes rows `indices` as floats (after the affine map) into `out`, shape `indices.count x features`.
    public func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) {
        let d = features
        scale.withUnsafeBufferPointer { sc in
            offset.withUnsafeBufferPointer { of in
                guard let s = sc.baseAddress, let o = of.baseAddress else { return }
                switch storage {
                case .uint8(let raw):
                    raw.withUnsafeBufferPointer { src in
                        guard let base = src.baseAddress else { return }
                        gather(indices, from: base, into: out) { Dataset.affineRow($0, $1, d, s, o) }
                    }
                case .float32(let raw):
                    raw.withUnsafeBufferPointer { src in
                        guard let base = src.baseAddress else { return }
                        gather(indices, from: base, into: out) { Dataset.affineRow($0, $1, d, s, o) }
                    }
                }
            }
        }
    }

    /// Converts rows `indices` of the storage at `base` into `out` with `convert(sourceRow, outputRow)`,
    /// split over the thread team (each output row is written by one thread).
    @inline(__always)
    private func gather<T>(_ indices: UnsafeBufferPointer<Int>, from base: UnsafePointer<T>,
                           into out: UnsafeMutablePointer<Float>,
                           _ convert: (UnsafePointer<T>, UnsafeMutablePointer<Float>) -> Void) {
        let d = features
        Parallel.forRanges(indices.count, minCount: max(1, 32_768 / max(d, 1)), align: 1) { _, part in
            for i in part {
                let r = indices[i]
                precondition(r >= 0 && r < count, "row \(r) out of range 0..<\(count)")
                // Rows are random: prefetch a row a few steps ahead so its cache misses overlap
                // with this row's conversion.
                if i + 4 < part.upperBound { Dataset.touch(base + indices[i + 4] * d, bytes: d * MemoryLayout<T>.stride) }
                convert(base + r * d, out + i * d)
            }
        }
    }

    /// `dst[j] = Float(src[j]) * scale[j] + offset[j]` for one row of bytes (a plain loop: the compiler
    /// vectorises it into byte-to-float conversions, which the explicit SIMD16 version did not get).
    @inline(__always)
    static func affineRow(_ src: UnsafePointer<UInt8>, _ dst: UnsafeMutablePointer<Float>, _ d: Int,
                          _ scale: UnsafePointer<Float>, _ offset: UnsafePointer<Float>) {
        for j in 0..<d { dst[j] = Float(src[j]) * scale[j] + offset[j] }
    }

    /// Prefetches every 64-byte line of the `count` bytes at `p`.
    @inline(__always)
    static func touch(_ p: UnsafeRawPointer, bytes count: Int) {
        var j = 0
        while j < count { latent_prefetch(p + j); j += 64 }
        if count > 0 { latent_prefetch(p + (count - 1)) }
    }

    /// `dst[j] = src[j] * scale[j] + offset[j]` for one row of floats.
    @inline(__always)
    static func affineRow(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ d: Int,
                          _ scale: UnsafePointer<Float>, _ offset: UnsafePointer<Float>) {
        for j in 0..<d { dst[j] = src[j] * scale[j] + offset[j] }
    }

    /// The whole dataset as a `count x features` float matrix (after the affine map).
    public func floatMatrix() -> Matrix {
        let m = Matrix(rows: count, cols: features)
        let chunk = 4096
        var indices = [Int](repeating: 0, count: min(chunk, count))
        var start = 0
        while start < count {
            let n = min(chunk, count - start)
            for k in 0..<n { indices[k] = start + k }
            indices.withUnsafeBufferPointer { fillRows(UnsafeBufferPointer(rebasing: $0[0..<n]), into: m.row(start)) }
            start += n
        }
        return m
    }

    /// Row `i` as floats (after the affine map).
    public func row(_ i: Int) -> [Float] {
        precondition(i >= 0 && i < count, "row \(i) out of range 0..<\(count)")
        var out = [Float](repeating: 0, count: features)
        var index = i
        withUnsafePointer(to: &index) { ip in
            out.withUnsafeMutableBufferPointer { buf in
                guard let b = buf.baseAddress else { return }
                fillRows(UnsafeBufferPointer(start: ip, count: 1), into: b)
            }
        }
        return out
    }

    /// Raw value at (`r`, `c`) before the affine map.
    @inlinable public func rawValue(_ r: Int, _ c: Int) -> Float {
        switch storage {
        case .uint8(let a): return Float(a[r * features + c])
        case .float32(let a): return a[r * features + c]
        }
    }

    /// A copy of this dataset with some fields replaced (storage is shared, never copied).
    func with(name: String? = nil, scale: [Float]? = nil, offset: [Float]? = nil,
              labels: [Int32]?? = nil, labelNames: [String]?? = nil,
              imageShape: (height: Int, width: Int)?? = nil, ids: [String]?? = nil) throws -> Dataset {
        try Dataset(name: name ?? self.name, count: count, features: features, storage: storage,
                    scale: scale ?? self.scale, offset: offset ?? self.offset,
                    labels: labels ?? self.labels, labelNames: labelNames ?? self.labelNames,
                    featureNames: featureNames, imageShape: imageShape ?? self.imageShape, ids: ids ?? self.ids)
    }

    /// The same data with `ids` as its row identifiers (nil removes them); throws unless there is one per row.
    public func withIDs(_ ids: [String]?) throws -> Dataset {
        try with(ids: .some(ids))
    }

    /// The same data marked as `height x width` images (for plotting).
    public func withImageShape(height: Int, width: Int) throws -> Dataset {
        try with(imageShape: .some((height, width)))
    }

    /// The same data marked as square images; throws unless `features` is a perfect square.
    public func withSquareImageShape() throws -> Dataset {
        var side = Int(Double(features).squareRoot())
        while side * side > features { side -= 1 }
        while (side + 1) * (side + 1) <= features { side += 1 }
        guard side > 0, side * side == features else {
            throw DataError.argument("dataset '\(name)' has \(features) features, which is not a perfect square, so rows cannot be square images")
        }
        return try withImageShape(height: side, width: side)
    }
}

extension Dataset: CustomStringConvertible {
    /// A one-line summary: name, shape, storage, labels, image shape.
    public var description: String {
        var s = "\(name): \(count) x \(features) \(isUInt8 ? "uint8" : "float32")"
        if let labels { s += ", \(labels.count) labels" }
        if let shape = imageShape { s += ", images \(shape.height)x\(shape.width)\(imageChannels == 3 ? " RGB" : "")" }
        if !hasIdentityTransform { s += ", scaled" }
        return s
    }
}
