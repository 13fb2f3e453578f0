import XCTest
import LatentCore
@testable import LatentEval

final class SampleQualityTests: XCTestCase {
    func testNearestRealDistanceByHand() throws {
        let train = Matrix([[0, 0], [10, 0]])
        let test = Matrix([[1, 0], [10, 2]])                       // distances 1, 2
        let generated = Matrix([[0, 0.5], [9, 0], [10, 0]])        // distances 0.5, 1, 0
        let q = try NearestRealDistance.evaluate(generated: generated, train: train, test: test)
        XCTAssertEqual(q.testMean, 1.5, accuracy: 1e-6)
        XCTAssertEqual(q.testMedian, 1.5, accuracy: 1e-6)
        XCTAssertEqual(q.generatedMean, 0.5, accuracy: 1e-6)
        XCTAssertEqual(q.generatedMedian, 0.5, accuracy: 1e-6)
        XCTAssertEqual(q.meanRatio, 1.0 / 3, accuracy: 1e-6)
        XCTAssertTrue(q.description.contains("ratio mean 0.3333"), q.description)
    }

    func testNearestRealDistanceInHighDimension() throws {
        var rng = Rng(seed: 8)
        let train = Matrix(rows: 300, cols: 50), test = Matrix(rows: 100, cols: 50)
        rng.fillNormal(train.base, count: train.count); rng.fillNormal(test.base, count: test.count)
        // "Memorised" samples: training rows plus tiny noise sit much closer than held-out data.
        let generated = train.gatherRows(Array(0..<40))
        for i in 0..<generated.count { generated.base[i] += 0.01 * rng.normal() }
        let q = try NearestRealDistance.evaluate(generated: generated, train: train, test: test)
        XCTAssertLessThan(q.meanRatio, 0.05)
        XCTAssertGreaterThan(q.testMedian, 5)
        XCTAssertThrowsError(try NearestRealDistance.evaluate(generated: Matrix(rows: 2, cols: 3), train: train, test: test))
    }

    func testClassShareWithAndWithoutIntendedClasses() throws {
        let real = Matrix([[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]])
        let labels: [Int32] = [0, 0, 0, 1, 1, 1]
        let generated = Matrix([[0.2, 0.1], [0.5, 0.5], [9, 9], [1, 1]])
        let share = try ClassShare.evaluate(generated: generated, realData: real, realLabels: labels,
                                            intended: [0, 0, 1, 1], k: 3)
        XCTAssertEqual(share.assigned, [0, 0, 1, 0])
        XCTAssertEqual(share.classes, [0, 1])
        XCTAssertEqual(share.counts, [3, 1])
        XCTAssertEqual(share.intendedShare ?? -1, 0.75, accuracy: 1e-12)
        XCTAssertEqual(share.perClassShare?[0] ?? -1, 1, accuracy: 1e-12)
        XCTAssertEqual(share.perClassShare?[1] ?? -1, 0.5, accuracy: 1e-12)
        let histogram = try ClassShare.evaluate(generated: generated, realData: real, realLabels: labels, k: 3)
        XCTAssertNil(histogram.intendedShare)
        XCTAssertEqual(histogram.counts, [3, 1])
        XCTAssertTrue(histogram.description.contains("0:3 1:1"), histogram.description)
        XCTAssertThrowsError(try ClassShare.evaluate(generated: generated, realData: real, realLabels: labels,
                                                     intended: [0], k: 3))
    }
}
