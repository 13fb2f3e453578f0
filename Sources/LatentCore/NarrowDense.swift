/// The kernels of a `Dense` layer with a narrow input (k <= `inputLimit` columns, e.g. a 2-D latent code
/// feeding a conv decoder's Dense(2 -> 128x7x7)): with k multiply-adds per output such a product is bound
/// by memory, not arithmetic, so forward and backward are each one fused pass over the (B, N) output
/// instead of sgemm plus separate bias, activation, activation-gradient and column-sum passes (and the
/// copies sgemm makes of a 1024 x 6272 operand to pack it).
///
/// Results are the same for any thread count: forward is element-wise; in backward every chunk owns a
/// contiguous block of columns (its dW and db entries sum the rows in order, so they do not depend on the
/// split at all) and keeps a partial dx, the partials are summed in chunk order, and the number of chunks
/// depends on the shape alone.
enum NarrowDense {
    /// The widest input that takes these kernels (above it the product is compute-bound: sgemm).
    static let inputLimit = 4

    typealias V = SIMD8<Float>

    /// y (B, N) = f(x (B, K)·W (K, N) + b), the rows split over the team. Per element the sum is
    /// b + x0·w0 + x1·w1 + ... in that order.
    static func forward(x: UnsafePointer<Float>, w: UnsafePointer<Float>, b: UnsafePointer<Float>,
                        y: UnsafeMutablePointer<Float>, rows: Int, k: Int, n: Int, activation: Activation) {
        Parallel.forRanges(rows, minCount: max(1, 32_768 / max(n, 1)), align: 1) { _, rr in
            for r in rr {
                let out = y + r * n, xr = x + r * k
                let x0 = xr[0]
                for c in 0..<n { out[c] = b[c] + x0 * w[c] }
                for j in 1..<max(1, k) {
                    let xj = xr[j], wj = w + j * n
                    for c in 0..<n { out[c] += xj * wj[c] }
                }
                activation.applySerial(out, count: n)
            }
        }
    }

    /// With g = dy ⊙ f'(y) (B, N): dW (K, N) = xᵀ·g, db (N) = Σ_rows g and, when `dx` is given,
    /// dx (B, K) = g·Wᵀ, in one pass over y and dy (dy is not changed). `scratch` holds
    /// `scratchCount(rows:k:n:)` floats (per chunk: one row of g and a partial dx).
    static func backward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                         w: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>,
                         dx: UnsafeMutablePointer<Float>?, rows: Int, k: Int, n: Int, activation: Activation,
                         scratch: UnsafeMutablePointer<Float>) {
        let parts = chunks(rows: rows, n: n)
        Parallel.run(chunks: parts) { part in
            let cr = Parallel.partRange(n, parts: parts, part: part, align: 16)
            let c0 = cr.lowerBound, width = cr.count
            let g = scratch + part * (n + rows * k), dxPart = g + n
            for j in 0..<k { (dw + j * n + c0).update(repeating: 0, count: width) }
            (db + c0).update(repeating: 0, count: width)
            if width == 0 {
                if dx != nil { dxPart.update(repeating: 0, count: rows * k) }
                return
            }
            for r in 0..<rows {
                activation.backwardSerial(output: y + r * n + c0, grad: dy + r * n + c0, into: g, count: width)
                let sums = db + c0
                for c in 0..<width { sums[c] += g[c] }
                let xr = x + r * k
                for j in 0..<k {
                    let xj = xr[j], row = dw + j * n + c0
                    for c in 0..<width { row[c] += xj * g[c] }
                }
                guard dx != nil else { continue }
                for j in 0..<k { dxPart[r * k + j] = dot(g, w + j * n + c0, count: width) }
            }
        }
        guard let dx else { return }
        let stride = n + rows * k
        dx.update(from: scratch + n, count: rows * k)
        for p in 1..<max(1, parts) {
            let src = scratch + p * stride + n
            for i in 0..<(rows * k) { dx[i] += src[i] }
        }
    }

    /// Chunks of a backward pass over (rows, n): for a large output one per 16 columns up to
    /// `Parallel.maxParts`, else one (the shape alone decides).
    static func chunks(rows: Int, n: Int) -> Int { rows * n >= 65_536 ? Parallel.parts(n, grain: 16) : 1 }

    /// Floats of scratch `backward` needs.
    static func scratchCount(rows: Int, k: Int, n: Int) -> Int { chunks(rows: rows, n: n) * (n + rows * k) }

    /// Σ a[i]·b[i], eight lanes then their sum, then the tail: a fixed order.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V(repeating: 0), i = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 8 <= count {
            acc = acc.addingProduct(ra.loadUnaligned(fromByteOffset: i * 4, as: V.self),
                                    rb.loadUnaligned(fromByteOffset: i * 4, as: V.self))
            i += 8
        }
        var s = acc.sum()
        while i < count { s = s.addingProduct(a[i], b[i]); i += 1 }
        return s
    }
}
