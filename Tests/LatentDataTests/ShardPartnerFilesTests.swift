import XCTest
@testable import LatentData

/// A shard of an exported `.npy` picks up the partner files `export` wrote beside it, as a whole `load`
/// does: `NAME.labels.npy` and `NAME.classes.csv`, each with a note.
final class ShardPartnerFilesTests: DataTestCase {
    /// An exported table of 7 rows with text labels: `emb.npy`, `emb.labels.npy`, `emb.classes.csv`.
    func exported() throws -> Dataset {
        var csv = "a,b,class\n"
        for i in 0..<7 { csv += "\(i),\(i * 2),\(["cat", "\"dog, large\"", "emu"][i % 3])\n" }
        let ds = try DataLoader.load(try write("t.csv", text: csv))
        try DataWriter.writeNPY(ds, to: dir + "/emb.npy", labelsPath: dir + "/emb.labels.npy")
        return ds
    }

    func testEveryShardHasItsLabelsAndTheClassNames() throws {
        let whole = try exported()
        var labels: [Int32] = []
        for rank in 0..<3 {
            var notes: [String] = []
            let (part, shard) = try DataLoader.loadShard(dir + "/emb.npy", options: LoadOptions(), rank: rank, ranks: 3, notes: &notes)
            XCTAssertEqual(shard.total, 7)
            XCTAssertEqual(part.labelNames ?? [], ["cat", "dog, large", "emu"])
            XCTAssertEqual(notes, ["labels from \(dir)/emb.labels.npy", "class names from \(dir)/emb.classes.csv"])
            labels += try XCTUnwrap(part.labels, "rank \(rank) has labels")
        }
        XCTAssertEqual(labels, whole.labels)
    }

    func testAnExplicitLabelsFileStillBringsItsNames() throws {
        _ = try exported()
        try FileManager.default.moveItem(atPath: dir + "/emb.labels.npy", toPath: dir + "/other.labels.npy")
        try FileManager.default.moveItem(atPath: dir + "/emb.classes.csv", toPath: dir + "/other.classes.csv")
        var none: [String] = []
        XCTAssertNil(try DataLoader.loadShard(dir + "/emb.npy", options: LoadOptions(), rank: 0, ranks: 2, notes: &none).dataset.labels,
                     "no partner beside the file: no labels")
        XCTAssertTrue(none.isEmpty, "\(none)")
        var options = LoadOptions()
        options.labelsPath = dir + "/other.labels.npy"
        var notes: [String] = []
        let (part, _) = try DataLoader.loadShard(dir + "/emb.npy", options: options, rank: 1, ranks: 2, notes: &notes)
        XCTAssertEqual(part.labelNames ?? [], ["cat", "dog, large", "emu"])
        XCTAssertEqual(notes, ["class names from \(dir)/other.classes.csv"])
    }

    func testAClassesFileThatDoesNotCoverAShardsLabelsIsRefused() throws {
        _ = try exported()
        let names = try write("emb.classes.csv", text: "label,name\n0,cat\n")
        assertDataError(.countMismatch, [names, "names 1 classes (0 to 0), but the labels hold"]) {
            try DataLoader.loadShard(self.dir + "/emb.npy", options: LoadOptions(), rank: 0, ranks: 2)
        }
    }
}
