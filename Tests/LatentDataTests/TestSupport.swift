import CZlib
import Foundation
import XCTest
@testable import LatentData

/// A fresh temporary folder per test case, removed afterwards.
class DataTestCase: XCTestCase {
    var dir: String = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "latent-data-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes `bytes` to `dir/name` and returns the path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `text` (UTF-8) to `dir/name` and returns the path.
    @discardableResult
    func write(_ name: String, text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    /// Writes `bytes` gzip-compressed with zlib's gzwrite and returns the path.
    @discardableResult
    func writeGzip(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        guard let gz = gzopen(path, "wb") else { throw XCTSkip("gzopen failed") }
        let n = bytes.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) }
        gzclose(gz)
        XCTAssertEqual(Int(n), bytes.count)
        return path
    }

    /// Asserts that `body` throws a `DataError` of `kind` whose message contains every fragment.
    func assertDataError<T>(_ kind: DataError.Kind, _ fragments: [String], file: StaticString = #filePath,
                            line: UInt = #line, _ body: () throws -> T) {
        do {
            _ = try body()
            XCTFail("expected a \(kind) error", file: file, line: line)
        } catch let e as DataError {
            XCTAssertEqual(e.kind, kind, "message: \(e)", file: file, line: line)
            for f in fragments {
                XCTAssertTrue(e.description.contains(f), "'\(e)' does not contain '\(f)'", file: file, line: line)
            }
        } catch {
            XCTFail("expected DataError, got \(error)", file: file, line: line)
        }
    }
}

/// Builders for binary test files.
enum Bytes {
    /// An unsigned-byte IDX file: magic 00 00 08 ndim, big-endian dims, data.
    static func idx(dims: [Int], data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0, 0, 8, UInt8(dims.count)]
        for d in dims { out += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)] }
        return out + data
    }

    /// A v1.0 NPY file with the given header dict text and data bytes (header padded to 64 bytes).
    static func npy(descr: String, shape: String, fortran: Bool = false, data: [UInt8], major: UInt8 = 1) -> [UInt8] {
        var dict = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        let prefix = major == 1 ? 10 : 12
        let unpadded = prefix + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let len = dict.utf8.count
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, major, 0]
        out += major == 1 ? [UInt8(len & 0xFF), UInt8(len >> 8)] : [UInt8(len & 0xFF), UInt8(len >> 8 & 0xFF), 0, 0]
        return out + Array(dict.utf8) + data
    }

    /// Little-endian float32 bytes.
    static func f4(_ v: [Float]) -> [UInt8] { v.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) } }
    /// Little-endian float64 bytes.
    static func f8(_ v: [Double]) -> [UInt8] { v.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) } }
    /// Little-endian int64 bytes.
    static func i8(_ v: [Int64]) -> [UInt8] { v.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } }
}
