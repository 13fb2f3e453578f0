/// Squared distances and dot products of float vectors with eight independent SIMD lanes.
///
/// `squaredDistance` (Neighbors.swift) sums one coordinate after another, which is one dependent add per
/// coordinate; these kernels keep eight partial sums and add them up in a fixed order at the end, so they
/// are several times faster on 50-D PCA rows and still give the same bits for the same inputs on every run.
/// `simdSquaredDistance(a, b)` equals `simdSquaredDistance(b, a)` exactly ((a-b)^2 = (b-a)^2 in IEEE).
enum SIMDDistance {
    /// Squared Euclidean distance between the `dim`-vectors at `a` and `b` (any alignment).
    @inline(__always)
    static func squared(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dim: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var c = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while c + 8 <= dim {
            let t = ra.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
                - rb.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
            acc += t * t
            c += 8
        }
        var s = acc.sum()
        while c < dim { let t = a[c] - b[c]; s += t * t; c += 1 }
        return s
    }

    /// Dot product of the `dim`-vectors at `a` and `b` (any alignment).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dim: Int) -> Float {
        var acc = SIMD8<Float>(repeating: 0)
        var c = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while c + 8 <= dim {
            acc += ra.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
            c += 8
        }
        var s = acc.sum()
        while c < dim { s += a[c] * b[c]; c += 1 }
        return s
    }
}

/// A 64-bit mix of a seed and up to three integers (SplitMix64's finaliser), for per-item random draws
/// that do not depend on the order items are visited in.
@inline(__always)
func mixHash(_ seed: UInt64, _ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (a &+ 1)
    z ^= b &* 0xC2B2_AE3D_27D4_EB4F
    z ^= c &* 0x1656_67B1_9E37_79F9
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
