import XCTest
import LatentCore
@testable import LatentEval

final class KNNClassifierReportTests: XCTestCase {
    func testMetricsByHand() throws {
        // Confusion (rows true 0,1,2; columns predicted): [[1,1,0],[0,2,0],[2,0,0]].
        let report = try KNNClassifierReport(truth: [0, 0, 1, 1, 2, 2], predicted: [0, 1, 1, 1, 0, 0])
        XCTAssertEqual(report.classes, [0, 1, 2])
        XCTAssertEqual(report.confusion, [[1, 1, 0], [0, 2, 0], [2, 0, 0]])
        XCTAssertEqual(report.accuracy, 0.5, accuracy: 1e-12)
        XCTAssertEqual(report.precision[0], 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(report.precision[1], 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(report.precision[2], 0, accuracy: 1e-12)     // never predicted
        XCTAssertEqual(report.macroPrecision, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(report.macroRecall, 0.5, accuracy: 1e-12)
        XCTAssertEqual(report.f1[0], 0.4, accuracy: 1e-12)
        XCTAssertEqual(report.f1[1], 0.8, accuracy: 1e-12)
        XCTAssertEqual(report.macroF1, 0.4, accuracy: 1e-12)
    }

    func testPredictedClassAbsentFromTruthCountsInMacroAverage() throws {
        let report = try KNNClassifierReport(truth: [1, 1], predicted: [1, 7])
        XCTAssertEqual(report.classes, [1, 7])
        XCTAssertEqual(report.confusion, [[1, 1], [0, 0]])
        XCTAssertEqual(report.macroRecall, 0.25, accuracy: 1e-12)    // (1/2 + 0) / 2
        XCTAssertEqual(report.macroPrecision, 0.5, accuracy: 1e-12)  // (1 + 0) / 2
    }

    /// 20,000 distinct labels (float labels read as classes) build no 20,000 x 20,000
    /// matrix (3.2 GB); the scores are still exact, the description summarises, and a warning is given.
    func testManyClassesAreSummarisedNotExpanded() throws {
        let n = 20_000
        let truth = (0..<Int32(n)).map { $0 }
        let predicted = truth.map { $0 % 2 == 0 ? $0 : 0 }
        let report = try KNNClassifierReport(truth: truth, predicted: predicted)
        XCTAssertEqual(report.classes.count, n)
        XCTAssertTrue(report.confusion.isEmpty)
        XCTAssertEqual(report.accuracy, 0.5, accuracy: 1e-12)
        XCTAssertEqual(report.recall[1], 0)
        XCTAssertEqual(report.precision[0], 1.0 / Double(n / 2 + 1), accuracy: 1e-12)
        XCTAssertTrue(report.description.contains("confusion matrix not shown: 20000 classes, more than 200"), report.description)
        XCTAssertEqual(report.classCountWarning,
                       "20000 distinct labels in 20000 samples: the labels look continuous or like ids, so per-class scores mean little")
        let few = try KNNClassifierReport(truth: [0, 0, 1, 1, 2, 2], predicted: [0, 1, 1, 1, 0, 0])
        XCTAssertNil(few.classCountWarning)
    }

    func testMajorityVoteAndNearestTieBreak() throws {
        let train = Matrix([[0], [1], [2], [10], [11], [12]])
        let labels: [Int32] = [0, 0, 1, 1, 1, 2]
        let queries = Matrix([[0.4], [11.2], [1.6]])
        let three = try KNNClassifier(train: train, labels: labels, k: 3)
        XCTAssertEqual(try three.predict(queries), [0, 1, 0])
        // k = 2: both queries see a 1-1 tie; the nearest neighbour's label wins.
        let two = try KNNClassifier(train: train, labels: labels, k: 2)
        XCTAssertEqual(try two.predict(Matrix([[1.6], [11.7]])), [1, 2])
        // Leave-one-out with k = 2: point 2 (label 1) sees points 1 and 0 (both label 0); point 1 sees
        // points 0 and 2 at equal distance (index 0 first, so label 0 wins the 1-1 tie).
        XCTAssertEqual(try two.predictLeaveOneOut(), [0, 0, 0, 1, 1, 1])
    }

    func testEvaluateOnClusters() throws {
        var rng = Rng(seed: 5)
        let (data, labels) = clusters(perClass: 30, rng: &rng)
        let train = data.gatherRows(Array(stride(from: 0, to: 90, by: 2)))
        let test = data.gatherRows(Array(stride(from: 1, to: 90, by: 2)))
        let report = try KNNClassifierReport.evaluate(
            train: train, trainLabels: stride(from: 0, to: 90, by: 2).map { labels[$0] },
            test: test, testLabels: stride(from: 1, to: 90, by: 2).map { labels[$0] }, k: 5)
        XCTAssertEqual(report.accuracy, 1, accuracy: 1e-12)
        XCTAssertEqual(report.confusion.map { $0.reduce(0, +) }.reduce(0, +), 45)
        let text = report.description
        XCTAssertTrue(text.contains("accuracy 1.0000"), text)
        XCTAssertTrue(text.contains("true\\pred"), text)
    }

    func testCrossValidationIsSeededAndPoolsEverySample() throws {
        var rng = Rng(seed: 11)
        let (data, clean) = clusters(perClass: 20, rng: &rng)
        var labels = clean
        for i in stride(from: 0, to: 60, by: 7) { labels[i] = (labels[i] + 1) % 3 }   // some label noise
        var a = Rng(seed: 3), b = Rng(seed: 3)
        let r1 = try KNNClassifierReport.crossValidate(data: data, labels: labels, k: 3, folds: 4, rng: &a)
        let r2 = try KNNClassifierReport.crossValidate(data: data, labels: labels, k: 3, folds: 4, rng: &b)
        XCTAssertEqual(r1.sampleCount, 60)
        XCTAssertEqual(r1.foldAccuracies.count, 4)
        XCTAssertEqual(r1.confusion, r2.confusion)
        XCTAssertEqual(r1.foldAccuracies, r2.foldAccuracies)
        // The 9 noisy labels cannot be predicted (their clusters vote for the clean label); a clean one
        // fails only when two noisy neighbours outvote it.
        XCTAssertLessThanOrEqual(r1.accuracy, 51.0 / 60 + 1e-12)
        XCTAssertGreaterThan(r1.accuracy, 0.75)
        XCTAssertEqual(r1.foldAccuracies.reduce(0, +) / 4, r1.accuracy, accuracy: 0.02)
        XCTAssertThrowsError(try KNNClassifierReport.crossValidate(data: data, labels: labels, k: 3, folds: 1, rng: &a))
    }

    func testRejectsMismatchedLabels() {
        XCTAssertThrowsError(try KNNClassifier(train: Matrix([[0], [1]]), labels: [0], k: 1)) { error in
            XCTAssertTrue(String(describing: error).contains("labels"))
        }
        XCTAssertThrowsError(try KNNClassifierReport(truth: [0, 1], predicted: [0]))
    }
}

/// Three well-separated Gaussian blobs in 4-D, `perClass` rows each, labels 0, 1, 2 interleaved.
func clusters(perClass: Int, rng: inout Rng) -> (Matrix, [Int32]) {
    let n = 3 * perClass
    let m = Matrix(rows: n, cols: 4)
    var labels = [Int32](repeating: 0, count: n)
    for i in 0..<n {
        let c = i % 3
        labels[i] = Int32(c)
        for j in 0..<4 { m[i, j] = (j == c ? 20 : 0) + 0.5 * rng.normal() }
    }
    return (m, labels)
}
