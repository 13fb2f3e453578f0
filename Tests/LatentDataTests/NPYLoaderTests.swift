import XCTest
@testable import LatentData

final class NPYLoaderTests: DataTestCase {
    func testFloat32TwoD() throws {
        let p = try write("a.npy", Bytes.npy(descr: "<f4", shape: "(2, 3)", data: Bytes.f4([1, 2, 3, 4.5, -5, 6])))
        let ds = try DataLoader.load(p)
        XCTAssertEqual(ds.count, 2)
        XCTAssertEqual(ds.features, 3)
        XCTAssertFalse(ds.isUInt8)
        XCTAssertEqual(ds.row(1)[0], 4.5, accuracy: 1e-6)
        XCTAssertEqual(ds.row(1)[1], -5, accuracy: 1e-6)
        XCTAssertNil(ds.imageShape)
    }

    func testFloat64ConvertedAndOneD() throws {
        let p = try write("b.npy", Bytes.npy(descr: "<f8", shape: "(3,)", data: Bytes.f8([0.25, 1e-3, -7])))
        let ds = try DataLoader.load(p)
        XCTAssertEqual(ds.count, 3)
        XCTAssertEqual(ds.features, 1)
        XCTAssertEqual(ds.row(1)[0], 1e-3, accuracy: 1e-9)
    }

    func testUInt8ThreeDWithLabelsAndVersion2() throws {
        let p = try write("c.npy", Bytes.npy(descr: "|u1", shape: "(2, 2, 3)", data: Array(0..<12), major: 2))
        let l = try write("c-labels.npy", Bytes.npy(descr: "<i8", shape: "(2,)", data: Bytes.i8([5, 3])))
        let ds = try DataLoader.loadNPY(p, labelsPath: l)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertEqual(ds.features, 6)
        XCTAssertEqual(ds.imageShape?.height, 2)
        XCTAssertEqual(ds.imageShape?.width, 3)
        XCTAssertEqual(ds.labels, [5, 3])
        XCTAssertEqual(ds.row(1), [6, 7, 8, 9, 10, 11])
    }

    func testUnsupportedDtypeAndFortranOrder() throws {
        let p = try write("big.npy", Bytes.npy(descr: ">f4", shape: "(1, 2)", data: Bytes.f4([1, 2])))
        assertDataError(.unsupported, [p + ": byte offset 10:", "unsupported dtype '>f4'", "'<f4'"]) { try DataLoader.load(p) }
        let f = try write("f.npy", Bytes.npy(descr: "<f4", shape: "(2, 2)", fortran: true, data: Bytes.f4([1, 2, 3, 4])))
        assertDataError(.unsupported, [f, "Fortran order", "expected C order"]) { try DataLoader.load(f) }
        let r = try write("r.npy", Bytes.npy(descr: "|u1", shape: "(1, 1, 1, 2)", data: [1, 2]))
        assertDataError(.unsupported, [r, "4-dimensional"]) { try DataLoader.load(r) }
    }

    func testSizeMismatchMagicNaNAndEmpty() throws {
        let s = try write("s.npy", Bytes.npy(descr: "<f4", shape: "(2, 2)", data: Bytes.f4([1, 2, 3])))
        assertDataError(.sizeMismatch, [s + ": byte offset 128:", "(2, 2)", "16 data bytes", "holds 12"]) { try DataLoader.load(s) }
        let m = try write("m.npy", Array("hello world".utf8))
        assertDataError(.badMagic, [m + ": byte offset 0:", "NPY magic"]) { try DataLoader.load(m) }
        let n = try write("n.npy", Bytes.npy(descr: "<f4", shape: "(1, 3)", data: Bytes.f4([1, .nan, 3])))
        assertDataError(.nonFinite, [n + ": byte offset 132:", "element 1"]) { try DataLoader.load(n) }
        let e = try write("e.npy", Bytes.npy(descr: "<f4", shape: "(0, 3)", data: []))
        assertDataError(.emptyFile, [e, "at least one sample"]) { try DataLoader.load(e) }
        let h = try write("h.npy", Bytes.npy(descr: "<f4", shape: "[2, 2]", data: Bytes.f4([1, 2, 3, 4])))
        assertDataError(.malformed, [h, "header is malformed"]) { try DataLoader.load(h) }
    }

    func testLabelCountMismatch() throws {
        let p = try write("x.npy", Bytes.npy(descr: "<f4", shape: "(2, 1)", data: Bytes.f4([1, 2])))
        let l = try write("y.npy", Bytes.npy(descr: "|u1", shape: "(3,)", data: [0, 1, 2]))
        assertDataError(.countMismatch, [l, "holds 3 labels", "holds 2 samples"]) { try DataLoader.loadNPY(p, labelsPath: l) }
    }
}
