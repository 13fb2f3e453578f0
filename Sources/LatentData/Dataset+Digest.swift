/// A digest of a dataset's contents: how a cached feature classifier knows its data, and how a model loaded
/// from a checkpoint knows whether a dataset is the one its table was trained on.
extension Dataset {
    /// 64-bit FNV-1a over the shape, the raw values, the per-feature scale and offset and the labels.
    /// Equal data give equal digests; a changed value, scaling or label changes it (with probability 1 - 2^-64).
    public var contentDigest: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) { h = (h ^ word) &* 0x0000_0100_0000_01b3 }
        mix(UInt64(count)); mix(UInt64(features))
        switch storage {
        case .uint8(let bytes): mix(1); for b in bytes { mix(UInt64(b)) }
        case .float32(let values): mix(2); for v in values { mix(UInt64(v.bitPattern)) }
        }
        for v in scale { mix(UInt64(v.bitPattern)) }
        for v in offset { mix(UInt64(v.bitPattern)) }
        for l in labels ?? [] { mix(UInt64(UInt32(bitPattern: l))) }
        return h
    }
}
