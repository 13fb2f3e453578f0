import XCTest
import LatentCore
@testable import LatentData

/// `DataLoader.loadShard`: each rank's block of rows, read in place from an uncompressed .npy, and the
/// same rows as cutting the whole file (also for the formats that are read whole).
final class ShardLoaderTests: DataTestCase {
    func testBlocksOfAnNPYFileAreItsRowsInOrder() throws {
        let values = (0..<(7 * 2 * 3)).map { UInt8($0) }
        let p = try write("s.npy", Bytes.npy(descr: "|u1", shape: "(7, 2, 3)", data: values))
        let l = try write("s-labels.npy", Bytes.npy(descr: "<i8", shape: "(7,)", data: Bytes.i8([0, 1, 2, 3, 4, 5, 6])))
        var options = LoadOptions()
        options.labelsPath = l
        let whole = try DataLoader.load(p, options: options)
        var rows: [[Float]] = [], labels: [Int32] = []
        for rank in 0..<3 {
            let (part, shard) = try DataLoader.loadShard(p, options: options, rank: rank, ranks: 3)
            XCTAssertEqual(shard.total, 7)
            XCTAssertEqual(part.count, shard.count)
            XCTAssertEqual(part.imageShape?.height, 2)
            XCTAssertTrue(part.isUInt8)
            rows += (0..<part.count).map { part.row($0) }
            labels += part.labels ?? []
        }
        XCTAssertEqual(rows, (0..<7).map { whole.row($0) })
        XCTAssertEqual(labels, whole.labels)
    }

    func testFloatNPYAndCSVBlocksMatchTheWholeFile() throws {
        let npy = try write("f.npy", Bytes.npy(descr: "<f4", shape: "(5, 2)", data: Bytes.f4([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])))
        let csv = try write("f.csv", Array("1,2\n3,4\n5,6\n7,8\n9,10\n".utf8))
        for path in [npy, csv] {
            var options = LoadOptions()
            options.label = .none
            options.header = .absent
            let (part, shard) = try DataLoader.loadShard(path, options: options, rank: 1, ranks: 2)
            XCTAssertEqual(shard.rows, 2..<5)
            XCTAssertEqual((0..<part.count).map { part.row($0) }, [[5, 6], [7, 8], [9, 10]], path)
        }
    }

    func testATruncatedNPYIsReportedWhenReadInPlace() throws {
        var bytes = Bytes.npy(descr: "|u1", shape: "(4, 3)", data: Array(0..<12))
        bytes.removeLast(2)
        let p = try write("t.npy", bytes)
        XCTAssertThrowsError(try DataLoader.loadShard(p, rank: 0, ranks: 2)) { error in
            XCTAssertTrue("\(error)".contains("the header declares shape (4, 3) of '|u1' = 12 data bytes, but the file holds 10"), "\(error)")
        }
    }
}
