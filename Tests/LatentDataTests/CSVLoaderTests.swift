import XCTest
import LatentTestSupport
@testable import LatentData

final class CSVLoaderTests: DataTestCase {
    func testHeaderWithAutoLabelColumnFirst() throws {
        let p = try write("d.csv", text: "label,a,b,c\n3,1,2,3\n1,4,5,255\n")
        let ds = try DataLoader.load(p)
        XCTAssertEqual(ds.count, 2)
        XCTAssertEqual(ds.features, 3)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertEqual(ds.labels, [3, 1])
        XCTAssertEqual(ds.featureNames ?? [], ["a", "b", "c"])
        XCTAssertEqual(ds.row(1), [4, 5, 255])
        XCTAssertEqual(ds.name, "d")
    }

    func testNoHeaderLabelLastAndFloats() throws {
        let p = try write("d.csv", text: "0.5,-1e2,7\r\n1.25,3,8\r\n")
        var o = LoadOptions()
        o.label = .last
        let ds = try DataLoader.load(p, options: o)
        XCTAssertFalse(ds.isUInt8)
        XCTAssertNil(ds.featureNames)
        XCTAssertEqual(ds.labels, [7, 8])
        XCTAssertEqual(ds.row(0)[0], 0.5, accuracy: 1e-6)
        XCTAssertEqual(ds.row(0)[1], -100, accuracy: 1e-4)
        XCTAssertEqual(ds.row(1)[1], 3, accuracy: 1e-6)
    }

    func testWholeFloatsStillStoredAsBytes() throws {
        let p = try write("w.csv", text: "1.0,2\n255,0.0\n")
        let ds = try DataLoader.load(p)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertEqual(ds.row(0), [1, 2])
        let q = try write("v.csv", text: "1,2\n256,0\n")
        XCTAssertFalse(try DataLoader.load(q).isUInt8)
    }

    func testNoLabelsAllFeatures() throws {
        let p = try write("d.csv", text: "1,2\n3,4\n5,6\n")
        var o = LoadOptions()
        o.label = .none
        let ds = try DataLoader.load(p, options: o)
        XCTAssertEqual(ds.count, 3)
        XCTAssertEqual(ds.features, 2)
        XCTAssertNil(ds.labels)
        XCTAssertEqual(ds.row(2), [5, 6])
    }

    func testLabelByNameAndIndexAndForcedHeader() throws {
        let p = try write("d.csv", text: "x,digit,y\n1,9,2\n3,8,4\n")
        var o = LoadOptions()
        o.label = .name("digit")
        let ds = try DataLoader.load(p, options: o)
        XCTAssertEqual(ds.labels, [9, 8])
        XCTAssertEqual(ds.row(0), [1, 2])
        let q = try write("e.csv", text: "10,20,30\n1,2,3\n")
        var f = LoadOptions()
        f.header = .present
        f.label = .number(2)
        let ds2 = try DataLoader.load(q, options: f)
        XCTAssertEqual(ds2.count, 1)
        XCTAssertEqual(ds2.featureNames ?? [], ["10", "30"])
        XCTAssertEqual(ds2.labels, [2])
    }

    func testTSVAutoDelimiterAndTextLabels() throws {
        let p = try write("iris.tsv", text: "sl\tsw\tspecies\n5.1\t3.5\tsetosa\n6.3\t2.9\tvirginica\n5.0\t3.4\tsetosa\n")
        var o = LoadOptions()
        o.label = .last
        let ds = try DataLoader.load(p, options: o)
        XCTAssertEqual(ds.features, 2)
        XCTAssertEqual(ds.labelNames ?? [], ["setosa", "virginica"])
        XCTAssertEqual(ds.labels, [0, 1, 0])
    }

    func testGzippedCSVAndSquareImages() throws {
        let p = try writeGzip("d.csv.gz", Array("a,b,c,d\n1,2,3,4\n".utf8))
        var o = LoadOptions()
        o.squareImages = true
        let ds = try DataLoader.load(p, options: o)
        XCTAssertEqual(ds.imageShape?.height, 2)
        XCTAssertEqual(ds.imageShape?.width, 2)
        XCTAssertNil(ds.labels)
    }

    func testSampleDigits() throws {
        let ds = try DataLoader.load(packageRoot() + "/samples/digits.csv")
        XCTAssertEqual(ds.count, 1797)
        XCTAssertEqual(ds.features, 64)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertEqual(Set(ds.labels ?? []), Set((0...9).map(Int32.init)))
        XCTAssertEqual(ds.rawStats().max, 16)
    }

    // MARK: errors

    func testRaggedRows() throws {
        let p = try write("digits.csv", text: "a,b,c\n1,2,3\n4,5\n")
        assertDataError(.raggedRow, [p + ":3: expected 3 columns, found 2"]) { try DataLoader.load(p) }
        let q = try write("long.csv", text: "1,2\n\n3,4,5\n")
        assertDataError(.raggedRow, [q + ":3: expected 2 columns, found 3"]) { try DataLoader.load(q) }
    }

    func testNonNumericCell() throws {
        let p = try write("d.csv", text: "a,b\n1,2\n3,x7\n")
        assertDataError(.nonNumeric, [p + ":3:", "column 2 ('b')", "expected a number", "'x7'"]) { try DataLoader.load(p) }
        let q = try write("e.csv", text: "1,2\n3,\n")
        assertDataError(.nonNumeric, [q + ":2:", "column 2", "empty cell"]) { try DataLoader.load(q) }
    }

    func testNaNAndInfinity() throws {
        let p = try write("d.csv", text: "a,b\n1,NaN\n")
        assertDataError(.nonNumeric, [p + ":2:", "1 row of 1 has a missing value", "column 2 ('b')", "na=drop"]) { try DataLoader.load(p) }
        let q = try write("e.csv", text: "1,2\n-inf,3\n")
        assertDataError(.nonFinite, [q + ":2:", "column 1"]) { try DataLoader.load(q) }
        let r = try write("f.csv", text: "1,2.5\n1e50,3\n")
        assertDataError(.nonFinite, [r + ":2:", "Float range"]) { try DataLoader.load(r) }
    }

    func testEmptyAndHeaderOnlyAndMissing() throws {
        let p = try write("empty.csv", [])
        assertDataError(.emptyFile, [p, "empty"]) { try DataLoader.load(p) }
        let q = try write("blank.csv", text: "\n  \n")
        assertDataError(.emptyFile, [q, "no data lines"]) { try DataLoader.load(q) }
        let r = try write("head.csv", text: "a,b,c\n")
        assertDataError(.emptyFile, [r, "no data rows"]) { try DataLoader.load(r) }
        assertDataError(.missingFile, [dir + "/nope.csv: no such file"]) { try DataLoader.load(dir + "/nope.csv") }
    }

    func testUnknownLabelNameAndBadIndex() throws {
        let p = try write("d.csv", text: "a,b\n1,2\n")
        var o = LoadOptions()
        o.label = .name("digit")
        assertDataError(.invalidArgument, [p + ":1:", "no column is named 'digit'", "a, b"]) { try DataLoader.load(p, options: o) }
        o.label = .number(5)
        assertDataError(.invalidArgument, [p + ":1:", "label: column 5 is out of range", "numbered 1 to 2"]) { try DataLoader.load(p, options: o) }
    }
}

extension Dataset {
    /// Raw min/max over all values (test helper).
    func rawStats() -> (min: Float, max: Float) {
        let st = featureStats()
        return (st.min.min() ?? 0, st.max.max() ?? 0)
    }
}
