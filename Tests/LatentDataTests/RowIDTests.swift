import XCTest
@testable import LatentData

/// Row IDs: a CSV's `id=` column is kept beside the data (not as a feature) and follows subsets, concat
/// and scaling; na=drop names the rows it dropped by ID, or by line without IDs.
final class RowIDTests: DataTestCase {
    let table = "pid,a,b,kind\nP1,1,2,x\nP2,NA,3,y\nP3,4,5,x\nP4,6,,y\nP5,7,8,x\nP6,,1,x\nP7,2,2,y\nP8,NA,1,y\nP9,1,1,x\nP10,NA,0,x\n"

    func testIDColumnIsKeptThroughSubsetsConcatAndScaling() throws {
        var o = LoadOptions()
        o.idColumn = .name("pid")
        o.missing = .mean
        let ds = try DataLoader.load(try write("t.csv", text: table), options: o)
        XCTAssertEqual(ds.features, 2, "the ID column is not a feature")
        XCTAssertEqual(ds.featureNames ?? [], ["a", "b"])
        XCTAssertEqual(ds.ids?.prefix(3), ["P1", "P2", "P3"])
        XCTAssertEqual(ds.labelNames ?? [], ["x", "y"], "label=auto still finds the one text column besides the IDs")
        let sub = try ds.subset([4, 0])
        XCTAssertEqual(sub.ids ?? [], ["P5", "P1"])
        XCTAssertEqual(try Dataset.concat([sub, sub]).ids ?? [], ["P5", "P1", "P5", "P1"])
        XCTAssertEqual(try ds.standardized().ids, ds.ids)
        XCTAssertEqual(ds.column(1).prefix(3), [2, 3, 5])
        XCTAssertEqual(ds.featureIndex(named: "B"), 1)
        XCTAssertThrowsError(try ds.withIDs(["only one"]))
    }

    func testDropNamesTheFirstFiveDroppedRowsByIDThenByLine() throws {
        var o = LoadOptions()
        o.idColumn = .number(1)
        o.missing = .drop
        var notes: [String] = []
        let ds = try DataLoader.load(try write("t.csv", text: table), options: o, notes: &notes)
        XCTAssertEqual(ds.ids ?? [], ["P1", "P3", "P5", "P7", "P9"])
        XCTAssertTrue(notes[0].hasSuffix("na=drop left out 5 rows of 10 with missing values: ids 'P2', 'P4', 'P6', 'P8', 'P10'"), notes[0])
        o.idColumn = nil
        o.dropColumns = [.name("pid")]
        notes = []
        _ = try DataLoader.load(try write("t.csv", text: table.replacingOccurrences(of: "P10,NA,0,x\n", with: "")), options: o, notes: &notes)
        XCTAssertTrue(notes[0].hasSuffix("left out 4 rows of 9 with missing values: lines 3, 5, 7, 9"), notes[0])
    }

    /// What export writes (`id,label,z1,z2`) loads back with its IDs; a numeric "id" stays a feature, and
    /// label="id" keeps a text "id" column as the labels.
    func testATextColumnHeadedIdIsTheIDColumn() throws {
        let exported = try write("e.csv", text: "id,label,z1,z2\nP1,a,0.5,1\nP2,b,1,2\n")
        let ds = try DataLoader.load(exported)
        XCTAssertEqual(ds.ids ?? [], ["P1", "P2"])
        XCTAssertEqual(ds.labelNames ?? [], ["a", "b"])
        XCTAssertEqual(ds.features, 2)
        var o = LoadOptions()
        o.label = .name("id")
        o.dropColumns = [.name("label")]
        let labelled = try DataLoader.load(exported, options: o)
        XCTAssertNil(labelled.ids)
        XCTAssertEqual(labelled.labelNames ?? [], ["P1", "P2"])
        let numeric = try DataLoader.load(try write("n.csv", text: "id,a,label\n7,0.5,1\n8,1,2\n"))
        XCTAssertNil(numeric.ids)
        XCTAssertEqual(numeric.features, 2)
    }

    func testIDColumnCannotAlsoBeTheLabelOrAFeature() throws {
        let p = try write("t.csv", text: table)
        var o = LoadOptions()
        o.idColumn = .name("kind")
        o.label = .name("kind")
        assertDataError(.invalidArgument, ["label:", "also the id= column"]) { try DataLoader.load(p, options: o) }
        o.label = .none
        o.idColumn = .name("a")
        o.columns = [.name("a"), .name("b")]
        assertDataError(.invalidArgument, ["columns: column 2 is the id= column"]) { try DataLoader.load(p, options: o) }
        o.columns = nil
        o.idColumn = .name("nope")
        assertDataError(.invalidArgument, ["id: no column is named 'nope'"]) { try DataLoader.load(p, options: o) }
    }
}
