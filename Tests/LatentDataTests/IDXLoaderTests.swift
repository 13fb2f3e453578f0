import XCTest
@testable import LatentData

final class IDXLoaderTests: DataTestCase {
    private let pixels: [UInt8] = (0..<24).map { UInt8($0 * 10) }  // 2 images of 3 x 4

    func testRawImagesWithPairedLabels() throws {
        let img = try write("toy-images-idx3-ubyte", Bytes.idx(dims: [2, 3, 4], data: pixels))
        try write("toy-labels-idx1-ubyte", Bytes.idx(dims: [2], data: [7, 2]))
        let ds = try DataLoader.load(img)
        XCTAssertEqual(ds.count, 2)
        XCTAssertEqual(ds.features, 12)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertEqual(ds.imageShape?.height, 3)
        XCTAssertEqual(ds.imageShape?.width, 4)
        XCTAssertEqual(ds.labels, [7, 2])
        XCTAssertEqual(ds.row(1), (12..<24).map { Float($0 * 10) })
        XCTAssertEqual(ds.name, "toy-images")
    }

    func testGzippedImagesWithGzippedPartnerAndExplicitLabels() throws {
        let img = try writeGzip("toy-images-idx3-ubyte.gz", Bytes.idx(dims: [2, 3, 4], data: pixels))
        try writeGzip("toy-labels-idx1-ubyte.gz", Bytes.idx(dims: [2], data: [1, 0]))
        let ds = try DataLoader.load(img)
        XCTAssertEqual(ds.labels, [1, 0])
        XCTAssertEqual(ds.row(0)[5], 50)
        let other = try write("mine.idx1", Bytes.idx(dims: [2], data: [4, 4]))
        let ds2 = try DataLoader.loadIDX(img, labelsPath: other)
        XCTAssertEqual(ds2.labels, [4, 4])
    }

    func testNoPartnerMeansNoLabels() throws {
        let img = try write("plain.idx3-ubyte", Bytes.idx(dims: [2, 3, 4], data: pixels))
        XCTAssertNil(try DataLoader.load(img).labels)
    }

    func testWrongMagic() throws {
        var bytes = Bytes.idx(dims: [2, 3, 4], data: pixels)
        bytes[0] = 0x12
        let p = try write("bad-images-idx3-ubyte", bytes)
        assertDataError(.badMagic, [p + ": byte offset 0:", "expected IDX magic 0x00000803", "found 0x12000803"]) { try DataLoader.load(p) }
        bytes[0] = 0; bytes[2] = 0x0D
        let q = try write("float-images-idx3-ubyte", bytes)
        assertDataError(.unsupported, [q + ": byte offset 2:", "0x0D", "expected 0x08"]) { try DataLoader.load(q) }
    }

    func testDeclaredVersusActualSize() throws {
        let p = try write("short-images-idx3-ubyte", Bytes.idx(dims: [2, 3, 4], data: Array(pixels.dropLast(5))))
        assertDataError(.sizeMismatch, [p + ": byte offset 16:", "2x3x4 = 24 data bytes", "holds 19"]) { try DataLoader.load(p) }
        let q = try write("hdr-images-idx3-ubyte", Array(Bytes.idx(dims: [2, 3, 4], data: []).prefix(9)))
        assertDataError(.sizeMismatch, [q, "expected 16 header bytes"]) { try DataLoader.load(q) }
    }

    func testTruncatedAndCorruptGzip() throws {
        let img = try writeGzip("t-images-idx3-ubyte.gz", Bytes.idx(dims: [2, 3, 4], data: pixels))
        let full = try Array(Data(contentsOf: URL(fileURLWithPath: img)))
        let cut = try write("cut-images-idx3-ubyte.gz", Array(full.prefix(full.count - 12)))
        assertDataError(.truncatedGzip, [cut, "gzip stream ends unexpectedly", "truncated"]) { try DataLoader.load(cut) }
        var bad = full
        bad[bad.count - 6] ^= 0xFF  // CRC32 of the trailer
        let corrupt = try write("crc-images-idx3-ubyte.gz", bad)
        assertDataError(.corruptGzip, [corrupt, "damaged"]) { try DataLoader.load(corrupt) }
    }

    func testImageLabelCountMismatch() throws {
        let img = try write("m-images-idx3-ubyte", Bytes.idx(dims: [2, 3, 4], data: pixels))
        let lab = try write("m-labels-idx1-ubyte", Bytes.idx(dims: [3], data: [1, 2, 3]))
        assertDataError(.countMismatch, [lab, "holds 3 labels", img, "holds 2 images"]) { try DataLoader.load(img) }
    }

    func testEmptyFile() throws {
        let p = try write("e-images-idx3-ubyte", [])
        assertDataError(.emptyFile, [p, "empty"]) { try DataLoader.load(p) }
        let g = try writeGzip("z-images-idx3-ubyte.gz", [])
        assertDataError(.emptyFile, [g, "decompresses to nothing"]) { try DataLoader.load(g) }
    }

    func testFormatSniffedFromContentForUnknownExtensions() throws {
        let img = try write("images.bin", Bytes.idx(dims: [2, 3, 4], data: pixels))
        XCTAssertEqual(try DataLoader.load(img).imageShape?.width, 4)
        let gz = try writeGzip("images.bin.gz", Bytes.idx(dims: [2, 12], data: pixels))
        XCTAssertEqual(try DataLoader.load(gz).features, 12)
        let csv = try write("table.dat", text: "1,2\n3,4\n")
        XCTAssertEqual(try DataLoader.load(csv).count, 2)
        let junk = try write("junk.bin", [0xFF, 0x00, 0x12])
        assertDataError(.unsupported, [junk, "not recognised"]) { try DataLoader.load(junk) }
        assertDataError(.missingFile, [dir + "/gone.bin: no such file"]) { try DataLoader.load(dir + "/gone.bin") }
    }

    func testPairedLabelsPathNaming() throws {
        try write("train-labels-idx1-ubyte.gz", [1])
        XCTAssertEqual(DataLoader.pairedLabelsPath(for: dir + "/train-images-idx3-ubyte.gz"), dir + "/train-labels-idx1-ubyte.gz")
        XCTAssertEqual(DataLoader.pairedLabelsPath(for: dir + "/train-images-idx3-ubyte"), dir + "/train-labels-idx1-ubyte.gz")
        XCTAssertNil(DataLoader.pairedLabelsPath(for: dir + "/t10k-images-idx3-ubyte.gz"))
    }
}
