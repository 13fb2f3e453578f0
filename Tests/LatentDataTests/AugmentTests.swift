import LatentCore
import XCTest
@testable import LatentData

final class AugmentTests: XCTestCase {
    /// `n` 12 x 10 byte images, each a bright 2 x 3 block at a row-dependent place on a dim ramp, labelled r % 3.
    private func images(_ n: Int = 30) throws -> Dataset {
        let h = 12, w = 10
        var bytes = [UInt8](repeating: 0, count: n * h * w)
        for r in 0..<n {
            let top = 3 + r % 5, left = 3 + r % 4
            for y in 0..<h { for x in 0..<w where y >= 2 && y < h - 2 && x >= 2 && x < w - 2 { bytes[r * h * w + y * w + x] = UInt8(x + y) } }
            for y in top..<(top + 2) { for x in left..<(left + 3) { bytes[r * h * w + y * w + x] = 200 + UInt8(r) } }
        }
        return try Dataset(name: "blocks", count: n, features: h * w, storage: .uint8(bytes), scale: [Float](repeating: 1 / 255, count: h * w),
                           labels: (0..<n).map { Int32($0 % 3) }, imageShape: (h, w))
    }

    private func bytes(_ d: Dataset) -> [UInt8] {
        guard case .uint8(let b) = d.storage else { XCTFail("expected byte storage"); return [] }
        return b
    }

    func testSameSeedSameImagesForAnyThreadCountAndOtherSeedsDiffer() throws {
        let d = try images()
        let options = AugmentOptions(copies: 4, shift: 2, rotate: 10)
        let saved = blasThreads()
        defer { setBlasThreads(saved) }
        setBlasThreads(1)
        let one = try d.augmented(options, seed: 11)
        setBlasThreads(2)
        let two = try d.augmented(options, seed: 11)
        XCTAssertEqual(bytes(one), bytes(two))
        XCTAssertNotEqual(bytes(one), bytes(try d.augmented(options, seed: 12)))
        XCTAssertEqual(one.count, 4 * d.count)
        XCTAssertTrue(one.isUInt8)
        XCTAssertEqual(one.scale, d.scale)
    }

    func testShiftWithoutRotationMovesThePatternExactly() throws {
        let d = try images(), h = 12, w = 10
        let options = AugmentOptions(copies: 3, shift: 1, rotate: 0)
        let a = try d.augmented(options, seed: 5)
        let src = bytes(d), out = bytes(a)
        var shifts = Set<[Int]>()
        for copy in 0..<3 {
            for r in 0..<d.count {
                let t = ImageTransform.draw(seed: 5, copy: copy, image: r, options: options)
                XCTAssertEqual(t.degrees, 0)
                XCTAssertTrue((-1...1).contains(t.dx) && (-1...1).contains(t.dy))
                shifts.insert([t.dx, t.dy])
                for y in 0..<h {
                    for x in 0..<w {
                        let sy = y - t.dy, sx = x - t.dx
                        let expected: UInt8 = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[r * h * w + sy * w + sx] : 0
                        XCTAssertEqual(out[(copy * d.count + r) * h * w + y * w + x], expected, "copy \(copy) row \(r) at (\(y), \(x))")
                    }
                }
            }
        }
        XCTAssertGreaterThan(shifts.count, 4, "the shifts should vary over 90 copies")
    }

    func testRotationKeepsMassAndLabelsAndOriginalsComeFirst() throws {
        let d = try images()
        let a = try d.augmented(AugmentOptions(copies: 2, shift: 0, rotate: 10, originals: true), seed: 9)
        XCTAssertEqual(a.count, 3 * d.count)
        XCTAssertEqual(a.labels, d.labels! + d.labels! + d.labels!)
        XCTAssertEqual(a.imageShape?.height, 12)
        XCTAssertEqual(a.imageShape?.width, 10)
        let src = bytes(d), out = bytes(a), f = d.features
        XCTAssertEqual(Array(out[0..<(d.count * f)]), src)
        var changed = 0
        for block in 1...2 {
            for r in 0..<d.count {
                let before = src[(r * f)..<((r + 1) * f)].reduce(0) { $0 + Int($1) }
                let rotated = out[((block * d.count + r) * f)..<((block * d.count + r + 1) * f)]
                let after = rotated.reduce(0) { $0 + Int($1) }
                // bilinear resampling of a pattern away from the border keeps its mass to a few percent
                XCTAssertEqual(Double(after), Double(before), accuracy: 0.05 * Double(before), "block \(block) row \(r)")
                if Array(rotated) != Array(src[(r * f)..<((r + 1) * f)]) { changed += 1 }
            }
        }
        XCTAssertGreaterThan(changed, 2 * d.count - 3, "rotated copies should differ from the originals")
    }

    func testFloatImagesStayFloatAndNonImagesAreRefused() throws {
        let d = try images(6)
        let floats = try Dataset(name: "f", matrix: d.floatMatrix(), labels: d.labels).withImageShape(height: 12, width: 10)
        let a = try floats.augmented(AugmentOptions(copies: 2, shift: 1, rotate: 0), seed: 3)
        XCTAssertFalse(a.isUInt8)
        XCTAssertEqual(a.count, 12)
        let flat = try Dataset(name: "table", count: 4, features: 3, storage: .float32([Float](repeating: 1, count: 12)))
        XCTAssertThrowsError(try flat.augmented(AugmentOptions(copies: 2), seed: 1)) { e in
            XCTAssertTrue("\(e)".contains("dataset 'table' has no image shape"), "\(e)")
        }
        XCTAssertThrowsError(try d.augmented(AugmentOptions(copies: 0), seed: 1)) { e in
            XCTAssertTrue("\(e)".contains("at least 1 copy"), "\(e)")
        }
    }
}
