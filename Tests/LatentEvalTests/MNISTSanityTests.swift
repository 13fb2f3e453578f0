import XCTest
import LatentTestSupport
import LatentCore
@testable import LatentEval
@testable import LatentNeighbours

/// kNN in pixel space on the MNIST test set, when the shared data directory is present.
final class MNISTSanityTests: XCTestCase {
    /// `../shared/data/mnist` relative to the package root.
    static var mnistDirectory: URL {
        URL(fileURLWithPath: sharedDataFolder() ?? packageRoot() + "/../shared/data").appendingPathComponent("mnist").standardized
    }

    /// The decompressed bytes of a gzip file (via the system gzip; the test target has no zlib).
    func gunzip(_ url: URL) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    func testPixelSpaceKNNOnTestImages() throws {

        try SlowTests.skipWhenFast()
        let dir = Self.mnistDirectory
        let imagesURL = dir.appendingPathComponent("t10k-images-idx3-ubyte.gz")
        let labelsURL = dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz")
        guard FileManager.default.fileExists(atPath: imagesURL.path),
              FileManager.default.fileExists(atPath: labelsURL.path) else {
            throw XCTSkip("MNIST not found at \(dir.path); run with ../shared/data beside the package.")
        }
        let imageBytes = try gunzip(imagesURL), labelBytes = try gunzip(labelsURL)
        let n = 10_000, d = 784
        XCTAssertEqual(imageBytes.count, 16 + n * d)
        XCTAssertEqual(labelBytes.count, 8 + n)
        let images = Matrix(rows: n, cols: d)
        for i in 0..<(n * d) { images.base[i] = Float(imageBytes[16 + i]) / 255 }
        let labels = (0..<n).map { Int32(labelBytes[8 + $0]) }
        let start = Date()
        let report = try KNNClassifierReport.evaluate(
            train: images.gatherRows(Array(0..<5000)), trainLabels: Array(labels[0..<5000]),
            test: images.gatherRows(Array(5000..<10_000)), testLabels: Array(labels[5000..<10_000]), k: 5)
        print(String(format: "MNIST pixel kNN (5000 vs 5000, k=5): %.3f s", Date().timeIntervalSince(start)))
        print(report)
        XCTAssertGreaterThan(report.accuracy, 0.9)
        XCTAssertEqual(report.classes, Array(0...9))
        let pcaStart = Date()
        let pca = try PCA.fit(images, components: 2)
        let ratio = pca.explainedVarianceRatio
        print(String(format: "MNIST PCA (10000 x 784, 2 components): %.3f s, variance ratios %.4f %.4f",
                     Date().timeIntervalSince(pcaStart), ratio[0], ratio[1]))
        XCTAssertGreaterThan(ratio[0], ratio[1])
        XCTAssertGreaterThan(ratio[0] + ratio[1], 0.1)          // MNIST's first two PCs hold about 17%
        XCTAssertLessThan(ratio[0] + ratio[1], 0.3)
    }
}
