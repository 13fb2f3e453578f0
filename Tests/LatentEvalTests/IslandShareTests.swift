import XCTest
@testable import LatentCore
@testable import LatentEval
@testable import LatentNeighbours

/// The island share on layouts built to have a known answer, and the components it rests on.
final class IslandShareTests: XCTestCase {
    /// `count` points on a jittered grid of spacing 0.1 starting at (x, y).
    func blob(_ count: Int, x: Float, y: Float, rng: inout Rng) -> [Float] {
        let side = Int(Double(count).squareRoot().rounded(.up))
        return (0..<count).flatMap { i -> [Float] in
            [x + 0.1 * Float(i % side) + rng.uniform(-0.01, 0.01), y + 0.1 * Float(i / side) + rng.uniform(-0.01, 0.01)]
        }
    }

    /// Two classes, each one island: 1.0.
    func testOneIslandPerClassScoresOne() throws {
        var rng = Rng(seed: 1)
        let values = blob(100, x: 0, y: 0, rng: &rng) + blob(100, x: 50, y: 0, rng: &rng)
        let r = try IslandShare.evaluate(embedding: Matrix(rows: 200, cols: 2, values: values),
                                         labels: [Int32](repeating: 0, count: 100) + [Int32](repeating: 1, count: 100))
        XCTAssertEqual(r.share, 1, accuracy: 1e-12)
        XCTAssertEqual(r.components, [1, 1])
    }

    /// Class 0 split into islands of 60 and 40 points far apart, class 1 whole: (0.6 + 1) / 2 = 0.8.
    func testSplitClassScoresItsLargestIsland() throws {
        var rng = Rng(seed: 2)
        let values = blob(60, x: 0, y: 0, rng: &rng) + blob(40, x: 100, y: 100, rng: &rng) + blob(80, x: 50, y: 0, rng: &rng)
        let labels = [Int32](repeating: 0, count: 100) + [Int32](repeating: 1, count: 80)
        let r = try IslandShare.evaluate(embedding: Matrix(rows: 180, cols: 2, values: values), labels: labels)
        XCTAssertEqual(r.classShares, [0.6, 1.0])
        XCTAssertEqual(r.share, 0.8, accuracy: 1e-12)
        XCTAssertEqual(r.components, [2, 1])
        XCTAssertEqual(r.classes, [0, 1])
    }

    /// One label per point, or a sentence.
    func testLabelCountIsChecked() {
        XCTAssertThrowsError(try IslandShare.evaluate(embedding: Matrix(rows: 3, cols: 2), labels: [0, 1])) { error in
            XCTAssertTrue("\(error)".contains("2 labels for 3 points"), "\(error)")
        }
    }

    /// Union-find labels components in order of their smallest node.
    func testConnectedComponents() {
        let (labels, count) = ConnectedComponents.labels(count: 6, edges: [(4, 5), (0, 2), (2, 3)])
        XCTAssertEqual(count, 3)
        XCTAssertEqual(labels, [0, 1, 0, 0, 2, 2])
    }
}
