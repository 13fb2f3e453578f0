import XCTest
import LatentCore
@testable import LatentEval

/// The Fréchet score's feature network: it learns a separable labelled set, and in its feature space real
/// held-out data scores near the floor while corrupted samples score far above it.
final class FeatureClassifierTests: XCTestCase {
    /// Three classes of 16-D points around distinct centres (spread 0.5), `n` per class.
    private func blobs(_ n: Int, _ rng: inout Rng) -> (Matrix, [Int32]) {
        let x = Matrix(rows: 3 * n, cols: 16)
        var labels: [Int32] = []
        for r in 0..<(3 * n) {
            let c = r % 3
            labels.append(Int32(c))
            for j in 0..<16 { x[r, j] = 0.5 * rng.normal() + (j % 3 == c ? 1.5 : 0) }
        }
        return (x, labels)
    }

    func testLearnsBlobsAndRanksSamples() throws {
        var rng = Rng(seed: 5)
        let (train, trainLabels) = blobs(300, &rng), (test, testLabels) = blobs(200, &rng)
        let net = try FeatureClassifier.train(data: train, labels: trainLabels, hidden: [32, 8], epochs: 30,
                                              batch: 64, learningRate: 3e-3, seed: 2)
        XCTAssertEqual(net.classes, [0, 1, 2])
        XCTAssertEqual(net.featureSize, 8)
        XCTAssertGreaterThan(net.accuracy(test, labels: testLabels), 0.9)
        // generated = one class only (mode collapse), and = the test set with heavy noise
        let collapsed = test.gatherRows(Array(Swift.stride(from: 0, to: test.rows, by: 3)))
        let noisy = test.copy()
        for i in 0..<noisy.count { noisy.base[i] += 1.5 * rng.normal() }
        let real = try FrechetScore.evaluate(generated: test, test: test, train: train, classifier: net)
        let collapse = try FrechetScore.evaluate(generated: collapsed, test: test, train: train, classifier: net)
        let blurred = try FrechetScore.evaluate(generated: noisy, test: test, train: train, classifier: net)
        // seed 5 gives: held-out real 0.019, collapsed 77.9, noisy 7.3 (bounds below leave wide margins)
        XCTAssertLessThan(real.baseline, 0.2, real.description)
        XCTAssertLessThan(abs(real.generated - real.baseline), 1e-9)
        XCTAssertGreaterThan(collapse.generated, 5 * collapse.baseline + 0.1, collapse.description)
        XCTAssertGreaterThan(blurred.generated, 5 * blurred.baseline + 0.1, blurred.description)
        XCTAssertTrue(real.description.hasPrefix("Fréchet "), real.description)
        XCTAssertThrowsError(try FeatureClassifier.train(data: train, labels: [0, 1], hidden: [4]))
    }
}
