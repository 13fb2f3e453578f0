import LatentCore
import XCTest
@testable import LatentEval

/// The neighbourhood score is 1 where the map keeps a point's data neighbours and large for a point the
/// map puts among strangers.
final class NeighbourhoodScoreTests: XCTestCase {
    func testAMisplacedPointScoresHighAndTheOthersNearOne() throws {
        // two clusters of 20 points in 5-D, far apart; the map copies the first two coordinates,
        // except point 3 of cluster A, which it puts in the middle of cluster B
        var rng = Rng(seed: 4)
        let n = 40, d = 5
        let x = Matrix(rows: n, cols: d), z = Matrix(rows: n, cols: 2)
        for i in 0..<n {
            let centre: Float = i < 20 ? 0 : 10
            for j in 0..<d { x[i, j] = centre + rng.normal() * 0.3 }
            z[i, 0] = x[i, 0]; z[i, 1] = x[i, 1]
        }
        z[3, 0] = 10; z[3, 1] = 10
        let scores = try XCTUnwrap(try NeighbourhoodScore.scores(data: x, embedding: z, k: 5, method: .exact))
        XCTAssertEqual(scores.count, n)
        XCTAssertGreaterThan(scores[3], 5, "the misplaced point's map neighbours are the other cluster")
        XCTAssertEqual(scores.indices.max { scores[$0] < scores[$1] }, 3, "the misplaced point scores highest")
        for (i, s) in scores.enumerated() where i != 3 {
            XCTAssertGreaterThanOrEqual(s, 1 - 1e-6, "exact data neighbours are the nearest: the ratio is at least 1 (row \(i))")
            // cluster A kept its neighbourhoods; cluster B's rows got a stranger among their map neighbours
            if i < 20 { XCTAssertLessThan(s, 3, "row \(i) sits in its own cluster on the map") }
        }
        XCTAssertNil(try NeighbourhoodScore.scores(data: x, embedding: z, k: 5, method: .exact, shouldStop: { true }))
        XCTAssertThrowsError(try NeighbourhoodScore.scores(data: x, embedding: Matrix(rows: 3, cols: 2), k: 2))
    }
}
