import XCTest
import LatentTestSupport
import LatentCore
@testable import LatentNeighbours

final class NNDescentTests: XCTestCase {
    /// n points on a 4-D mixture of 10 Gaussian clusters, embedded linearly in 30-D with a little noise.
    func clustered(_ n: Int, seed: UInt64) -> Matrix {
        var rng = Rng(seed: seed)
        let latent = 4, d = 30
        let centres = (0..<(10 * latent)).map { _ in rng.normal() * 4 }
        let mix = (0..<(latent * d)).map { _ in rng.normal() }
        let m = Matrix(rows: n, cols: d)
        for i in 0..<n {
            let c = rng.int(below: 10)
            let z = (0..<latent).map { centres[c * latent + $0] + rng.normal() }
            let row = m.row(i)
            for j in 0..<d {
                var s: Float = 0
                for t in 0..<latent { s += z[t] * mix[t * d + j] }
                row[j] = s + 0.05 * rng.normal()
            }
        }
        return m
    }

    func testRecallAgainstExactSearchOnClusteredSet() throws {

        try SlowTests.skipWhenFast()
        let points = clustered(5000, seed: 3)
        let exact = try KNNIndex(points: points, method: .bruteForce).selfNeighbors(k: 15)
        var trace = NNDescent.Trace()
        let approx = try NNDescent.selfNeighbors(points, k: 15, options: NNDescent.Options(), trace: &trace)
        let recall = try KNNGraph.recall(approx, of: exact)
        XCTAssertGreaterThanOrEqual(recall, 0.95, "recall@15 \(recall), changes per iteration \(trace.changes)")
        // the distances are the true distances of the listed points
        for q in stride(from: 0, to: 5000, by: 97) {
            for t in 0..<15 {
                let j = Int(approx.indices[q * 15 + t])
                let dd = squaredDistance(points.row(q), points.row(j), 30).squareRoot()
                XCTAssertEqual(approx.distances[q * 15 + t], dd, accuracy: 1e-3 * max(1, dd))
            }
        }
    }

    func testForestAloneIsWorseThanTheDescent() throws {

        try SlowTests.skipWhenFast()
        // the iterations must add something over the trees' leaves
        let points = clustered(3000, seed: 5)
        let exact = try KNNIndex(points: points, method: .bruteForce).selfNeighbors(k: 10)
        var treesOnly = NNDescent.Options(); treesOnly.iterations = 0; treesOnly.trees = 2
        var full = NNDescent.Options(); full.trees = 2
        let r0 = try KNNGraph.recall(try NNDescent.selfNeighbors(points, k: 10, options: treesOnly), of: exact)
        let r1 = try KNNGraph.recall(try NNDescent.selfNeighbors(points, k: 10, options: full), of: exact)
        XCTAssertLessThan(r0, 0.9)
        XCTAssertGreaterThan(r1, r0 + 0.05)
    }

    func testSinglePointLeafSetIsExact() throws {
        // with every point in one leaf the trees measure all pairs: the exact graph, ties broken by index
        let points = clustered(120, seed: 7)
        var options = NNDescent.Options(); options.leafSize = 200
        let approx = try NNDescent.selfNeighbors(points, k: 8, options: options)
        let exact = try KNNIndex(points: points, method: .bruteForce).selfNeighbors(k: 8)
        XCTAssertEqual(approx.indices, exact.indices)
    }

    func testAutoPicksExactOnSmallSetsAndApproxOnLargeOnes() throws {
        XCTAssertEqual(KNNGraph.resolve(.auto, count: KNNGraph.approximateAbove), .exact)
        XCTAssertEqual(KNNGraph.resolve(.auto, count: KNNGraph.approximateAbove + 1), .approx)
        XCTAssertEqual(KNNGraph.resolve(.approx, count: 10), .approx)
        let points = clustered(400, seed: 11)
        let auto = try KNNGraph.selfNeighbors(points, k: 6, method: .auto)
        let exact = try KNNIndex(points: points).selfNeighbors(k: 6)
        XCTAssertEqual(auto.indices, exact.indices)
        XCTAssertEqual(auto.distances, exact.distances)
    }

    func testSameSeedSameGraphForEveryThreadCount() throws {

        try SlowTests.skipWhenFast()
        let points = clustered(2500, seed: 13)
        var options = NNDescent.Options(); options.seed = 21
        let before = blasThreads()
        defer { setBlasThreads(before) }
        setBlasThreads(1)
        let a = try NNDescent.selfNeighbors(points, k: 12, options: options)
        setBlasThreads(2)
        let b = try NNDescent.selfNeighbors(points, k: 12, options: options)
        let c = try NNDescent.selfNeighbors(points, k: 12, options: options)
        XCTAssertEqual(a.indices, b.indices)
        XCTAssertEqual(a.distances, b.distances)
        XCTAssertEqual(b.indices, c.indices)
        options.seed = 22
        let other = try NNDescent.selfNeighbors(points, k: 12, options: options)
        XCTAssertNotEqual(other.indices, a.indices, "a different seed samples different trees and candidates")
    }

    func testNoSelfNeighboursNoDuplicatesNearestFirst() throws {
        // many exact duplicates: the hardest case for self and duplicate exclusion
        let base = clustered(300, seed: 17)
        let points = Matrix(rows: 1500, cols: 30)
        for i in 0..<1500 { points.row(i).update(from: base.row(i % 300), count: 30) }
        var options = NNDescent.Options(); options.trees = 3
        let nb = try NNDescent.selfNeighbors(points, k: 9, options: options)
        for q in 0..<1500 {
            let row = Array(nb.indices(of: q)), dist = Array(nb.distances(of: q))
            XCTAssertFalse(row.contains(Int32(q)), "row \(q) lists itself")
            XCTAssertEqual(Set(row).count, 9, "row \(q) lists a neighbour twice: \(row)")
            XCTAssertTrue(row.allSatisfy { $0 >= 0 && $0 < 1500 })
            XCTAssertEqual(dist, dist.sorted(), "row \(q) is not nearest first")
        }
    }

    func testRefusesBadSizesWithASentence() {
        let points = clustered(20, seed: 19)
        XCTAssertThrowsError(try NNDescent.selfNeighbors(points, k: 20)) { e in
            XCTAssertEqual("\(e)", "k must be between 1 and 19 for 20 points, got 20.")
        }
        XCTAssertThrowsError(try KNNGraph.selfNeighbors(points, k: 25, method: .approx)) { e in
            XCTAssertEqual("\(e)", "k must be between 1 and 19 for 20 points, got 25.")
        }
        XCTAssertThrowsError(try NNDescent.selfNeighbors(Matrix(rows: 1, cols: 3), k: 1)) { e in
            XCTAssertTrue("\(e)".contains("at least 2 points"), "\(e)")
        }
        points[3, 4] = .nan
        XCTAssertThrowsError(try NNDescent.selfNeighbors(points, k: 5)) { e in
            XCTAssertTrue("\(e)".contains("row 3 column 4"), "\(e)")
        }
    }

    func testTreeLeavesPartitionThePoints() {
        let points = clustered(1000, seed: 23)
        let tree = RandomProjectionTree(points: points, leafSize: 25, seed: 4)
        XCTAssertEqual(Set(tree.order).count, 1000)
        for leaf in 0..<tree.leafCount {
            let size = Int(tree.leafStart[leaf + 1] - tree.leafStart[leaf])
            XCTAssertTrue((1...25).contains(size), "leaf \(leaf) has \(size) points")
        }
        for i in 0..<1000 { XCTAssertTrue(tree.leafMembers(of: i).contains(Int32(i))) }
        XCTAssertGreaterThan(tree.leafCount, 1000 / 25)
    }
}
