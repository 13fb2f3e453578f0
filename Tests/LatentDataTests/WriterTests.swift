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
}
