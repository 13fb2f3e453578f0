import Foundation
import XCTest
import LatentTestSupport
@testable import LatentData

/// Loads the real datasets in ../shared/data when present (skipped otherwise).
final class SharedDataTests: XCTestCase {
    func testMNISTTrainLoads() throws {
        try SlowTests.skipWhenFast()
        guard let folder = sharedDataFolder() else { throw XCTSkip("../shared/data is absent; MNIST test skipped") }
        let path = folder + "/mnist/train-images-idx3-ubyte.gz"
        let start = Date()
        let ds = try DataLoader.load(path)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(ds.count, 60000)
        XCTAssertEqual(ds.features, 784)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertEqual(ds.labels?.count, 60000)
        XCTAssertEqual(Set(ds.labels ?? []).count, 10)
        XCTAssertEqual(ds.imageShape?.height, 28)
        XCTAssertEqual(ds.storageBytes, 60000 * 784)
        let scaled = try ds.dividedBy(255)
        let batch = Array(0..<1024)
        var out = [Float](repeating: 0, count: 1024 * 784)
        let t0 = Date()
        for _ in 0..<10 {
            batch.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer { scaled.fillRows(i, into: $0.baseAddress!) } }
        }
        let perBatch = Date().timeIntervalSince(t0) / 10
        XCTAssertLessThanOrEqual(out.max() ?? 2, 1)
        print(String(format: "MNIST train: load %.3f s, %d MB as uint8, fillRows(1024) %.2f ms", seconds,
                     ds.storageBytes >> 20, perBatch * 1000))
    }

    func testDigitsIDXAndCSVAgree() throws {
        guard let folder = sharedDataFolder() else { throw XCTSkip("../shared/data is absent; digits test skipped") }
        let idx = try DataLoader.load(folder + "/sklearn-digits/digits-images-idx3-ubyte.gz")
        let csv = try DataLoader.load(folder + "/sklearn-digits/digits.csv")
        XCTAssertEqual(idx.count, 1797)
        XCTAssertEqual(idx.labels, csv.labels)
        XCTAssertEqual(idx.floatMatrix().values, csv.floatMatrix().values)
    }
}

extension SharedDataTests {
    func testCOILAndORLShapes() throws {
        guard let folder = sharedDataFolder() else { throw XCTSkip("../shared/data is absent; COIL/ORL test skipped") }
        let coil = try DataLoader.load(folder + "/coil20-32x32/coil20-images-idx3-ubyte.gz")
        XCTAssertEqual(coil.count, 1440)
        XCTAssertEqual(coil.features, 1024)
        XCTAssertEqual(Set(coil.labels ?? []).count, 20)
        let orl = try DataLoader.load(folder + "/orl-faces-32x32/orl-images-idx3-ubyte.gz")
        let orlCSV = try DataLoader.load(folder + "/orl-faces-32x32/orl.csv")
        XCTAssertEqual(orl.count, 400)
        XCTAssertEqual(Set(orl.labels ?? []).count, 40)
        XCTAssertEqual(orl.labels, orlCSV.labels)
        XCTAssertEqual(orl.floatMatrix().values, orlCSV.floatMatrix().values)
    }
}
