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

/// Row-major product on raw storage: c (m,n) = alpha * op(a)·op(b) + beta * c, with leading dimensions
/// (row strides) `lda`, `ldb`, `ldc`. op(a) is (m,k): `a` is stored (m,k) or, when `transA`, (k,m).
/// Split over the thread team when the product is large enough (>= 2 MFLOP).
public func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ transA: Bool,
                 _ b: UnsafePointer<Float>, ldb: Int, _ transB: Bool, _ c: UnsafeMutablePointer<Float>, ldc: Int,
                 alpha: Float = 1, beta: Float = 0) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        for r in 0..<m {
            let row = c + r * ldc
            if beta == 0 { row.update(repeating: 0, count: n) } else { scale(row, count: n, by: beta) }
        }
        return
    }
    // about one chunk per 4 MFLOP, at least one per thread and at most Parallel.chunks: each chunk is a
    // separate OpenBLAS call that packs its own panels, so small products get few chunks
    let flop = 2 * m * n * k
    let parts = min(Parallel.chunks, max(Parallel.threads, flop / 4_000_000))
    if parts == 1 || flop < 2_000_000 {
        sgemm(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, alpha, beta)
        return
    }
    // Split the larger side of c into contiguous blocks (multiples of 16 rows/columns); each block is an
    // independent single-threaded product, so the result depends only on the number of chunks.
    let byRows = m >= n
    Parallel.run(chunks: parts) { part in
        let r = Parallel.partRange(byRows ? m : n, parts: parts, part: part, align: 16)
        if r.isEmpty { return }
        if byRows {
            // rows r of op(a): a + r·lda (stored (m,k)) or a + r (stored (k,m))
            let ap = transA ? a + r.lowerBound : a + r.lowerBound * lda
            sgemm(r.count, n, k, ap, lda, transA, b, ldb, transB, c + r.lowerBound * ldc, ldc, alpha, beta)
        } else {
            // columns r of op(b): b + r (stored (k,n)) or b + r·ldb (stored (n,k))
            let bp = transB ? b + r.lowerBound * ldb : b + r.lowerBound
            sgemm(m, r.count, k, a, lda, transA, bp, ldb, transB, c + r.lowerBound, ldc, alpha, beta)
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

/// Sets the number of threads for products and parallel loops (results are deterministic per count).
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
