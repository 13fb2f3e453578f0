import XCTest
@testable import LatentCore
@testable import LatentNeighbours

/// The spectral layout (LOBPCG on the normalised graph Laplacian) on graphs whose spectrum is known.
final class SpectralLayoutTests: XCTestCase {
    /// A symmetric graph in compressed rows from undirected weighted edges.
    func graph(_ n: Int, _ edges: [(Int, Int, Float)]) throws -> FuzzyGraph {
        var rows = [[(Int32, Float)]](repeating: [], count: n)
        for (a, b, w) in edges { rows[a].append((Int32(b), w)); rows[b].append((Int32(a), w)) }
        var start = [0], targets: [Int32] = [], weights: [Float] = []
        for r in rows { for (t, w) in r.sorted(by: { $0.0 < $1.0 }) { targets.append(t); weights.append(w) }; start.append(targets.count) }
        return try FuzzyGraph(checkedStart: start, targets: targets, weights: weights)
    }

    func layout(_ g: FuzzyGraph, dims: Int) throws -> (Matrix, [Double]) {
        guard case .layout(let points, _, let values) = try SpectralLayout.compute(g, dims: dims) else {
            XCTFail("no layout"); return (Matrix(rows: 0, cols: dims), [])
        }
        return (points, values)
    }

    /// Two 8-cliques joined by one edge: the first coordinate (the Fiedler vector) has one sign on each
    /// clique, and the largest |coordinate| is 10 (UMAP's scaling).
    func testTwoCliquesSeparateOnTheFirstCoordinate() throws {
        var edges: [(Int, Int, Float)] = []
        for c in 0..<2 { for a in 0..<8 { for b in (a + 1)..<8 { edges.append((c * 8 + a, c * 8 + b, 1)) } } }
        edges.append((7, 8, 1))
        let (points, values) = try layout(graph(16, edges), dims: 2)
        let first = (0..<16).map { points[$0, 0] }
        let sign = first[0] > 0
        for i in 0..<8 { XCTAssertEqual(first[i] > 0, sign, "clique A, point \(i): \(first)") }
        for i in 8..<16 { XCTAssertEqual(first[i] > 0, !sign, "clique B, point \(i): \(first)") }
        XCTAssertEqual(Double(points.values.map(abs).max()!), 10, accuracy: 1e-4)
        // the Fiedler value of a barbell is small, the next one is not
        XCTAssertLessThan(values[0], 0.05, "\(values)")
        XCTAssertGreaterThan(values[1], 0.5, "\(values)")
    }

    /// The solver runs on the nodes in breadth-first order: that order visits every node once, level by
    /// level, and relabelling the nodes gives each node the same Fiedler coordinate (up to its sign).
    func testTheBreadthFirstOrderChangesNothingButMemoryOrder() throws {
        var edges: [(Int, Int, Float)] = []
        for a in 0..<8 { for b in (a + 1)..<8 { edges.append((a, b, 1)) } }
        for a in 8..<14 { for b in (a + 1)..<14 { edges.append((a, b, 0.5)) } }
        edges += [(7, 8, 1), (3, 12, 0.2)]
        let g = try graph(14, edges)
        let (order, components) = ConnectedComponents.breadthFirst(start: g.start, targets: g.targets)
        XCTAssertEqual(components, 1)
        XCTAssertEqual(order.sorted(), Array(0..<14))
        XCTAssertEqual(Array(order.prefix(8)), [0, 1, 2, 3, 4, 5, 6, 7], "node 0's neighbours come first")
        XCTAssertEqual(Array(order[8...9]), [12, 8], "then theirs, in the order they were reached")
        let relabel = [5, 11, 2, 13, 0, 7, 9, 1, 12, 3, 6, 10, 4, 8]                // node a becomes relabel[a]
        let moved = try graph(14, edges.map { (relabel[$0.0], relabel[$0.1], $0.2) })
        let (a, _) = try layout(g, dims: 2), (b, _) = try layout(moved, dims: 2)
        let sign: Float = a[0, 0] * b[relabel[0], 0] > 0 ? 1 : -1
        for i in 0..<14 { XCTAssertEqual(a[i, 0], sign * b[relabel[i], 0], accuracy: 1e-3, "node \(i)") }
    }

    /// A ring of 40 nodes: L's 2nd and 3rd eigenvalues are both 1 - cos(2 pi / 40) and their vectors are a
    /// cos/sin pair, so the layout puts the nodes on a circle in ring order.
    func testRingGivesACircle() throws {
        let n = 40
        let (points, values) = try layout(graph(n, (0..<n).map { ($0, ($0 + 1) % n, 1) }), dims: 2)
        let expected = 1 - cos(2 * Double.pi / Double(n))
        XCTAssertEqual(values[0], expected, accuracy: 1e-6)
        XCTAssertEqual(values[1], expected, accuracy: 1e-6)
        let radius = (0..<n).map { (points[$0, 0] * points[$0, 0] + points[$0, 1] * points[$0, 1]).squareRoot() }
        let mean = radius.reduce(0, +) / Float(n)
        for r in radius { XCTAssertEqual(r, mean, accuracy: 0.01 * mean) }
        // consecutive nodes are 2 pi / n apart in angle, all turning the same way
        let angle = (0..<n).map { atan2(Double(points[$0, 1]), Double(points[$0, 0])) }
        var turns: [Double] = []
        for i in 0..<n {
            var d = angle[(i + 1) % n] - angle[i]
            if d > .pi { d -= 2 * .pi }; if d < -.pi { d += 2 * .pi }
            turns.append(d)
        }
        let step = 2 * Double.pi / Double(n)
        XCTAssertTrue(turns.allSatisfy { abs(abs($0) - step) < 1e-3 } && Set(turns.map { $0 > 0 }).count == 1, "\(turns)")
    }

    /// A graph in two pieces has no spectral layout: the outcome says how many components there are.
    func testDisconnectedGraphIsReported() throws {
        let g = try graph(10, [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (5, 6, 1), (6, 7, 1), (7, 8, 1), (8, 9, 1)])
        guard case .disconnected(let components) = try SpectralLayout.compute(g, dims: 2) else {
            return XCTFail("expected the disconnected outcome")
        }
        XCTAssertEqual(components, 2)
    }

    /// Too few iterations to converge on a large ring: the outcome says so (the caller falls back to PCA).
    func testNonConvergenceIsReported() throws {
        let n = 400
        let g = try graph(n, (0..<n).map { ($0, ($0 + 1) % n, 1) })
        guard case .notConverged(let iterations, let residual) = try SpectralLayout.compute(
            g, dims: 2, maxIterations: 3) else {
            return XCTFail("expected the non-converged outcome")
        }
        XCTAssertEqual(iterations, 3)
        XCTAssertGreaterThan(residual, SpectralLayout.tolerance)
    }

    /// Bad input is refused with a sentence.
    func testBadGraphIsRefused() {
        XCTAssertThrowsError(try FuzzyGraph(checkedStart: [0, 1, 2, 2], targets: [1, 7], weights: [1, 1]))
        XCTAssertThrowsError(try FuzzyGraph(checkedStart: [0, 1, 2], targets: [1], weights: [1]))
        XCTAssertThrowsError(try SpectralLayout.compute(FuzzyGraph(checkedStart: [0, 1], targets: [0], weights: [1]), dims: 2))
    }
}
