/// Vectorised elementwise kernels (exp, sigmoid, tanh) used by activations and losses.
///
/// `libm`'s expf/tanhf cost ~10 ns per element; an output layer of 1024 x 784 would spend ~8 ms a step in
/// them. These SIMD versions use a Cephes-style range reduction and a degree-6 polynomial, with a relative
/// error below 2e-7 on the clamped range.
public enum FastMath {
    public typealias V = SIMD8<Float>

    /// exp(x) lane-wise; inputs are clamped to [-87.3, 88.7] so the result is finite and positive.
    @inline(__always) public static func exp(_ xIn: V) -> V {
        // clamp to [-87.3, 88.7] (written out: the generic `clamped` is not specialised)
        let lo = V(repeating: -87.3), hi = V(repeating: 88.7)
        var x = xIn.replacing(with: lo, where: .!(xIn .>= lo))     // also maps NaN to lo
        x.replace(with: hi, where: x .> hi)
        // n = round(x / ln2) via the 1.5 * 2^23 trick: the low mantissa bits of t hold n as an integer.
        let magic: Float = 12_582_912
        let t = V(repeating: magic).addingProduct(x, V(repeating: 1.442_695_04))    // x·log2(e) + magic, fused
        let n = t - magic
        var r = x.addingProduct(n, V(repeating: -0.693_359_375))
        r = r.addingProduct(n, V(repeating: 2.121_944_4e-4))
        // exp(r) on |r| <= ln2/2, Horner with fused multiply-adds (vfmadd with -march=x86-64-v3)
        var p = V(repeating: 1.398_199_95e-3).addingProduct(V(repeating: 1.987_569_15e-4), r)
        p = V(repeating: 8.333_452_01e-3).addingProduct(p, r)
        p = V(repeating: 4.166_579_59e-2).addingProduct(p, r)
        p = V(repeating: 1.666_666_55e-1).addingProduct(p, r)
        p = V(repeating: 5.000_000_12e-1).addingProduct(p, r)
        p = (r + 1).addingProduct(p, r * r)
        let ni = unsafeBitCast(t, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: Int32.self)
        let scaleBits = (ni &+ 127) &<< 23
        return p * unsafeBitCast(scaleBits, to: V.self)
    }

    /// Logistic sigmoid 1 / (1 + e^-x) lane-wise.
    @inline(__always) public static func sigmoid(_ x: V) -> V {
        1 / (1 + exp(-x))
    }

    /// tanh(x) lane-wise, as 1 - 2 / (e^{2x} + 1) (exact to ~1e-7 absolute).
    @inline(__always) public static func tanh(_ x: V) -> V {
        1 - 2 / (exp(x + x) + 1)
    }

    /// Applies a lane-wise kernel over `count` floats in place (the tail goes through one padded vector).
    @inline(__always) public static func map(_ p: UnsafeMutablePointer<Float>, count: Int, _ f: (V) -> V) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeMutableRawPointer(p + i).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(p + i).storeBytes(of: f(v), as: V.self)
            i += 8
        }
        if i < count {
            var v = V(repeating: 0)
            for j in 0..<(count - i) { v[j] = p[i + j] }
            let r = f(v)
            for j in 0..<(count - i) { p[i + j] = r[j] }
        }
    }
}
