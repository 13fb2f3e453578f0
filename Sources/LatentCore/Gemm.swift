import CBLAS

/// General matrix product through OpenBLAS: `c = alpha * op(a)·op(b) + beta * c`.
///
/// `op(x)` is `x` or its transpose. Shapes: op(a) is (M,K), op(b) is (K,N), c is (M,N).
/// Backprop uses all four transpose combinations, e.g. dW = xᵀ·dy is `gemm(x, true, dy, false, dW)`.
/// With several threads (`setBlasThreads`) the product is split over them by rows or columns of c.
public func gemm(_ a: Matrix, _ transA: Bool, _ b: Matrix, _ transB: Bool, _ c: Matrix,
                 alpha: Float = 1, beta: Float = 0) {
    let m = transA ? a.cols : a.rows
    let k = transA ? a.rows : a.cols
    let kb = transB ? b.cols : b.rows
    let n = transB ? b.rows : b.cols
    precondition(k == kb, "gemm inner dimensions differ: \(k) vs \(kb)")
    precondition(c.rows == m && c.cols == n, "gemm output is \(c.rows)x\(c.cols), expected \(m)x\(n)")
    gemm(m: m, n: n, k: k, a.base, lda: a.cols, transA, b.base, ldb: b.cols, transB, c.base, ldc: c.cols,
         alpha: alpha, beta: beta)
}

/// A block of a product's output c: the rows and columns one piece of a split product wrote.
public struct GemmBlock: Sendable {
    /// Rows of c.
    public let rows: Range<Int>
    /// Columns of c.
    public let cols: Range<Int>
}

/// How a product is cut into pieces. The cut depends on the shape alone, never on the thread count:
/// OpenBLAS's kernels tile a block differently from the whole product, so the same element of c can
/// round differently in a 64-row piece than in the whole (measured on the Haswell kernels), and a cut
/// that followed the team would give different bits on different machines.
public struct GemmSplit: Equatable, Sendable {
    /// The direction of the cut.
    public enum Kind: Equatable, Sendable {
        /// One call.
        case whole
        /// Contiguous blocks of c's rows (multiples of 16); each piece repacks op(b).
        case rows
        /// Contiguous blocks of c's columns (multiples of 16); each piece repacks op(a).
        case cols
        /// Contiguous blocks of the inner dimension: each piece is a full (m, n) partial product, the
        /// partials added to c in piece order (for small outputs over a long inner dimension, e.g. the
        /// (64, 64) weight gradient over a 1024-row batch).
        case inner
    }
    /// The direction of the cut.
    public let kind: Kind
    /// The number of pieces.
    public let parts: Int

    /// Products below this many FLOPs run as one call.
    static let minFlop = 2_000_000
    /// FLOPs a piece should hold at least.
    static let pieceFlop = 1_000_000
    /// Rows or columns a piece of a row or column split holds at least.
    static let pieceSide = 64
    /// Inner-dimension length a piece of an inner split holds at least.
    static let pieceInner = 256

    /// The cut of a product c (m, n) = op(a) (m, k) · op(b) (k, n).
    public init(m: Int, n: Int, k: Int) {
        let flop = 2 * m * n * k
        let byFlop = Parallel.parts(flop, grain: Self.pieceFlop)
        let side = max(m, n)
        if flop < Self.minFlop {
            (kind, parts) = (.whole, 1)
        } else if side >= 2 * Self.pieceSide {
            (kind, parts) = (m >= n ? .rows : .cols, min(byFlop, Parallel.parts(side, grain: Self.pieceSide)))
        } else if k >= 2 * Self.pieceInner {
            (kind, parts) = (.inner, min(byFlop, Parallel.parts(k, grain: Self.pieceInner)))
        } else {
            (kind, parts) = (.whole, 1)
        }
    }
}

/// Row-major product on raw storage: c (m,n) = alpha * op(a)·op(b) + beta * c, with leading dimensions
/// (row strides) `lda`, `ldb`, `ldc`. op(a) is (m,k): `a` is stored (m,k) or, when `transA`, (k,m).
///
/// Large products are cut into pieces (`GemmSplit`, from the shape alone) spread over the thread team,
/// so c has the same bits for any thread count. `before` runs on each block of c just before the piece
/// that writes it (e.g. filling it with a bias, with beta = 1, so the product accumulates onto the bias
/// instead of OpenBLAS zeroing c first) and `after` just after (e.g. the activation, while the block is
/// still in cache); with an inner split, once each on the whole of c.
public func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ transA: Bool,
                 _ b: UnsafePointer<Float>, ldb: Int, _ transB: Bool, _ c: UnsafeMutablePointer<Float>, ldc: Int,
                 alpha: Float = 1, beta: Float = 0,
                 before: (GemmBlock) -> Void = { _ in }, after: (GemmBlock) -> Void = { _ in }) {
    if m == 0 || n == 0 { return }
    let whole = GemmBlock(rows: 0..<m, cols: 0..<n)
    if k == 0 {
        before(whole)
        for r in 0..<m {
            let row = c + r * ldc
            if beta == 0 { row.update(repeating: 0, count: n) } else { scale(row, count: n, by: beta) }
        }
        after(whole)
        return
    }
    let split = GemmSplit(m: m, n: n, k: k)
    switch split.kind {
    case .whole:
        before(whole)
        sgemm(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, alpha, beta)
        after(whole)
    case .rows, .cols:
        let byRows = split.kind == .rows, parts = split.parts
        Parallel.run(chunks: parts) { part in
            let r = Parallel.partRange(byRows ? m : n, parts: parts, part: part, align: 16)
            if r.isEmpty { return }
            if byRows {
                // rows r of op(a): a + r·lda (stored (m,k)) or a + r (stored (k,m))
                let block = GemmBlock(rows: r, cols: 0..<n)
                before(block)
                let ap = transA ? a + r.lowerBound : a + r.lowerBound * lda
                sgemm(r.count, n, k, ap, lda, transA, b, ldb, transB, c + r.lowerBound * ldc, ldc, alpha, beta)
                after(block)
            } else {
                // columns r of op(b): b + r (stored (k,n)) or b + r·ldb (stored (n,k))
                let block = GemmBlock(rows: 0..<m, cols: r)
                before(block)
                let bp = transB ? b + r.lowerBound * ldb : b + r.lowerBound
                sgemm(m, r.count, k, a, lda, transA, bp, ldb, transB, c + r.lowerBound, ldc, alpha, beta)
                after(block)
            }
        }
    case .inner:
        before(whole)
        innerSplit(m: m, n: n, k: k, a, lda: lda, transA, b, ldb: ldb, transB, c, ldc: ldc, alpha: alpha,
                   beta: beta, parts: split.parts)
        after(whole)
    }
}

/// c = alpha·op(a)·op(b) + beta·c over `parts` contiguous blocks of the inner dimension: piece 0 writes
/// alpha·op(a)[:, k0]·op(b)[k0, :] + beta·c into c, piece p > 0 its partial (m, n) product into scratch,
/// then c += partial 1, partial 2, ... in that order (element-wise, split over the team).
private func innerSplit(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ transA: Bool,
                        _ b: UnsafePointer<Float>, ldb: Int, _ transB: Bool, _ c: UnsafeMutablePointer<Float>,
                        ldc: Int, alpha: Float, beta: Float, parts: Int) {
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: (parts - 1) * m * n)
    defer { scratch.deallocate() }
    Parallel.run(chunks: parts) { part in
        let r = Parallel.partRange(k, parts: parts, part: part, align: 16)
        // columns r of op(a): a + r·lda (stored (k,m)) or a + r (stored (m,k)); rows r of op(b) likewise
        let ap = transA ? a + r.lowerBound * lda : a + r.lowerBound
        let bp = transB ? b + r.lowerBound : b + r.lowerBound * ldb
        if part == 0 {
            sgemm(m, n, r.count, ap, lda, transA, bp, ldb, transB, c, ldc, alpha, beta)
        } else {
            let out = scratch + (part - 1) * m * n
            if r.isEmpty { out.update(repeating: 0, count: m * n); return }
            sgemm(m, n, r.count, ap, lda, transA, bp, ldb, transB, out, n, alpha, 0)
        }
    }
    Parallel.forRanges(m, minCount: max(1, 32_768 / n), align: 1) { _, rows in
        for i in rows {
            let row = c + i * ldc
            for p in 0..<(parts - 1) {
                let src = scratch + p * m * n + i * n
                for j in 0..<n { row[j] += src[j] }
            }
        }
    }
}

@inline(__always)
func sgemm(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int, _ transA: Bool,
                   _ b: UnsafePointer<Float>, _ ldb: Int, _ transB: Bool, _ c: UnsafeMutablePointer<Float>,
                   _ ldc: Int, _ alpha: Float, _ beta: Float) {
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Sets the number of threads for products and parallel loops (results have the same bits for any count).
///
/// With n > 1, LatentCore runs its own team of n threads and splits each product into n single-threaded
/// OpenBLAS calls (OpenBLAS's own threads are set to 1: they spin between calls and cost more than they
/// gain on the small products of training). With n == 1 everything runs on the calling thread.
/// `splitInLatent: false` keeps the older arrangement instead: OpenBLAS threads n, LatentCore's loops serial.
/// n is taken to be 1 when smaller and `Parallel.maxThreads` when larger (the `threads` setting refuses
/// such values with a sentence before they reach here).
public func setBlasThreads(_ n: Int, splitInLatent: Bool = true) {
    let n = max(1, n)
    openblas_set_num_threads(Int32(splitInLatent ? 1 : n))
    Parallel.setThreads(splitInLatent ? n : 1)
}

/// The number of threads products and parallel loops use.
public func blasThreads() -> Int { Parallel.threads > 1 ? Parallel.threads : Int(openblas_get_num_threads()) }

/// Multiplies `count` floats at `p` by `factor` in place.
@inlinable public func scale(_ p: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
    for i in 0..<count { p[i] *= factor }
}
