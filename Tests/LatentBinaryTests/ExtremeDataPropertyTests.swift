import Foundation
import XCTest
import LatentTestSupport

/// Every command that takes data, fed each class of extreme data through the `latent` executable: NaN,
/// +inf and -inf (NPY, which stores them), values near 1e20, denormals, constant columns, one row, two
/// rows, and k at or above the number of points. Each statement either does its work or stops with a
/// sentence (`file:line:col: error: ...`); the process always ends by itself with 0 or 70, never by a
/// signal or a Swift runtime trap; and any score it prints is a number in its range, never NaN.
/// About 20 s on the debug build (one run per class, each training three small models): slow.
final class ExtremeDataPropertyTests: XCTestCase {
    /// The statements run on every class (`FILE` is the data file); each may fail, with a sentence.
    static let script = """
        set timings false
        set seed 3
        d = load "FILE" image=[2, 2]
        print "loaded {d.count}"
        h = head d 1
        s = sample d 1
        p = split d test=0.5
        c = concat d d
        a = scale d max
        b = scale d minmax
        z = scale d standard
        export d to "copy.csv"
        export z to "copy.npy"
        g = augment d copies=2
        m = model gne dims=2
        train m d epochs=2 batch=2
        r = eval m d knn=3 trust=2 quiet=true
        print "accuracy {r.accuracy} trustworthiness {r.trustworthiness}"
        r10 = eval m d knn=10 quiet=true
        e = embed m d steps=2
        neighbours m d k=10 pca=0
        n = model gne dims=2 init=spectral
        neighbours n d k=10 graph=approx pca=0 layout=2
        train n d epochs=1 batch=2
        reassign n d grid=3
        v = model vae dims=2
        train v d epochs=1 batch=2
        t = infer v d steps=2
        x = generate m grid=3
        plot embedding m to "e.png"
        plot images x to "x.png"
        """

    /// Little-endian float32 NPY of shape (rows, 4).
    func npy(_ values: [Float]) -> Data {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(values.count / 4), 4), }"
        dict += String(repeating: " ", count: (64 - (10 + dict.utf8.count + 1) % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(dict.utf8.count & 0xFF), UInt8(dict.utf8.count >> 8)]
        bytes += Array(dict.utf8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        return Data(bytes)
    }

    /// CSV text of rows of four values and a 0/1 label.
    func csv(_ rows: [[Double]]) -> Data {
        var lines = ["a,b,c,d,label"]
        for (r, values) in rows.enumerated() {
            let cells: [String] = values.map { "\($0)" }
            lines.append(cells.joined(separator: ",") + ",\(r % 2)")
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    func testEveryDataCommandTakesEveryExtremeClassThroughTheBinary() throws {
        try SlowTests.skipWhenFast()
        var spread: [[Double]] = []    // 12 rows of 4 values in [0, 1]
        for r in 0..<12 {
            var row: [Double] = []
            for c in 0..<4 { row.append(Double((r * 7 + c * 3) % 11) / 10) }
            spread.append(row)
        }
        func times(_ factor: Double) -> [[Double]] { spread.map { row in row.map { $0 * factor } } }
        var classes: [(String, Data)] = [
            ("huge.csv", csv(times(1e20))),
            ("denormal.csv", csv(times(1e-40))),
            ("constant.csv", csv([[Double]](repeating: [3, 3, 3, 3], count: 12))),
            ("one-row.csv", csv([spread[0]])),
            ("two-rows.csv", csv(Array(spread.prefix(2)))),
            ("few-rows.csv", csv(Array(spread.prefix(5)))),        // k = 10 and knn = 10 exceed the points
        ]
        for (name, bad) in [("nan.npy", Float.nan), ("inf.npy", Float.infinity), ("minus-inf.npy", -Float.infinity)] {
            var values: [Float] = spread.flatMap { row in row.map { Float($0) } }
            values[5] = bad
            classes.append((name, npy(values)))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-property-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, data) in classes {
            try data.write(to: folder.appendingPathComponent(name))
            try Self.script.replacingOccurrences(of: "FILE", with: name).write(to: folder.appendingPathComponent("run.latent"),
                                                                                atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = try LatentBinary.binary()
            process.arguments = ["run", "--keep-going", "run.latent"]
            process.currentDirectoryURL = folder
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .exit, "\(name): killed by signal \(process.terminationStatus): \(text)")
            XCTAssertTrue([0, 70].contains(process.terminationStatus), "\(name): status \(process.terminationStatus): \(text)")
            for trap in ["Fatal error", "Swift runtime failure", "Illegal instruction", "Segmentation"] {
                XCTAssertFalse(text.contains(trap), "\(name): \(text)")
            }
            for line in text.split(separator: "\n") where line.contains("error:") {
                let sentence = line.components(separatedBy: "error: ").last ?? ""
                XCTAssertGreaterThanOrEqual(sentence.split(separator: " ").count, 3, "\(name): not a sentence: \(line)")
            }
            for line in text.split(separator: "\n") where line.hasPrefix("accuracy ") {
                let numbers = line.split(separator: " ").compactMap { Double($0) }
                XCTAssertEqual(numbers.count, 2, "\(name): \(line)")
                XCTAssertTrue(numbers.allSatisfy { (0...1).contains($0) }, "\(name): scores out of range: \(line)")
            }
        }
    }
}
