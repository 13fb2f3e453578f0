import Foundation
import LatentCore
import XCTest
import LatentTestSupport
@testable import LatentData

/// Random byte mutations of valid files must give a dataset or a DataError, never a crash.
final class FuzzTests: DataTestCase {
    func testMutatedFilesNeverCrash() throws {
        try SlowTests.skipWhenFast()
        let csv = Array("label,a,b,c\n1,0.5,2,3\n0,4,5,6e1\n2,7,8,9\n1,10,11,12\n".utf8)
        let idx = Bytes.idx(dims: [3, 2, 2], data: Array(0..<12))
        let labels = Bytes.idx(dims: [3], data: [0, 1, 2])
        let npy = Bytes.npy(descr: "<f4", shape: "(3, 2)", data: Bytes.f4([1, 2, 3, 4, 5, 6]))
        try write("f-labels-idx1-ubyte", labels)
        let gz = try Array(Data(contentsOf: URL(fileURLWithPath: try writeGzip("g.gz", idx))))
        let tsv = Array("a\tb\tname\n1\t2\tx\n3\t4\ty\n".utf8)
        let npy8 = Bytes.npy(descr: "|u1", shape: "(2, 2, 2)", data: Array(0..<8), major: 2)
        let seeds: [(String, [UInt8])] = [("f.csv", csv), ("f-images-idx3-ubyte", idx), ("f.npy", npy),
                                         ("f-images-idx3-ubyte.gz", gz), ("f.tsv", tsv), ("g.npy", npy8),
                                         ("solo-labels-idx1-ubyte", labels)]
        let iterations = Int(ProcessInfo.processInfo.environment["LATENT_FUZZ_ITERATIONS"] ?? "") ?? 2000
        var rng = Rng(seed: 2024)
        var loaded = 0, rejected = 0
        for trial in 0..<iterations {
            let (name, original) = seeds[trial % seeds.count]
            var bytes = original
            for _ in 0..<(1 + rng.int(below: 4)) {
                guard !bytes.isEmpty else { break }
                let at = rng.int(below: bytes.count)
                switch rng.int(below: 5) {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[at] ^= UInt8(1 << rng.int(below: 8))
                case 2: bytes.removeSubrange(at...)
                case 3: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                default: bytes.remove(at: at)
                }
            }
            let p = try write(name, bytes)
            do {
                let ds = try DataLoader.load(p)
                XCTAssertEqual(ds.floatMatrix().count, ds.count * ds.features)
                loaded += 1
            } catch let e as DataError {
                XCTAssertFalse(e.description.isEmpty)
                rejected += 1
            }
        }
        XCTAssertEqual(loaded + rejected, iterations)
        XCTAssertGreaterThan(rejected, 100)
        print("fuzz: \(loaded) loaded, \(rejected) rejected with DataError")
    }
}
