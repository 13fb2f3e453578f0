import XCTest
@testable import LatentData

/// `columns=`, `drop=`, `label=auto` and pandas index columns. Columns are numbered from 1.
final class CSVColumnTests: DataTestCase {
    let table = "a,b,c,d\n1,2,3,4\n5,6,7,8\n"

    func options(columns: [ColumnRef]? = nil, drop: [ColumnRef] = [], label: LabelColumn = .auto) -> LoadOptions {
        var o = LoadOptions()
        o.columns = columns
        o.dropColumns = drop
        o.label = label
        return o
    }

    func testColumnsByNameAndNumberInTheGivenOrder() throws {
        let ds = try DataLoader.load(try write("t.csv", text: table), options: options(columns: [.name("c"), .number(1)]))
        XCTAssertEqual(ds.featureNames ?? [], ["c", "a"])
        XCTAssertEqual(ds.row(1), [7, 5])
    }

    func testDropByNumberAndByNameIgnoringCase() throws {
        let ds = try DataLoader.load(try write("t.csv", text: table), options: options(drop: [.number(2), .name("D")]))
        XCTAssertEqual(ds.featureNames ?? [], ["a", "c"])
        XCTAssertEqual(ds.row(0), [1, 3])
    }

    func testColumnErrorsUseOneBasedNumbers() throws {
        let p = try write("t.csv", text: table)
        assertDataError(.invalidArgument, [p + ":1:", "columns: column 9 is out of range", "4 columns, numbered 1 to 4"]) {
            try DataLoader.load(p, options: options(columns: [.number(9)]))
        }
        assertDataError(.invalidArgument, ["drop: no column is named 'zz'; the header has a, b, c, d"]) {
            try DataLoader.load(p, options: options(drop: [.name("zz")]))
        }
        assertDataError(.invalidArgument, ["columns: column 1 is listed twice"]) {
            try DataLoader.load(p, options: options(columns: [.number(1), .name("a")]))
        }
        assertDataError(.invalidArgument, ["label: 'b' (column 2) is the label column and also in drop="]) {
            try DataLoader.load(p, options: options(drop: [.name("b")], label: .name("b")))
        }
        let bare = try write("bare.csv", text: "1,2\n3,4\n")
        assertDataError(.invalidArgument, ["columns: column 'x' is given by name, but the file has no header line"]) {
            try DataLoader.load(bare, options: options(columns: [.name("x")]))
        }
    }

    func testLabelNumberCountsFromOne() throws {
        var o = options(label: .number(1))
        o.header = .absent
        let ds = try DataLoader.load(try write("n.csv", text: "9,1,2\n8,3,4\n"), options: o)
        XCTAssertEqual(ds.labels, [9, 8])
        XCTAssertEqual(ds.row(0), [1, 2])
    }

    func testTextLabelInTheMiddleIsFound() throws {
        let ds = try DataLoader.load(try write("iris.csv", text: "sl,species,sw\n5.1,setosa,3.5\n6.3,virginica,2.9\n"))
        XCTAssertEqual(ds.featureNames ?? [], ["sl", "sw"])
        XCTAssertEqual(ds.labelNames ?? [], ["setosa", "virginica"])
        XCTAssertEqual(ds.labels, [0, 1])
        // without a header, the text column does not make the first line a header
        let bare = try DataLoader.load(try write("bare.csv", text: "5.1,setosa,3.5\n6.3,virginica,2.9\n"))
        XCTAssertEqual(bare.count, 2)
        XCTAssertEqual(bare.labels, [0, 1])
        XCTAssertEqual(bare.row(1), [6.3, 2.9])
    }

    func testAutoNamesTheCandidatesWhenSeveralColumnsHoldText() throws {
        let p = try write("two.csv", text: "id,name,species,x\n1,ann,setosa,2\n2,bob,virginica,3\n")
        assertDataError(.invalidArgument, ["label=auto found 2 columns that hold text", "'name' (column 2)", "'species' (column 3)", "label=\"name\""]) {
            try DataLoader.load(p)
        }
        let ds = try DataLoader.load(p, options: options(drop: [.name("name")]))
        XCTAssertEqual(ds.labelNames ?? [], ["setosa", "virginica"])
        XCTAssertEqual(ds.featureNames ?? [], ["id", "x"])
    }

    func testTextThatStopsALoadSuggestsLabel() throws {
        let p = try write("s.csv", text: "x,species\n1,setosa\n")
        assertDataError(.nonNumeric, [p + ":2: column 2 ('species'): expected a number, found 'setosa'", "label=\"species\"", "drop=[\"species\"]"]) {
            try DataLoader.load(p, options: options(label: .none))
        }
        let mixed = try write("m.csv", text: "a,b\n1,2\n3,x7\n")
        assertDataError(.nonNumeric, [mixed + ":3:", "label=\"b\""]) { try DataLoader.load(mixed) }
    }

    func testPandasIndexColumnIsDroppedWithANote() throws {
        var notes: [String] = []
        let ds = try DataLoader.load(try write("pd.csv", text: ",a,b\n0,1,2\n1,3,4\n2,5,6\n"), options: LoadOptions(), notes: &notes)
        XCTAssertEqual(ds.features, 2)
        XCTAssertEqual(ds.featureNames ?? [], ["a", "b"])
        XCTAssertEqual(ds.row(2), [5, 6])
        XCTAssertEqual(notes.count, 1)
        XCTAssertTrue(notes[0].contains("dropped column 1, an unnamed index holding 0 to 2"), notes[0])
        // an unnamed first column that is not 0..n-1 stays
        notes = []
        let kept = try DataLoader.load(try write("ids.csv", text: ",a\n7,1\n1,3\n"), options: LoadOptions(), notes: &notes)
        XCTAssertEqual(kept.features, 2)
        XCTAssertTrue(notes.isEmpty, "\(notes)")
    }
}
