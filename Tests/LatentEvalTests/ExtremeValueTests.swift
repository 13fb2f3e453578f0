import LatentFiles
import XCTest
import LatentCore
@testable import LatentEval
@testable import LatentNeighbours

/// Coordinates whose squared distances overflow float32 are refused with a sentence by every kNN search
/// and its consumers (never a trap on an empty -1 slot, never an endless NN-descent start); coordinates
/// up to the data limit (1e15) are searched exactly; and every long loop stops when Ctrl-C is raised.
final class ExtremeValueTests: XCTestCase {
    /// n points in d columns on a seeded grid-like spread (distinct distances), times `scale`.
    func points(_ n: Int, _ d: Int, scale: Float = 1) -> Matrix {
        var rng = Rng(seed: 5)
        return Matrix(rows: n, cols: d, values: (0..<(n * d)).map { _ in rng.normal() * scale })
    }

    func assertRefused(_ what: String, _ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), what, file: file, line: line) { error in
            XCTAssertTrue(error is NeighbourError, "\(what): \(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains("1e+20 at row 3, column 2"), "\(what): \(error)", file: file, line: line)
        }
    }

    func testSearchesRefuseCoordinatesWhoseDistancesOverflow() {
        for d in [2, 8] {    // the k-d tree and the brute-force search
            let m = points(40, d)
            m[2, 1] = 1e20
            assertRefused("self kNN, \(d) columns") { try KNNIndex(points: m).selfNeighbors(k: 5) }
            assertRefused("kNN queries, \(d) columns") { try KNNIndex(points: self.points(40, d)).query(m, k: 5) }
            assertRefused("NN-descent, \(d) columns") { try NNDescent.selfNeighbors(m, k: 5) }
            assertRefused("trustworthiness, \(d) columns") { try NeighborhoodPreservation.evaluate(data: m, embedding: self.points(40, 2), k: 5) }
        }
        let map = points(40, 2)
        map[2, 1] = 1e20
        assertRefused("island share") { try IslandShare.evaluate(embedding: map, labels: [Int32](repeating: 0, count: 40), k: 3) }
        let withNaN = points(40, 8)
        withNaN[5, 0] = .nan
        XCTAssertThrowsError(try KNNIndex(points: withNaN).selfNeighbors(k: 3)) { XCTAssertTrue("\($0)".contains("nan at row 6, column 1"), "\($0)") }
    }

    func testCoordinatesUpToTheDataLimitAreSearchedExactly() throws {
        // neighbours do not change when every coordinate is multiplied by a power of two
        for d in [2, 8] {
            let small = points(60, d), large = points(60, d, scale: 0x1p49)    // about 1e15
            let a = try KNNIndex(points: small).selfNeighbors(k: 7), b = try KNNIndex(points: large).selfNeighbors(k: 7)
            XCTAssertEqual(a.indices, b.indices, "\(d) columns")
            XCTAssertFalse(b.indices.contains(-1))
            let c = try NNDescent.selfNeighbors(large, k: 7)
            XCTAssertFalse(c.indices.contains(-1))
            XCTAssertTrue(c.distances.allSatisfy(\.isFinite))
        }
    }

    /// A source that is always raised (Ctrl-C pressed before the step starts).
    final class Raised: InterruptSource {
        var isSet: Bool { true }
    }

    func testLongStepsStopWhenInterrupted() {
        let m = points(800, 8), map = points(800, 2)
        func assertStops(_ what: String, _ body: () throws -> Any) {
            XCTAssertThrowsError(try Interruption.polling(Raised()) { try body() }, what) {
                XCTAssertTrue($0 is Interrupted, "\(what): \($0)")
            }
        }
        assertStops("brute-force kNN") { try KNNIndex(points: m).selfNeighbors(k: 5) }
        assertStops("k-d tree kNN") { try KNNIndex(points: map).selfNeighbors(k: 5) }
        assertStops("NN-descent") { try NNDescent.selfNeighbors(m, k: 5) }
        assertStops("trustworthiness") { try NeighborhoodPreservation.evaluate(data: m, embedding: map, k: 5) }
        assertStops("PCA") { try PCA.fit(m, components: 2) }
        // a cycle of 100 nodes, both directions stored
        let start = Array(stride(from: 0, through: 200, by: 2))
        var targets: [Int32] = []
        for i in 0..<100 { targets += [Int32((i + 99) % 100), Int32((i + 1) % 100)] }
        assertStops("spectral layout") {
            try SpectralLayout.compute(FuzzyGraph(start: start, targets: targets, weights: [Float](repeating: 1, count: 200)), dims: 2)
        }
        // without a raised source the same step runs to the end
        XCTAssertNoThrow(try KNNIndex(points: m).selfNeighbors(k: 5))
    }
}
