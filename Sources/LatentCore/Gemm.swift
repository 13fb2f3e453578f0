import CBLAS

/// General matrix product through OpenBLAS: `c = alpha * op(a)·op(b) + beta * c`.
///
/// `op(x)` is `x` or its transpose. Shapes: op(a) is (M,K), op(b) is (K,N), c is (M,N).
/// Backprop uses all four transpose combinations, e.g. dW = xᵀ·dy is `gemm(x, true, dy, false, dW)`.
public func gemm(_ a: Matrix, _ transA: Bool, _ b: Matrix, _ transB: Bool, _ c: Matrix,
                 alpha: Float = 1, beta: Float = 0) {
    let m = transA ? a.cols : a.rows
    let k = transA ? a.rows : a.cols
    let kb = transB ? b.cols : b.rows
    let n = transB ? b.rows : b.cols
    precondition(k == kb, "gemm inner dimensions differ: \(k) vs \(kb)")
    precondition(c.rows == m && c.cols == n, "gemm output is \(c.rows)x\(c.cols), expected \(m)x\(n)")
    if m == 0 || n == 0 { return }
    if k == 0 {
        if beta == 0 { c.fill(0) } else { scale(c.base, count: c.count, by: beta) }
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a.base, Int32(a.cols), b.base, Int32(b.cols),
                beta, c.base, Int32(c.cols))
}

/// Sets the number of threads OpenBLAS uses for products (results are deterministic per thread count).
public func setBlasThreads(_ n: Int) {
    openblas_set_num_threads(Int32(max(1, n)))
}

/// The number of threads OpenBLAS currently uses.
public func blasThreads() -> Int { Int(openblas_get_num_threads()) }

/// Multiplies `count` floats at `p` by `factor` in place.
@inlinable public func scale(_ p: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
    for i in 0..<count { p[i] *= factor }
}
