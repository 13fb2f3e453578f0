import LatentCore
import XCTest
@testable import LatentData

final class WriterTests: DataTestCase {
    func testCSVRoundTripWithLabels() throws {
        let m = Matrix([[0.5, -2, 3], [1e-5, 4, 1234567.5]])
        let p = dir + "/emb.csv"
        try CSVFormat.write(ExportedMatrix(m, columnNames: ["z1", "z2", "z3"], labels: [4, 9]), to: p)
        let text = try String(contentsOfFile: p, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("label,z1,z2,z3\n4,0.5,-2,3\n"), text)
        let back = try DataLoader.load(p)
        XCTAssertEqual(back.labels, [4, 9])
        XCTAssertEqual(back.featureNames ?? [], ["z1", "z2", "z3"])
        for r in 0..<2 { for c in 0..<3 { XCTAssertEqual(back.row(r)[c], m[r, c], accuracy: abs(m[r, c]) * 1e-6) } }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".emb.csv.tmp-") }, [])
    }

    func testDatasetCSVRoundTripKeepsTextLabels() throws {
        let p = try write("iris.csv", text: "a,b,kind\n1,2,cat\n3,4,dog\n")
        var o = LoadOptions()
        o.label = .last
        let ds = try DataLoader.load(p, options: o)
        let q = dir + "/out.csv"
        try CSVFormat.write(ds, to: q)
        o.label = .first
        let back = try DataLoader.load(q, options: o)
        XCTAssertEqual(back.labelNames ?? [], ["cat", "dog"])
        XCTAssertEqual(back.row(1), [3, 4])
    }

    func testNPYRoundTripWithLabels() throws {
        let ds = try Dataset(name: "g", count: 3, features: 2, storage: .uint8([0, 255, 10, 20, 30, 40]), labels: [1, 2, 3]).dividedBy(255)
        let p = dir + "/g.npy", l = dir + "/g-labels.npy"
        try NPYFormat.write(ds, to: p, labelsPath: l)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: p)))
        XCTAssertEqual(bytes.count % 64, 24)  // data starts on a 64-byte boundary
        XCTAssertEqual(bytes[bytes.count - 25], 10)  // header ends with a newline
        let back = try DataLoader.loadNPY(p, labelsPath: l)
        XCTAssertEqual(back.labels, [1, 2, 3])
        XCTAssertEqual(back.row(0)[1], 1, accuracy: 1e-6)
        XCTAssertEqual(back.row(2)[0], 30.0 / 255, accuracy: 1e-6)
    }

    func testWriteIntoMissingFolderFails() throws {
        let m = Matrix([[1, 2]])
        let p = dir + "/no/such/folder/x.csv"
        assertDataError(.writeFailed, [p, "does not exist"]) { try CSVFormat.write(ExportedMatrix(m), to: p) }
    }

    /// A table of mixed cells with row IDs: IDs first, then labels as class names, numbers in full, text
    /// quoted when it holds a delimiter (';' too), empty cells empty; as NPY its text is refused by name.
    func testCellsWithIDsAndClassNamesWriteAsOneCSVAndTextIsRefusedAsNPY() throws {
        struct Rows: Exportable {
            func exportValues() throws -> ExportValues {
                ExportValues(count: 2, .cells { r, c in
                    [[ExportCell.number(0.1), .text("a;b", kind: "a string")], [.missing, .number(.infinity)]][r][c]
                })
            }
            var exportColumns: [String] { ["x", "note"] }
            var exportIDs: [String]? { ["r1", "r,2"] }
            var exportLabels: [Int32]? { [1, 0] }
            var exportClassNames: [String]? { ["cat", "dog"] }
        }
        let p = dir + "/rows.csv"
        try CSVFormat.write(Rows(), to: p)
        XCTAssertEqual(try String(contentsOfFile: p, encoding: .utf8), "id,label,x,note\nr1,dog,0.1,\"a;b\"\n\"r,2\",cat,,inf\n")
        let q = dir + "/rows.npy"
        XCTAssertThrowsError(try NPYFormat.write(Rows(), to: q)) { e in
            XCTAssertEqual("\(e)", "column \"note\" is not numeric (row 0 is a string); export the table to .csv")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: q), "a refused export leaves no file")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }, [])
        XCTAssertEqual(ExportFormats.format(for: "a/B.NPY")?.fileExtension, "npy")
        XCTAssertNil(ExportFormats.format(for: "b.txt"))
    }
}
