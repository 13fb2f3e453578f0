import XCTest
@testable import LatentCore
@testable import LatentEval
@testable import LatentNeighbours

/// PCAProjection (a PCA fitted on a subsample, applied in batches) and the confident-share vote.
final class ProjectionAndShareTests: XCTestCase {
    func data(_ n: Int, _ d: Int) -> Matrix {
        var rng = Rng(seed: 12)
        let x = Matrix(rows: n, cols: d)
        for r in 0..<n {
            let a = rng.normal(), b = rng.normal()
            for j in 0..<d { x[r, j] = 3 * a * Float(j + 1) / Float(d) + b * Float(j % 2) + 0.05 * rng.normal() }
        }
        return x
    }

    func testProjectionInBatchesMatchesTheWholeTransform() throws {
        let x = data(5000, 6)           // more than one 4096-row batch, fewer than the 10000 fit rows
        let z = try PCAProjection.project(x, components: 2)
        let direct = try PCA.fit(x, components: 2).transform(x)
        XCTAssertEqual(z.rows, 5000)
        for i in 0..<z.count { XCTAssertEqual(z.base[i], direct.base[i], accuracy: 1e-3) }
    }

    func testProjectionFittedOnASubsampleFindsTheSamePlane() throws {
        let x = data(3000, 6)
        let sub = try PCAProjection.project(x, components: 1, fitRows: 500)
        let whole = try PCAProjection.project(x, components: 1)
        var dot = 0.0, a = 0.0, b = 0.0
        for r in 0..<3000 { dot += Double(sub[r, 0] * whole[r, 0]); a += Double(sub[r, 0] * sub[r, 0]); b += Double(whole[r, 0] * whole[r, 0]) }
        XCTAssertGreaterThan(abs(dot) / (a * b).squareRoot(), 0.999, "first components agree up to sign")
    }

    func testConfidentShareCountsSamplesWhoseNeighboursAgree() throws {
        // three clusters of five: labels 0, 1, and a mixed one (3 of 5 share a class)
        let real = Matrix(rows: 15, cols: 2)
        var labels: [Int32] = []
        let centres: [(Float, Float)] = [(0, 0), (10, 0), (5, 10)]
        for (c, centre) in centres.enumerated() {
            for i in 0..<5 {
                real[c * 5 + i, 0] = centre.0 + 0.1 * Float(i); real[c * 5 + i, 1] = centre.1
                labels.append(c == 2 ? (i < 3 ? 0 : 1) : Int32(c))
            }
        }
        let generated = Matrix(rows: 4, cols: 2)
        for (r, p) in [(0, 0), (10, 0), (5, 10), (5, 10)].enumerated() { generated[r, 0] = Float(p.0); generated[r, 1] = Float(p.1) }
        XCTAssertEqual(try ConfidentShare.evaluate(generated: generated, realData: real, realLabels: labels, k: 5), 0.5)
        XCTAssertEqual(try ConfidentShare.evaluate(generated: generated, realData: real, realLabels: labels, k: 5, threshold: 0.6), 1)
        XCTAssertThrowsError(try ConfidentShare.evaluate(generated: generated, realData: real, realLabels: [0], k: 5))
    }
}
