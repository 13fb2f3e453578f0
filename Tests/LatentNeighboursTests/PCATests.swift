import XCTest
import LatentCore
@testable import LatentNeighbours

final class PCATests: XCTestCase {
    /// Rows of the 8 x 8 Sylvester–Hadamard matrix.
    func hadamard8() -> [[Float]] {
        var h: [[Float]] = [[1]]
        for _ in 0..<3 { h = h.map { $0 + $0 } + h.map { $0 + $0.map { -$0 } } }
        return h
    }

    /// A 4 x 4 rotation: Givens rotations in planes (0,1), (1,2), (2,3), (0,3).
    func rotation() -> [[Double]] {
        var r: [[Double]] = (0..<4).map { i in (0..<4).map { $0 == i ? 1.0 : 0.0 } }
        for (p, q, angle) in [(0, 1, 0.3), (1, 2, 1.1), (2, 3, -0.7), (0, 3, 0.5)] {
            let c = cos(angle), s = sin(angle)
            for row in 0..<4 {
                let a = r[row][p], b = r[row][q]
                r[row][p] = c * a - s * b; r[row][q] = s * a + c * b
            }
        }
        return r
    }

    func testKnownEigenvaluesWithBothSolvers() throws {
        // Columns 1...4 of H8 are orthogonal, zero-mean, squared norm 8: scaled by (4,3,2,1) the
        // covariance is diag(16,9,4,1) * 8/7; rotating by R keeps the eigenvalues, eigenvectors = rows of R.
        let h = hadamard8(), r = rotation(), scales: [Double] = [4, 3, 2, 1]
        let x = Matrix(rows: 8, cols: 4)
        for i in 0..<8 {
            for c in 0..<4 {
                var v = 5.0 * Double(c + 1)                     // a mean offset PCA must remove
                for j in 0..<4 { v += scales[j] * Double(h[i][j + 1]) * r[j][c] }
                x[i, c] = Float(v)
            }
        }
        for useJacobi in [true, false] {
            let pca = try PCA.fit(x, components: 3, useJacobi: useJacobi)
            for j in 0..<3 {
                XCTAssertEqual(pca.explainedVariance[j], scales[j] * scales[j] * 8 / 7, accuracy: 1e-4)
                var dot = 0.0, big: Float = 0
                for c in 0..<4 {
                    dot += Double(pca.components[j, c]) * r[j][c]
                    if abs(pca.components[j, c]) > abs(big) { big = pca.components[j, c] }
                }
                XCTAssertEqual(abs(dot), 1, accuracy: 1e-5, "component \(j) jacobi=\(useJacobi)")
                XCTAssertGreaterThan(big, 0, "sign convention")
            }
            XCTAssertEqual(pca.totalVariance, 30 * 8 / 7, accuracy: 1e-4)
            XCTAssertEqual(pca.explainedVarianceRatio[0], 16.0 / 30, accuracy: 1e-6)
            XCTAssertEqual(pca.projection.rows, 8)
            XCTAssertEqual(pca.projection.cols, 3)
        }
    }

    func testRecoversPlantedPlaneInHighDimension() throws {
        var rng = Rng(seed: 7)
        let n = 400, d = 120                              // d above the Jacobi limit: subspace iteration
        var u = [Float](repeating: 0, count: d), v = u
        rng.fillNormal(&u, count: d); rng.fillNormal(&v, count: d)
        func normalize(_ a: inout [Float]) { let s = a.reduce(0) { $0 + $1 * $1 }.squareRoot(); a = a.map { $0 / s } }
        normalize(&u)
        let uv = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
        v = zip(v, u).map { $0 - uv * $1 }; normalize(&v)
        let x = Matrix(rows: n, cols: d)
        for i in 0..<n {
            let a = 3 * rng.normal(), b = rng.normal()
            for c in 0..<d { x[i, c] = 1 + a * u[c] + b * v[c] + 0.01 * rng.normal() }
        }
        let pca = try PCA.fit(x, components: 2)
        XCTAssertGreaterThan(pca.explainedVarianceRatio[0] + pca.explainedVarianceRatio[1], 0.99)
        for j in 0..<2 {
            var pu: Float = 0, pv: Float = 0
            for c in 0..<d { pu += pca.components[j, c] * u[c]; pv += pca.components[j, c] * v[c] }
            XCTAssertEqual(pu * pu + pv * pv, 1, accuracy: 1e-3, "component \(j) lies in span(u, v)")
        }
        let jacobi = try PCA.fit(x, components: 2, useJacobi: true)
        for j in 0..<2 {
            XCTAssertEqual(pca.explainedVariance[j], jacobi.explainedVariance[j], accuracy: 1e-6 * jacobi.explainedVariance[0])
            for c in 0..<d { XCTAssertEqual(pca.components[j, c], jacobi.components[j, c], accuracy: 1e-4) }
        }
        // The projection's variance along each axis is the explained variance.
        for j in 0..<2 {
            var s = 0.0, s2 = 0.0
            for i in 0..<n { let p = Double(pca.projection[i, j]); s += p; s2 += p * p }
            XCTAssertEqual(s / Double(n), 0, accuracy: 1e-3)
            XCTAssertEqual(s2 / Double(n - 1), pca.explainedVariance[j], accuracy: 1e-3 * pca.explainedVariance[j])
        }
        let again = try pca.transform(x)
        for i in 0..<n { XCTAssertEqual(again[i, 1], pca.projection[i, 1], accuracy: 1e-4) }
    }

    func testJacobiOnSmallSymmetricMatrix() {
        // [[2,1],[1,2]] has eigenvalues 3 and 1 with vectors (1,1)/√2 and (1,-1)/√2.
        let (values, vectors) = SymmetricEigen.jacobi([2, 1, 1, 2], n: 2)
        XCTAssertEqual(values[0], 3, accuracy: 1e-12)
        XCTAssertEqual(values[1], 1, accuracy: 1e-12)
        XCTAssertEqual(abs(vectors[0] + vectors[2]), 2.0.squareRoot(), accuracy: 1e-12)
    }

    func testRejectsBadComponentCount() {
        XCTAssertThrowsError(try PCA.fit(Matrix(rows: 5, cols: 3), components: 4))
        XCTAssertThrowsError(try PCA.fit(Matrix(rows: 1, cols: 3), components: 1))
    }
}
