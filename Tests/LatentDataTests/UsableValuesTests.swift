import XCTest
import LatentCore
@testable import LatentData

/// Values latent cannot compute with (beyond 1e15 in magnitude, or made infinite or NaN by a scaling) are
/// refused where they enter, with a sentence naming the file or dataset, the column and the value.
final class UsableValuesTests: DataTestCase {
    func testFilesHoldingValuesBeyondTheLimitAreRefused() throws {
        let csv = try write("huge.csv", text: "a,b,label\n1,2,0\n3,1e20,1\n")
        assertDataError(.nonFinite, [csv + ":3:", "column 2 ('b')", "1e20 is too large", "magnitude at most 1e15"]) { try DataLoader.load(csv) }
        let npy = try write("huge.npy", Bytes.npy(descr: "<f4", shape: "(2, 2)", data: Bytes.f4([1, 2, -3e20, 4])))
        assertDataError(.nonFinite, ["element 2", "too large", "magnitude at most 1e15"]) { try DataLoader.load(npy) }
        let atLimit = try write("limit.csv", text: "a,b\n1,-1e15\n3,1e15\n")
        XCTAssertEqual(try DataLoader.load(atLimit, options: { var o = LoadOptions(); o.label = .none; return o }()).features, 2)
    }

    func testScalingsThatOverflowAreRefused() throws {
        let data = try Dataset(name: "tiny.csv", count: 2, features: 2, storage: .float32([0.5, 1, 2, 3]),
                               featureNames: ["a", "b"])
        XCTAssertThrowsError(try data.dividedBy(1e-45)) { e in
            XCTAssertTrue("\(e)".contains("dataset 'tiny.csv': cannot divide by 1e-45"), "\(e)")
        }
        XCTAssertThrowsError(try data.dividedBy(1e-30)) { e in     // 0.5 / 1e-30 = 5e29: finite, but too large
            XCTAssertTrue("\(e)".contains("the scaling '/1e-30' turns column 'a' of row 1 (0.5) into 5e+29"), "\(e)")
        }
        // a standard deviation so small that its reciprocal overflows: refused, not made inf or NaN
        let flat = try Dataset(name: "flat.csv", count: 2, features: 1, storage: .float32([0, 1e-44]))
        XCTAssertThrowsError(try flat.standardized()) { e in
            XCTAssertTrue("\(e)".contains("dataset 'flat.csv'") && "\(e)".contains("column 1"), "\(e)")
        }
        let bytes = try Dataset(name: "pixels", count: 1, features: 2, storage: .uint8([0, 255]))
        XCTAssertEqual(try bytes.dividedBy(255).floatMatrix().values, [0, 1])
    }
}

/// Loads that used to go silently wrong: the label column of `x,y,label`, and image files and class
/// folders whose names are not UTF-8.
final class SilentLoadTests: DataTestCase {
    func testLabelAutoTakesTheColumnNamedLabelOverY() throws {
        for header in ["x,y,label", "label,x,y", "y,label,x"] {
            let names = header.split(separator: ",").map(String.init)
            let rows = (0..<4).map { r in names.map { $0 == "label" ? String(r % 2) : "\(r).5" }.joined(separator: ",") }
            let path = try write("xy.csv", text: ([header] + rows).joined(separator: "\n") + "\n")
            let ds = try DataLoader.load(path)
            XCTAssertEqual(ds.featureNames, names.filter { $0 != "label" }, header)
            XCTAssertEqual(ds.labels, [0, 1, 0, 1], header)
        }
    }

    func testNamesThatAreNotUTF8AreReadAndShownEscaped() throws {
        let png = try ImageFixtures.png(ImageFixtures.pattern(width: 4, height: 4, channels: 1, seed: 1), width: 4, height: 4, channels: 1)
        let root = Array((dir + "/imgs").utf8)
        // paths whose bytes need not be UTF-8, made with mkdir and open
        func cPath(_ parts: [UInt8]...) -> [CChar] { (parts.reduce(root) { $0 + [UInt8(ascii: "/")] + $1 } + [0]).map { CChar(bitPattern: $0) } }
        let latin1: [UInt8] = Array("caf".utf8) + [0xE9]
        XCTAssertEqual(mkdir(cPath([]), 0o755), 0)
        XCTAssertEqual(mkdir(cPath(latin1), 0o755), 0)
        XCTAssertEqual(mkdir(cPath(Array("plain".utf8)), 0o755), 0)
        for (folder, file) in [(latin1, [0x61, 0xFF] + Array(".png".utf8)), (latin1, Array("b.png".utf8)), (Array("plain".utf8), Array("c.png".utf8))] {
            let fd = open(cPath(folder, file), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            XCTAssertGreaterThanOrEqual(fd, 0)
            _ = png.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        var notes: [String] = []
        let ds = try DataLoader.load(dir + "/imgs", options: LoadOptions(), notes: &notes)
        XCTAssertEqual(ds.count, 3, "no image is dropped for its name; notes: \(notes)")
        XCTAssertEqual(ds.labelNames, ["caf\\x{E9}", "plain"])
        XCTAssertEqual(ds.labels, [0, 0, 1])
    }
}
