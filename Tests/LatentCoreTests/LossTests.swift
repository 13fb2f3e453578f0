import XCTest
@testable import LatentCore

final class LossTests: XCTestCase {
    /// dL/dy from `evaluate` against central differences of the returned loss.
    func checkGradient(_ loss: Loss, _ reduction: Reduction, file: StaticString = #filePath, line: UInt = #line) {
        var rng = Rng(seed: 11)
        let y = Matrix(rows: 3, cols: 11)           // odd width exercises the SIMD tail
        rng.fillUniform(y.base, count: y.count, 0.05, 0.95)
        let x = Matrix(rows: 3, cols: 11)
        rng.fillUniform(x.base, count: x.count, 0, 1)
        let g = Matrix(rows: 3, cols: 11)
        _ = loss.evaluate(prediction: y, target: x, grad: g, reduction: reduction)
        let scratch = Matrix(rows: 3, cols: 11)
        let eps: Float = 1e-3
        var worst = 0.0
        for i in 0..<y.count {
            let old = y.base[i]
            y.base[i] = old + eps
            let up = Double(loss.evaluate(prediction: y, target: x, grad: scratch, reduction: reduction))
            y.base[i] = old - eps
            let down = Double(loss.evaluate(prediction: y, target: x, grad: scratch, reduction: reduction))
            y.base[i] = old
            let numeric = (up - down) / Double(2 * eps)
            worst = max(worst, abs(numeric - Double(g.base[i])) / max(1e-3, abs(numeric) + abs(Double(g.base[i]))))
        }
        XCTAssertLessThan(worst, 2e-2, "\(loss) \(reduction) gradient max relative error \(worst)", file: file, line: line)
    }

    func testMSEGradients() { checkGradient(.mse, .mean); checkGradient(.mse, .sumFeaturesMeanBatch) }
    func testBCEGradients() { checkGradient(.bce, .mean); checkGradient(.bce, .sumFeaturesMeanBatch) }

    func testMSEValue() {
        let y = Matrix([[1, 2], [3, 4]])
        let x = Matrix([[0, 2], [3, 2]])
        let g = Matrix(rows: 2, cols: 2)
        XCTAssertEqual(Loss.mse.evaluate(prediction: y, target: x, grad: g, reduction: .mean), 5.0 / 4, accuracy: 1e-6)
        XCTAssertEqual(Loss.mse.evaluate(prediction: y, target: x, grad: g, reduction: .sumFeaturesMeanBatch), 5.0 / 2,
                       accuracy: 1e-6)
        XCTAssertEqual(g.values, [1, 0, 0, 2].map { Float($0) })   // 2(y-x)/B
    }

    func testBCEValue() {
        let y = Matrix([[0.25, 0.5]])
        let x = Matrix([[1, 0]])
        let g = Matrix(rows: 1, cols: 2)
        let expected = (-log(0.25) - log(0.5)) / 2
        XCTAssertEqual(Double(Loss.bce.evaluate(prediction: y, target: x, grad: g, reduction: .mean)), expected, accuracy: 1e-5)
    }
}
