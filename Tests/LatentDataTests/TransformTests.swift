import LatentCore
import XCTest
@testable import LatentData

final class TransformTests: XCTestCase {
    /// 40 x 3 bytes with distinct per-feature ranges, labels 0..3 (10 each).
    private func toy() throws -> Dataset {
        var rng = Rng(seed: 7)
        var bytes: [UInt8] = []
        for _ in 0..<40 {
            bytes.append(UInt8(rng.int(below: 50)))
            bytes.append(UInt8(100 + rng.int(below: 156)))
            bytes.append(UInt8(rng.int(below: 256)))
        }
        return try Dataset(name: "toy", count: 40, features: 3, storage: .uint8(bytes),
                           labels: (0..<40).map { Int32($0 % 4) })
    }

    private func columns(_ ds: Dataset) -> [[Float]] {
        let m = ds.floatMatrix()
        return (0..<m.cols).map { c in (0..<m.rows).map { m[$0, c] } }
    }

    func testMinMaxGivesUnitRangePerFeatureWithoutCopyingBytes() throws {
        let ds = try toy()
        let mm = try ds.minMaxScaled()
        XCTAssertTrue(mm.isUInt8)
        for col in columns(mm) {
            XCTAssertEqual(col.min() ?? -1, 0, accuracy: 1e-5)
            XCTAssertEqual(col.max() ?? -1, 1, accuracy: 1e-5)
        }
        XCTAssertEqual(ds.row(0), try ds.unscaled().row(0))
    }

    func testStandardizeGivesZeroMeanUnitStd() throws {
        let st = try toy().standardized()
        for col in columns(st) {
            let n = Float(col.count)
            let mean = col.reduce(0, +) / n
            let std = (col.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
            XCTAssertEqual(mean, 0, accuracy: 1e-4)
            XCTAssertEqual(std, 1, accuracy: 1e-4)
        }
    }

    func testDivideAndDivideByMaxCompose() throws {
        let ds = try toy()
        let d = try ds.dividedBy(255)
        XCTAssertEqual(d.row(3)[2], Float(ds.rawValue(3, 2)) / 255, accuracy: 1e-6)
        let m = try ds.dividedByMax()
        XCTAssertEqual(columns(m).flatMap { $0 }.max() ?? 0, 1, accuracy: 1e-6)
        // Composition: min-max after dividing is still [0, 1].
        let both = try d.minMaxScaled()
        XCTAssertEqual(columns(both)[1].max() ?? 0, 1, accuracy: 1e-5)
        XCTAssertThrowsError(try ds.dividedBy(0))
    }

    func testFillRowsMatchesRowForBytesAndFloats() throws {
        let ds = try toy().standardized()
        let idx = [5, 0, 39]
        var out = [Float](repeating: 0, count: 9)
        idx.withUnsafeBufferPointer { i in out.withUnsafeMutableBufferPointer { ds.fillRows(i, into: $0.baseAddress!) } }
        XCTAssertEqual(Array(out[0..<3]), ds.row(5))
        XCTAssertEqual(Array(out[6..<9]), ds.row(39))
        // A 20-wide byte row exercises both the SIMD and the tail loop.
        let wide = try Dataset(name: "w", count: 1, features: 20, storage: .uint8((0..<20).map(UInt8.init))).dividedBy(2)
        XCTAssertEqual(wide.row(0), (0..<20).map { Float($0) / 2 })
    }

    func testHeadSampleSizesAndDeterminism() throws {
        let ds = try toy()
        XCTAssertEqual(try ds.head(5).count, 5)
        XCTAssertEqual(try ds.head(100).count, 40)
        XCTAssertEqual(try ds.head(5).row(4), ds.row(4))
        var a = Rng(seed: 42), b = Rng(seed: 42), c = Rng(seed: 43)
        let s1 = try ds.sample(12, rng: &a), s2 = try ds.sample(12, rng: &b), s3 = try ds.sample(12, rng: &c)
        XCTAssertEqual(s1.count, 12)
        XCTAssertEqual(s1.floatMatrix().values, s2.floatMatrix().values)
        XCTAssertEqual(s1.labels, s2.labels)
        XCTAssertNotEqual(s1.floatMatrix().values, s3.floatMatrix().values)
        XCTAssertThrowsError(try ds.sample(41, rng: &a))
    }

    func testStratifiedSplit() throws {
        let ds = try toy()
        var a = Rng(seed: 1), b = Rng(seed: 1)
        let (train, test) = try ds.split(testFraction: 0.25, rng: &a)
        XCTAssertEqual(train.count, 30)
        XCTAssertEqual(test.count, 10)
        let perClass = (Int32(0)..<4).map { k in test.labels?.filter { $0 == k }.count ?? 0 }
        XCTAssertEqual(perClass.reduce(0, +), 10)
        XCTAssertTrue(perClass.allSatisfy { $0 == 2 || $0 == 3 }, "\(perClass)")
        let (train2, test2) = try ds.split(testFraction: 0.25, rng: &b)
        XCTAssertEqual(test.floatMatrix().values, test2.floatMatrix().values)
        XCTAssertEqual(train.labels, train2.labels)
        // Every row lands in exactly one part.
        let all = Set((0..<40).map { ds.row($0) })
        let parts = Set((0..<30).map { train.row($0) } + (0..<10).map { test.row($0) })
        XCTAssertEqual(all, parts)
        XCTAssertThrowsError(try ds.split(testFraction: 1.5, rng: &a))
        let (plainTrain, plainTest) = try ds.split(testFraction: 0.3, rng: &a, stratified: false)
        XCTAssertEqual(plainTrain.count, 28)
        XCTAssertEqual(plainTest.count, 12)
    }

    func testConcat() throws {
        let ds = try toy()
        let both = try Dataset.concat([try ds.head(3), ds])
        XCTAssertEqual(both.count, 43)
        XCTAssertTrue(both.isUInt8)
        XCTAssertEqual(both.row(3), ds.row(0))
        XCTAssertEqual(both.labels?.count, 43)
        let mixed = try Dataset.concat([try ds.dividedBy(2), ds])
        XCTAssertFalse(mixed.isUInt8)
        XCTAssertEqual(mixed.row(40)[1], ds.row(0)[1])
        XCTAssertEqual(mixed.row(0)[1], ds.row(0)[1] / 2, accuracy: 1e-6)
        let other = try Dataset(name: "o", count: 1, features: 2, storage: .float32([1, 2]))
        XCTAssertThrowsError(try Dataset.concat([ds, other]))
    }
}
