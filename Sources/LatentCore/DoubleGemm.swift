import CBLAS

/// Row-major double-precision product on raw storage through OpenBLAS, on the calling thread:
/// c (m,n) = alpha * op(a)·op(b) + beta * c, with leading dimensions (row strides) `lda`, `ldb`, `ldc`.
/// op(a) is (m,k): `a` is stored (m,k) or, when `transA`, (k,m); op(b) is (k,n): `b` is stored (k,n) or,
/// when `transB`, (n,k). The eigen-solvers and the Fréchet distance work in doubles on small dense blocks,
/// so this is one OpenBLAS call with no splitting (the float `gemm` splits large products over the team).
public func dgemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, lda: Int, _ transA: Bool,
                  _ b: UnsafePointer<Double>, ldb: Int, _ transB: Bool, _ c: UnsafeMutablePointer<Double>, ldc: Int,
                  alpha: Double = 1, beta: Double = 0) {
    cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// The name of the CPU kernel set OpenBLAS chose at start-up (e.g. "Haswell", "Zen"), or "unknown":
/// results of float products can differ in the last bits between kernels, so benchmarks record it.
public func blasCoreName() -> String {
    openblas_get_corename().map { String(cString: $0) } ?? "unknown"
}
