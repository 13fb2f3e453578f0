import Foundation

/// A seeded pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Every random draw in latent goes through one of these, so a session replayed with the same seed
/// reproduces the same numbers. Normal draws use the Box–Muller transform with the spare value cached.
public struct Rng: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64
    private var spareNormal: Float? = nil

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform draw in [0, 1) with 24 random bits.
    @inline(__always) public mutating func uniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform draw in [lo, hi).
    @inline(__always) public mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * uniform()
    }

    /// Advances the stream by `count` raw draws (as many `uniform()` calls would).
    public mutating func skip(_ count: Int) {
        for _ in 0..<max(count, 0) { _ = next() }
    }

    /// Advances the stream as `count` `normal()` calls would.
    public mutating func skipNormals(_ count: Int) {
        for _ in 0..<max(count, 0) { _ = normal() }
    }

    /// A standard normal draw.
    public mutating func normal() -> Float {
        if let z = spareNormal { spareNormal = nil; return z }
        var u1: Double
        repeat { u1 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) } while u1 <= 0
        let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
        let r = (-2 * log(u1)).squareRoot()
        let theta = 2 * Double.pi * u2
        spareNormal = Float(r * sin(theta))
        return Float(r * cos(theta))
    }

    /// An integer uniform in 0..<n (unbiased).
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0)
        return Int(next(upperBound: UInt64(n)))
    }

    /// A random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n < 2 { return p }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = int(below: i + 1)
            p.swapAt(i, j)
        }
        return p
    }

    /// A new generator derived from this one's stream (for independent sub-streams).
    public mutating func fork() -> Rng { Rng(seed: next()) }

    /// Fills `count` floats at `p` with `mean + std * N(0,1)` draws.
    public mutating func fillNormal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Float = 0, std: Float = 1) {
        for i in 0..<count { p[i] = mean + std * normal() }
    }

    /// Fills `count` floats at `p` with uniform draws in [lo, hi).
    public mutating func fillUniform(_ p: UnsafeMutablePointer<Float>, count: Int, _ lo: Float, _ hi: Float) {
        for i in 0..<count { p[i] = uniform(lo, hi) }
    }
}
