import XCTest
@testable import LatentCore

final class GemmTests: XCTestCase {
    /// Reference product op(a)·op(b) in double precision, for checking the BLAS-backed one.
    static func naive(_ a: Matrix, _ ta: Bool, _ b: Matrix, _ tb: Bool) -> Matrix {
        let m = ta ? a.cols : a.rows, k = ta ? a.rows : a.cols, n = tb ? b.rows : b.cols
        let c = Matrix(rows: m, cols: n)
        for i in 0..<m { for j in 0..<n {
            var s: Double = 0
            for l in 0..<k { s += Double(ta ? a[l, i] : a[i, l]) * Double(tb ? b[j, l] : b[l, j]) }
            c[i, j] = Float(s)
        } }
        return c
    }

    func testAllTransposeCasesOnOddShapes() {
        var rng = Rng(seed: 21)
        let (m, k, n) = (7, 13, 5)
        for ta in [false, true] { for tb in [false, true] {
            let a = Matrix(rows: ta ? k : m, cols: ta ? m : k)
            let b = Matrix(rows: tb ? n : k, cols: tb ? k : n)
            rng.fillUniform(a.base, count: a.count, -1, 1)
            rng.fillUniform(b.base, count: b.count, -1, 1)
            let c = Matrix(rows: m, cols: n, repeating: 0.5)
            let expected = Self.naive(a, ta, b, tb)
            gemm(a, ta, b, tb, c, alpha: 2, beta: 1)
            for i in 0..<c.count {
                XCTAssertEqual(c.base[i], 2 * expected.base[i] + 0.5, accuracy: 1e-4, "ta=\(ta) tb=\(tb) i=\(i)")
            }
        } }
    }

    func testEmptyInnerDimension() {
        let c = Matrix(rows: 2, cols: 2, repeating: 3)
        gemm(Matrix(rows: 2, cols: 0), false, Matrix(rows: 0, cols: 2), false, c)
        XCTAssertEqual(c.values, [0, 0, 0, 0])
    }
}
