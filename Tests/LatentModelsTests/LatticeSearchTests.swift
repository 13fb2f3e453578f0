import XCTest
@testable import LatentCore
@testable import LatentModels

/// Lattice.nearest, now LatentEval's exact search, against a naive scan.
final class LatticeSearchTests: XCTestCase {
    func testNearestDecodedRowMatchesANaiveScan() throws {
        let data = ToyData(n: 1100, d: 16)              // more than one block of 1024 rows
        var rng = Rng(seed: 12)
        let nodes = Matrix(rows: 37, cols: 16)
        rng.fillUniform(nodes.base, count: nodes.count, 0, 1)
        let rows = Array(stride(from: 0, to: 1100, by: 3))
        let (index, distance) = try Lattice.nearest(data, rows: rows, decoded: nodes)
        XCTAssertEqual(index.count, rows.count)
        for (i, r) in rows.enumerated() {
            var best = 0, bestD = Float.infinity
            for c in 0..<nodes.rows {
                var s: Float = 0
                for j in 0..<16 { let t = data.x[r, j] - nodes[c, j]; s += t * t }
                if s < bestD { bestD = s; best = c }
            }
            XCTAssertEqual(index[i], best, "row \(r)")
            XCTAssertEqual(distance[i], bestD, accuracy: 1e-4 * max(1, bestD), "row \(r)")
        }
    }
}
