import XCTest
@testable import LatentData

/// Class names survive export to `.npy` and load.
final class ClassNamesTests: DataTestCase {
    func testNamesRoundTripThroughNPYLabelsAndClassesFiles() throws {
        let csv = try write("iris.csv", text: "sl,species\n5.1,\"setosa, Iris\"\n6.3,\"say \"\"virginica\"\"\"\n5.0,\"setosa, Iris\"\n")
        let ds = try DataLoader.load(csv)
        XCTAssertEqual(ds.labelNames ?? [], ["say \"virginica\"", "setosa, Iris"])
        try DataWriter.writeNPY(ds, to: dir + "/emb.npy", labelsPath: dir + "/emb.labels.npy")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/emb.classes.csv"))
        var notes: [String] = []
        let back = try DataLoader.load(dir + "/emb.npy", options: LoadOptions(), notes: &notes)
        XCTAssertEqual(back.labels, ds.labels)
        XCTAssertEqual(back.labelNames ?? [], ds.labelNames ?? [])
        XCTAssertEqual(notes, ["labels from \(dir)/emb.labels.npy", "class names from \(dir)/emb.classes.csv"])
    }

    func testNoPartnerMeansNoLabels() throws {
        try DataWriter.writeNPY(try DataLoader.load(try write("a.csv", text: "x,y\n1,2\n")), to: dir + "/plain.npy")
        var notes: [String] = []
        let ds = try DataLoader.load(dir + "/plain.npy", options: LoadOptions(), notes: &notes)
        XCTAssertNil(ds.labels)
        XCTAssertTrue(notes.isEmpty, "\(notes)")
        XCTAssertNil(DataLoader.npyLabelsPath(for: dir + "/plain.labels.npy"), "a labels file has no labels partner")
    }

    func testClassesFileThatDoesNotCoverTheLabelsIsRefused() throws {
        try DataWriter.writeNPY(try DataLoader.load(try write("l.csv", text: "label,x\n0,1\n2,3\n")),
                                to: dir + "/e.npy", labelsPath: dir + "/e.labels.npy")
        let names = try write("e.classes.csv", text: "label,name\n0,cat\n1,dog\n")
        assertDataError(.countMismatch, [names, "names 2 classes (0 to 1), but the labels hold 2"]) { try DataLoader.load(dir + "/e.npy") }
        try write("e.classes.csv", text: "label,name\n1,cat\n")
        assertDataError(.malformed, [names + ":2:", "expected label 0"]) { try DataLoader.load(dir + "/e.npy") }
    }
}
