import XCTest
@testable import LatentData

/// Missing cells and `na=`.
final class CSVMissingValueTests: DataTestCase {
    /// Rows 1, 2, 3 and 5 (lines 2, 3, 4, 6) have a gap; every column has one.
    let gappy = "a,b,c\n1,NA,3\n4,5,\nnull,8,9\n10,11,12\nnan,N/A,15\n"

    func load(_ missing: MissingValues, notes: inout [String]) throws -> Dataset {
        var o = LoadOptions()
        o.missing = missing
        return try DataLoader.load(try write("g.csv", text: gappy), options: o, notes: &notes)
    }

    func testErrorCountsRowsAndColumnsAndNamesTheOption() throws {
        let p = try write("g.csv", text: gappy)
        assertDataError(.nonNumeric, [p + ":2:", "4 rows of 5 have missing values", "in 3 columns",
                                      "column 1 ('a'), column 2 ('b'), column 3 ('c')", "na=drop", "na=mean"]) { try DataLoader.load(p) }
    }

    func testDropLeavesOutRowsWithGaps() throws {
        var notes: [String] = []
        let ds = try load(.drop, notes: &notes)
        XCTAssertEqual(ds.count, 1)
        XCTAssertEqual(ds.row(0), [10, 11, 12])
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("na=drop left out 4 rows of 5"), notes[0])
    }

    func testMeanFillsEachColumnFromItsObservedValues() throws {
        var notes: [String] = []
        let ds = try load(.mean, notes: &notes)
        XCTAssertEqual(ds.count, 5)
        XCTAssertEqual(ds.row(0), [1, 8, 3])       // b: mean of 5, 8, 11
        XCTAssertEqual(ds.row(1), [4, 5, 9.75])    // c: mean of 3, 9, 12, 15
        XCTAssertEqual(ds.row(2), [5, 8, 9])       // a: mean of 1, 4, 10
        XCTAssertEqual(ds.row(4), [5, 8, 15])
        XCTAssertFalse(ds.isUInt8)
        XCTAssertTrue(notes.first?.contains("na=mean filled 5 missing values in 3 columns") ?? false, "\(notes)")
    }

    func testMedianFillsWithTheMiddleValue() throws {
        var notes: [String] = []
        let ds = try load(.median, notes: &notes)
        XCTAssertEqual(ds.row(0), [1, 8, 3])
        XCTAssertEqual(ds.row(1), [4, 5, 10.5])    // c: between 9 and 12
        XCTAssertEqual(ds.row(4), [4, 8, 15])
    }

    func testZeroFillsAndKeepsBytes() throws {
        var notes: [String] = []
        let ds = try load(.zero, notes: &notes)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertEqual(ds.row(1), [4, 5, 0])
        XCTAssertEqual(ds.row(4), [0, 0, 15])
    }

    func testMissingWordsAreRecognisedWithoutCase() throws {
        for word in ["", "NA", "na", "NaN", "nan", "NULL", "null", "N/A", "None"] {
            let p = try write("w.csv", text: "a,b\n1,\(word)\n2,3\n")
            assertDataError(.nonNumeric, [p + ":2:", "1 row of 2 has a missing value"]) { try DataLoader.load(p) }
        }
        let inf = try write("inf.csv", text: "a,b\n1,inf\n2,3\n")
        assertDataError(.nonFinite, [inf + ":2:", "finite"]) { try DataLoader.load(inf) }
    }

    func testAColumnWithNoValuesCannotBeFilledFromItsMean() throws {
        let p = try write("empty-col.csv", text: "a,b\n1,NA\n2,NA\n")
        var o = LoadOptions()
        o.missing = .mean
        assertDataError(.nonNumeric, ["column 2 ('b') has no values", "na=zero"]) { try DataLoader.load(p, options: o) }
        o.missing = .drop
        assertDataError(.nonNumeric, ["every one of its 2 rows has a missing value"]) { try DataLoader.load(p, options: o) }
    }

    func testMissingLabelIsRefusedUnlessDropped() throws {
        let p = try write("l.csv", text: "label,a\n1,2\n,3\n0,4\n")
        assertDataError(.nonNumeric, [p + ":3:", "column 1 ('label'): expected a label, found an empty cell", "na=drop"]) { try DataLoader.load(p) }
        var o = LoadOptions()
        o.missing = .drop
        let ds = try DataLoader.load(p, options: o)
        XCTAssertEqual(ds.labels, [1, 0])
        XCTAssertEqual(ds.row(1), [4])
    }
}
