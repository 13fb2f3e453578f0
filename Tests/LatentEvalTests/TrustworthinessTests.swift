import XCTest
import LatentCore
@testable import LatentEval

final class TrustworthinessTests: XCTestCase {
    func normalMatrix(_ rows: Int, _ cols: Int, _ rng: inout Rng) -> Matrix {
        let m = Matrix(rows: rows, cols: cols)
        rng.fillNormal(m.base, count: m.count)
        return m
    }

    /// Trustworthiness written as scikit-learn does it: full rank tables by sorting, in Double.
    func naiveTrustworthiness(_ x: Matrix, _ y: Matrix, k: Int) -> Double {
        let n = x.rows
        func table(_ m: Matrix) -> [[Double]] {
            (0..<n).map { i in
                (0..<n).map { j in
                    var s = 0.0
                    for c in 0..<m.cols { let t = Double(m[i, c]) - Double(m[j, c]); s += t * t }
                    return s
                }
            }
        }
        let dx = table(x), dy = table(y)
        var total = 0.0
        for i in 0..<n {
            let others = (0..<n).filter { $0 != i }
            let byX = others.sorted { dx[i][$0] < dx[i][$1] }
            var rank = [Int](repeating: 0, count: n)
            for (r, j) in byX.enumerated() { rank[j] = r + 1 }
            let byY = others.sorted { dy[i][$0] < dy[i][$1] }.prefix(k)
            for j in byY { total += Double(max(0, rank[j] - k)) }
        }
        return 1 - total * 2 / (Double(n) * Double(k) * (2 * Double(n) - 3 * Double(k) - 1))
    }

    func testIdentityEmbeddingIsPerfect() throws {
        var rng = Rng(seed: 1)
        for dim in [3, 30] {
            let x = normalMatrix(150, dim, &rng)
            let s = try NeighborhoodPreservation.evaluate(data: x, embedding: x.copy(), k: 7)
            XCTAssertEqual(s.trustworthiness, 1, accuracy: 1e-12)
            XCTAssertEqual(s.continuity, 1, accuracy: 1e-12)
        }
    }

    func testRandomEmbeddingScoresLow() throws {
        var rng = Rng(seed: 2)
        let x = normalMatrix(300, 10, &rng), y = normalMatrix(300, 2, &rng)
        let s = try NeighborhoodPreservation.evaluate(data: x, embedding: y, k: 10)
        XCTAssertLessThan(s.trustworthiness, 0.7)
        XCTAssertLessThan(s.continuity, 0.7)
        XCTAssertGreaterThan(s.trustworthiness, 0.3)
    }

    func testMatchesNaiveFormulaOnBothDistancePaths() throws {
        var rng = Rng(seed: 3)
        for dim in [5, 40] {                      // direct distances and the sgemm path
            let x = normalMatrix(120, dim, &rng)
            // A partial embedding: two data coordinates plus a little noise.
            let y = Matrix(rows: 120, cols: 2)
            for i in 0..<120 { y[i, 0] = x[i, 0] + 0.3 * rng.normal(); y[i, 1] = x[i, 1] }
            let s = try NeighborhoodPreservation.evaluate(data: x, embedding: y, k: 6)
            XCTAssertEqual(s.trustworthiness, naiveTrustworthiness(x, y, k: 6), accuracy: 1e-9)
            XCTAssertEqual(s.continuity, naiveTrustworthiness(y, x, k: 6), accuracy: 1e-9)
            XCTAssertLessThan(s.trustworthiness, 0.99)
        }
    }

    func testSubsampleRanksAmongSampledPoints() throws {
        var rng = Rng(seed: 4)
        let x = normalMatrix(400, 8, &rng), y = normalMatrix(400, 2, &rng)
        for i in 0..<400 { y[i, 0] += 2 * x[i, 0] }
        var a = Rng(seed: 9), b = Rng(seed: 9)
        let s = try NeighborhoodPreservation.evaluate(data: x, embedding: y, k: 5, subsample: 100, rng: &a)
        XCTAssertEqual(s.sampleCount, 100)
        let rows = Array(b.permutation(400).prefix(100)).sorted()
        let xs = x.gatherRows(rows), ys = y.gatherRows(rows)
        XCTAssertEqual(s.trustworthiness, naiveTrustworthiness(xs, ys, k: 5), accuracy: 1e-9)
        XCTAssertEqual(s.continuity, naiveTrustworthiness(ys, xs, k: 5), accuracy: 1e-9)
        var c = Rng(seed: 0)
        let all = try NeighborhoodPreservation.evaluate(data: x, embedding: y, k: 5, subsample: nil, rng: &c)
        XCTAssertEqual(all.sampleCount, 400)
    }

    func testRejectsLargeK() {
        let x = Matrix(rows: 10, cols: 3, repeating: 1)
        XCTAssertThrowsError(try NeighborhoodPreservation.evaluate(data: x, embedding: x, k: 5)) { error in
            XCTAssertTrue(String(describing: error).contains("k must be"))
        }
        XCTAssertThrowsError(try NeighborhoodPreservation.evaluate(data: x, embedding: Matrix(rows: 9, cols: 2), k: 2))
    }
}
