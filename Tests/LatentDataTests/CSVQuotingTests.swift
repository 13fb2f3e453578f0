import XCTest
@testable import LatentData

/// CSV fields as RFC 4180 writes them.
final class CSVQuotingTests: DataTestCase {
    func testQuotedFieldsHoldDelimitersDoubledQuotesAndNewlines() throws {
        let p = try write("q.csv", text: "name,p,q\n\"setosa, Iris\",1,2\n\"say \"\"hi\"\"\",3,4\n\"two\nlines\",5,6\n")
        let ds = try DataLoader.load(p)
        XCTAssertEqual(ds.count, 3)
        XCTAssertEqual(ds.features, 2)
        XCTAssertEqual(ds.featureNames ?? [], ["p", "q"])
        XCTAssertEqual(ds.labelNames ?? [], ["say \"hi\"", "setosa, Iris", "two\nlines"])
        XCTAssertEqual(ds.labels, [1, 0, 2])
        XCTAssertEqual(ds.row(2), [5, 6])
    }

    func testQuotedNumbersAndQuotedHeaderNames() throws {
        let p = try write("n.csv", text: "\"a\",\"b, c\"\n\"1.5\", \"2\" \r\n")
        let ds = try DataLoader.load(p)
        XCTAssertEqual(ds.featureNames ?? [], ["a", "b, c"])
        XCTAssertEqual(ds.row(0), [1.5, 2])
    }

    func testLinesAreCountedThroughQuotedNewlines() throws {
        let p = try write("lines.csv", text: "name,p,q\n\"two\nlines\",5,6\nthree,8\n")
        assertDataError(.raggedRow, [p + ":4: expected 3 columns, found 2"]) { try DataLoader.load(p) }
    }

    func testUnclosedQuoteNamesTheFileAndTheLineWhereItOpened() throws {
        let p = try write("open.csv", text: "a,b\n1,2\n\"never closed,3\n4,5\n6,7\n")
        assertDataError(.malformed, [p + ":3:", "a quoted field opened on this line is never closed"]) { try DataLoader.load(p) }
    }

    func testTextAfterAClosingQuoteIsRefused() throws {
        let p = try write("after.csv", text: "a,b\n\"x\"y,1\n")
        assertDataError(.malformed, [p + ":2:", "text follows the closing quote"]) { try DataLoader.load(p) }
    }

    func testDelimiterInsideQuotesDoesNotDecideTheDelimiter() throws {
        let p = try write("t.tsv", text: "\"a,b\"\tc\n1\t2\n")
        let ds = try DataLoader.load(p)
        XCTAssertEqual(ds.featureNames ?? [], ["a,b", "c"])
    }
}
