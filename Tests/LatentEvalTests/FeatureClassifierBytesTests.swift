import XCTest
import LatentCore
@testable import LatentEval

/// The cached form of the Fréchet score's classifier: read back it computes the same features, and any
/// damaged, truncated or foreign bytes are refused with a sentence instead of being used.
final class FeatureClassifierBytesTests: XCTestCase {
    private func trained() throws -> (FeatureClassifier, Matrix) {
        var rng = Rng(seed: 3)
        let x = Matrix(rows: 90, cols: 12)
        rng.fillUniform(x.base, count: x.count, -1, 1)
        let labels = (0..<90).map { Int32([2, 5, 9][$0 % 3]) }
        return (try FeatureClassifier.train(data: x, labels: labels, hidden: [16, 8], epochs: 2, batch: 32), x)
    }

    func testRoundTripGivesTheSameFeatures() throws {
        let (net, x) = try trained()
        let back = try FeatureClassifier(bytes: net.bytes(), source: "c.classifier")
        XCTAssertEqual(back.classes, [2, 5, 9])
        XCTAssertEqual(back.featureSize, 8)
        XCTAssertEqual(back.features(x).values, net.features(x).values)
        XCTAssertEqual(back.bytes(), net.bytes())
    }

    func testDamagedBytesAreRefused() throws {
        let (net, _) = try trained()
        let good = net.bytes()
        func refused(_ bytes: [UInt8], _ why: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try FeatureClassifier(bytes: bytes, source: "c.classifier"), file: file, line: line) { e in
                let text = "\(e)"
                XCTAssertTrue(text.hasPrefix("c.classifier is not a usable feature classifier: "), text, file: file, line: line)
                XCTAssertTrue(text.contains(why), text, file: file, line: line)
            }
        }
        for i in [0, 30, good.count / 2, good.count - 9, good.count - 1] {
            var b = good; b[i] ^= 0x01
            refused(b, i == 0 ? "header" : "checksum")
        }
        refused(Array(good.prefix(good.count - 40)), "checksum")
        refused(Array(good.prefix(10)), "header")
        refused([], "header")
        // a well-formed file (valid checksum) whose declared sizes do not match the values it holds
        var header = Array(good.prefix(FeatureClassifier.magic.count))
        for v: UInt32 in [12, 1, 16, 2, 0, 1] { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
        header += [UInt8](repeating: 0, count: 12)
        let sum = FeatureClassifier.checksum(header[...])
        withUnsafeBytes(of: sum.littleEndian) { header.append(contentsOf: $0) }
        refused(header, "values")
    }
}

/// Class means in a latent space and the distances of points to them (repeated inference, seeds/002).
final class ClassCentresTests: XCTestCase {
    func testCentresAndDistances() throws {
        let points = Matrix([[0, 0], [2, 0], [10, 0], [10, 2]])
        let c = try ClassCentres(points: points, labels: [1, 1, 4, 4])
        XCTAssertEqual(c.classes, [1, 4])
        XCTAssertEqual(c.centres, [1, 0, 10, 1])
        // each point is 1 from its own centre
        let d = try c.distances(points, labels: [1, 1, 4, 4])
        XCTAssertEqual(d.own, (1 + 1 + 1 + 1) / 4, accuracy: 1e-12)
        let others = [(100.0 + 1).squareRoot(), (64.0 + 1).squareRoot(), (81.0 + 0).squareRoot(), (81.0 + 4).squareRoot()]
        XCTAssertEqual(d.ratio, others.map { 1 / $0 }.reduce(0, +) / 4, accuracy: 1e-12)
        XCTAssertEqual(d.nearest, 1, accuracy: 1e-12, "every point is nearest its own centre")
        let swapped = try c.distances(points, labels: [4, 4, 1, 1])
        XCTAssertEqual(swapped.nearest, 1, accuracy: 1e-12, "the nearest centre whatever the label")
        XCTAssertEqual(swapped.own, others.reduce(0, +) / 4, accuracy: 1e-12)
        let at = try c.distances(Matrix([[1, 0], [10, 1]]), labels: [1, 4])
        XCTAssertEqual(at.own, 0, accuracy: 1e-12)
        XCTAssertThrowsError(try c.distances(points, labels: [1, 1, 4, 7])) { XCTAssertTrue("\($0)".contains("class 7")) }
        XCTAssertThrowsError(try c.distances(Matrix([[1, 2, 3]]), labels: [1]))
        XCTAssertThrowsError(try ClassCentres(points: points, labels: [1, 1, 1, 1]))
    }
}
