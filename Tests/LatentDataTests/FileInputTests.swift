import Foundation
import XCTest
@testable import LatentData

/// Inputs that are not regular files, gzip bombs, Ctrl-C while inflating, overflowing sizes,
/// hostile bytes in messages and CR-only CSVs, each answered with a sentence naming the file.
final class FileInputTests: DataTestCase {
    func testFolderFifoAndDeviceAreRefusedWithoutBlocking() throws {
        try FileManager.default.createDirectory(atPath: dir + "/mnist", withIntermediateDirectories: false)
        assertDataError(.missingFile, [dir + "/mnist: is a folder"]) { try DataLoader.load(dir + "/mnist") }
        assertDataError(.missingFile, [dir + "/mnist.csv: is a folder"]) {
            try FileManager.default.createDirectory(atPath: dir + "/mnist.csv", withIntermediateDirectories: false)
            return try DataLoader.load(dir + "/mnist.csv")
        }
        XCTAssertEqual(mkfifo(dir + "/f.csv", 0o600), 0)
        assertDataError(.missingFile, ["f.csv: is not a regular file (a FIFO)"]) { try DataLoader.load(dir + "/f.csv") }
        assertDataError(.missingFile, ["/dev/zero: is not a regular file (a character device)"]) { try DataLoader.load("/dev/zero") }
        assertDataError(.unreadable, ["/proc/self/mem: cannot be read: an input/output error"]) {
            try DataLoader.loadCSV("/proc/self/mem")
        }
    }

    /// A gzipped IDX whose header declares 10 images of 28 x 28 but which inflates to 40 MB stops at the
    /// declared size instead of inflating everything.
    func testGzipBombStopsAtTheSizeTheHeaderDeclares() throws {
        let header = Bytes.idx(dims: [10, 28, 28], data: [])
        let path = try writeGzip("bomb-images-idx3-ubyte.gz", header + [UInt8](repeating: 0, count: 40_000_000))
        assertDataError(.sizeMismatch, ["decompress to more than the 7856 bytes its header declares"]) {
            try DataLoader.load(path)
        }
        let npy = Bytes.npy(descr: "|u1", shape: "(4, 4)", data: [])
        let npyPath = try writeGzip("bomb.npy.gz", npy + [UInt8](repeating: 1, count: 5_000_000))
        assertDataError(.sizeMismatch, ["decompress to more than the \(npy.count + 16) bytes its header declares"]) {
            try DataLoader.load(npyPath)
        }
    }

    func testMemoryLimitAndInterruptStopInflation() throws {
        let text = String(repeating: "1,2,3,4\n", count: 200_000)
        let path = try writeGzip("big.csv.gz", Array(text.utf8))
        var options = LoadOptions()
        options.memoryLimit = 100_000
        assertDataError(.sizeMismatch, ["big.csv.gz", "more than the memory limit of 100000 bytes"]) {
            try DataLoader.load(path, options: options)
        }
        options = LoadOptions()
        options.shouldStop = { true }
        assertDataError(.interrupted, ["big.csv.gz: reading was interrupted"]) { try DataLoader.load(path, options: options) }
        XCTAssertEqual(try DataLoader.load(path).count, 200_000)
    }

    /// The shard path uses the same validator as the whole-file path: no samples without features.
    func testShardedNPYWithoutFeaturesIsRefused() throws {
        let path = try write("empty-rows.npy", Bytes.npy(descr: "<f4", shape: "(3, 0)", data: []))
        assertDataError(.emptyFile, ["empty-rows.npy", "expected at least one value per sample"]) {
            try DataLoader.loadShard(path, rank: 0, ranks: 2)
        }
        assertDataError(.emptyFile, ["empty-rows.npy", "expected at least one value per sample"]) { try DataLoader.load(path) }
    }

    func testOverflowingImageShapeIsRefused() throws {
        let path = try write("s.csv", text: (1...16).map(String.init).joined(separator: ",") + "\n")
        var options = LoadOptions()
        options.label = .none
        options.header = .absent
        options.imageShape = (16_777_232, 1_099_510_579_201)   // the product wraps to 16 in 64 bits
        assertDataError(.invalidArgument, ["image shape 16777232x1099510579201 does not match 16 features"]) {
            try DataLoader.load(path, options: options)
        }
    }

    func testControlBytesAreEscapedInMessages() throws {
        let path = try write("esc.csv", text: "a,b\n1,\u{1B}]0;owned\u{07}\u{0}\n")
        var unlabelled = LoadOptions()
        unlabelled.label = .none   // label=auto would take the text column as the labels
        assertDataError(.nonNumeric, ["esc.csv:2: column 2 ('b'): expected a number, found '\\u{1B}]0;owned\\u{7}\\u{0}'"]) {
            try DataLoader.load(path, options: unlabelled)
        }
        let npy = try write("k.npy", Bytes.npy(descr: "<f4\u{1B}[2J", shape: "(1,)", data: Bytes.f4([1])))
        do { _ = try DataLoader.load(npy); XCTFail("loaded") } catch {
            XCTAssertFalse("\(error)".contains("\u{1B}"), "\(error)")
            XCTAssertTrue("\(error)".contains("'<f4\\u{1B}[2J'"), "\(error)")
        }
    }

    func testCarriageReturnOnlyCSVIsExplained() throws {
        let path = try write("mac.csv", text: "a,b\r1,2\r3,4\r")
        assertDataError(.malformed, ["mac.csv: byte offset 3: ends its lines with a carriage return (CR) alone"]) {
            try DataLoader.load(path)
        }
        XCTAssertEqual(try DataLoader.load(try write("dos.csv", text: "a,b\r\n1,2\r\n")).count, 1)
        XCTAssertEqual(try DataLoader.load(try write("one.csv", text: "1,2\r")).count, 1)
    }

    func testContinuousLabelColumnIsFlagged() throws {
        var text = "x,y\n"
        for i in 0..<40 { text += "\(i),\(Double(i) / 7)\n" }
        let ds = try DataLoader.load(try write("reg.csv", text: text))
        XCTAssertEqual(ds.labelWarning?.hasPrefix("the labels of 'reg' look continuous: 40 distinct numbers"), true, ds.labelWarning ?? "nil")
        let classes = try DataLoader.load(try write("cls.csv", text: "x,label\n1,cat\n2,dog\n3,7\n"))
        XCTAssertNil(classes.labelWarning)
    }
}
