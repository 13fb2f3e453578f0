import XCTest
import LatentTestSupport
import LatentCore
@testable import LatentNeighbours

final class KNNIndexTests: XCTestCase {
    /// Reference kNN by direct distances and a full sort (ties by index).
    func naive(_ points: Matrix, _ queries: Matrix, k: Int, excludeSelf: Bool) -> [[Int32]] {
        (0..<queries.rows).map { q in
            var cands: [(Float, Int32)] = []
            for p in 0..<points.rows where !(excludeSelf && p == q) {
                var s: Float = 0
                for c in 0..<points.cols { let t = queries[q, c] - points[p, c]; s += t * t }
                cands.append((s, Int32(p)))
            }
            cands.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            return cands.prefix(k).map { $0.1 }
        }
    }

    func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
        var rng = Rng(seed: seed)
        let m = Matrix(rows: rows, cols: cols)
        rng.fillNormal(m.base, count: m.count)
        return m
    }

    func testKDTreeAndBruteForceMatchNaiveSearch() throws {
        for dim in [1, 2, 3, 5] {
            let points = randomMatrix(700, dim, seed: UInt64(dim))
            let queries = randomMatrix(90, dim, seed: UInt64(100 + dim))
            let tree = KNNIndex(points: points, method: .kdTree)
            let brute = KNNIndex(points: points, method: .bruteForce)
            XCTAssertEqual(tree.method, .kdTree)
            XCTAssertEqual(brute.method, .bruteForce)
            let expected = naive(points, queries, k: 7, excludeSelf: false)
            let a = try tree.query(queries, k: 7), b = try brute.query(queries, k: 7)
            for q in 0..<queries.rows {
                XCTAssertEqual(Array(a.indices(of: q)), expected[q], "kd-tree dim \(dim) query \(q)")
                XCTAssertEqual(Array(b.indices(of: q)), expected[q], "brute force dim \(dim) query \(q)")
                for j in 0..<7 {
                    XCTAssertEqual(a.distances[q * 7 + j], b.distances[q * 7 + j], accuracy: 1e-4)
                }
            }
        }
    }

    func testSelfExclusionMatchesNaive() throws {
        let points = randomMatrix(500, 2, seed: 9)
        let expected = naive(points, points, k: 4, excludeSelf: true)
        for method in [KNNIndex.Method.kdTree, .bruteForce] {
            let nb = try KNNIndex(points: points, method: method).selfNeighbors(k: 4)
            for q in 0..<points.rows { XCTAssertEqual(Array(nb.indices(of: q)), expected[q]) }
        }
    }

    func testHighDimensionBruteForceAcrossBlocks() throws {
        // More points than one point block and more queries than one query block.
        let points = randomMatrix(4200, 20, seed: 3)
        let queries = points.gatherRows(Array(0..<600))
        let nb = try KNNIndex(points: points).query(queries, k: 3, excludeSelf: false)
        XCTAssertEqual(nb.queryCount, 600)
        let checked = Array(stride(from: 0, to: 600, by: 37))
        let expected = naive(points, queries.gatherRows(checked), k: 3, excludeSelf: false)
        for (e, q) in checked.enumerated() {
            XCTAssertEqual(Array(nb.indices(of: q)), expected[e])
            XCTAssertEqual(nb.indices[q * 3], Int32(q))
            XCTAssertEqual(nb.distances[q * 3], 0, accuracy: 1e-5)
        }
    }

    func testDuplicatePointsAndTiesBreakByIndex() throws {
        let points = Matrix([[0, 0], [1, 0], [0, 1], [1, 0], [0, 0], [5, 5]])
        let queries = Matrix([[0, 0], [1, 0]])
        for method in [KNNIndex.Method.kdTree, .bruteForce] {
            let nb = try KNNIndex(points: points, method: method).query(queries, k: 4)
            XCTAssertEqual(Array(nb.indices(of: 0)), [0, 4, 1, 2])
            XCTAssertEqual(Array(nb.indices(of: 1)), [1, 3, 0, 4])
        }
    }

    func testHeavyTiesOnAGridMatchNaiveOrder() throws {

        try SlowTests.skipWhenFast()
        // Integer grid with every point twice: many exact distance ties, broken by the smaller index.
        let points = Matrix(rows: 800, cols: 2)
        for i in 0..<800 { points[i, 0] = Float(i % 20); points[i, 1] = Float((i / 20) % 20) }
        let checked = Array(stride(from: 0, to: 800, by: 13))
        let expected = naive(points, points, k: 9, excludeSelf: true)
        for method in [KNNIndex.Method.kdTree, .bruteForce] {
            let nb = try KNNIndex(points: points, method: method).selfNeighbors(k: 9)
            for q in checked { XCTAssertEqual(Array(nb.indices(of: q)), expected[q], "\(method) query \(q)") }
        }
    }

    func testIdenticalPointsReturnSmallestIndices() throws {
        let points = Matrix(rows: 20_000, cols: 2, repeating: 0.25)
        let nb = try KNNIndex(points: points).selfNeighbors(k: 5)
        XCTAssertEqual(Array(nb.indices(of: 0)), [1, 2, 3, 4, 5])
        XCTAssertEqual(Array(nb.indices(of: 3)), [0, 1, 2, 4, 5])
        XCTAssertEqual(Array(nb.indices(of: 19_999)), [0, 1, 2, 3, 4])
    }

    func testRejectsBadArguments() {
        let points = randomMatrix(5, 2, seed: 1)
        let index = KNNIndex(points: points)
        XCTAssertThrowsError(try index.query(randomMatrix(2, 3, seed: 2), k: 1))
        XCTAssertThrowsError(try index.selfNeighbors(k: 5))
        XCTAssertThrowsError(try index.query(points, k: 0))
    }
}
