import XCTest
@testable import LatentCore

final class RngTests: XCTestCase {
    func testSameSeedSameStream() {
        var a = Rng(seed: 42), b = Rng(seed: 42), c = Rng(seed: 43)
        let sa = (0..<100).map { _ in a.next() }
        XCTAssertEqual(sa, (0..<100).map { _ in b.next() })
        XCTAssertNotEqual(sa, (0..<100).map { _ in c.next() })
    }

    func testUniformAndNormalMoments() {
        var r = Rng(seed: 7)
        let n = 200_000
        var su = 0.0, sn = 0.0, sn2 = 0.0
        for _ in 0..<n {
            let u = r.uniform(); XCTAssert(u >= 0 && u < 1)
            su += Double(u)
            let z = Double(r.normal()); sn += z; sn2 += z * z
        }
        XCTAssertEqual(su / Double(n), 0.5, accuracy: 0.005)
        XCTAssertEqual(sn / Double(n), 0, accuracy: 0.01)
        XCTAssertEqual(sn2 / Double(n), 1, accuracy: 0.02)
    }

    func testPermutationIsAPermutation() {
        var r = Rng(seed: 1)
        let p = r.permutation(1000)
        XCTAssertEqual(Set(p).count, 1000)
        XCTAssertNotEqual(p, Array(0..<1000))
    }
}
