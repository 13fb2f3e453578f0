import Foundation
import XCTest
@testable import LatentCore

/// The classification loss's gradient against central differences of the loss itself.
final class SoftmaxCrossEntropyTests: XCTestCase {
    func testGradientMatchesCentralDifferences() {
        let z = Matrix([[0.3, -1.2, 2.0], [1.0, 1.0, -0.5]]), targets = [2, 0]
        let g = Matrix(rows: 2, cols: 3)
        SoftmaxCrossEntropy.gradient(logits: z, targets: targets, into: g)
        func loss(_ z: Matrix) -> Double {
            (0..<z.rows).reduce(0.0) { s, r in
                let row = (0..<3).map { Double(z[r, $0]) }
                let m = row.max()!, lse = m + log(row.reduce(0) { $0 + exp($1 - m) })
                return s + (lse - row[targets[r]]) / Double(z.rows)
            }
        }
        for i in 0..<z.count {
            let old = z.base[i]
            z.base[i] = old + 1e-3; let up = loss(z)
            z.base[i] = old - 1e-3; let down = loss(z)
            z.base[i] = old
            XCTAssertEqual(Double(g.base[i]), (up - down) / 2e-3, accuracy: 1e-3, "logit \(i)")
        }
    }
}
