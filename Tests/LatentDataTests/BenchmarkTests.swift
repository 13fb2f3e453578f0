import Foundation
import LatentCore
import XCTest
@testable import LatentData

/// Timings on MNIST; run with `LATENT_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter BenchmarkTests`.
final class BenchmarkTests: DataTestCase {
    func testMNISTLoadAndBatchTimings() throws {
        guard ProcessInfo.processInfo.environment["LATENT_BENCH"] == "1" else { throw XCTSkip("set LATENT_BENCH=1 to run benchmarks") }
        guard let folder = sharedDataFolder() else { throw XCTSkip("../shared/data is absent") }
        func clock<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
            let t = Date()
            let v = try body()
            print(String(format: "bench %@: %.3f s (max RSS %d MB)", label, Date().timeIntervalSince(t), maxRSSMB()))
            return v
        }
        let ds = try clock("load train IDX.gz") { try DataLoader.load(folder + "/mnist/train-images-idx3-ubyte.gz") }
        let scaled = try ds.dividedBy(255)
        var rng = Rng(seed: 1)
        let perm = rng.permutation(ds.count)
        var out = [Float](repeating: 0, count: 1024 * 784)
        clock("fillRows 58 shuffled batches of 1024 (one epoch)") {
            var start = 0
            while start + 1024 <= perm.count {
                perm[start..<start + 1024].withUnsafeBufferPointer { i in
                    out.withUnsafeMutableBufferPointer { scaled.fillRows(i, into: $0.baseAddress!) }
                }
                start += 1024
            }
        }
        _ = try clock("standardized (stats pass)") { try ds.standardized() }
        let m = clock("floatMatrix") { scaled.floatMatrix() }
        XCTAssertEqual(m.rows, 60000)
        let csv = dir + "/mnist.csv"
        try clock("write CSV") { try DataWriter.writeCSV(ds, to: csv) }
        let back = try clock("load CSV 60000x785") { try DataLoader.load(csv) }
        XCTAssertTrue(back.isUInt8)
        XCTAssertEqual(back.labels, ds.labels)
    }
}


func maxRSSMB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}
