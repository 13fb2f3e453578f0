import XCTest
@testable import LatentCore

/// Every backward pass against central differences; the bound 2e-2 is stated and asserted per case.
final class LayerGradientTests: XCTestCase {
    let bound = 2e-2

    func testDenseEveryActivation() {
        for act in Activation.allCases {
            var rng = Rng(seed: 1)
            let layer = Dense(5, 7, activation: act, rng: &rng)
            let err = GradientCheck.maxRelativeError(layer, batch: 4, seed: 2)
            XCTAssertLessThan(err, bound, "dense \(act) max relative error \(err)")
        }
    }

    /// Inputs of at most `NarrowDense.inputLimit` columns take the fused kernels (the case above, sgemm).
    func testNarrowDenseEveryActivation() {
        for act in Activation.allCases {
            var rng = Rng(seed: 11)
            let layer = Dense(2, 40, activation: act, rng: &rng)
            let err = GradientCheck.maxRelativeError(layer, batch: 5, seed: 12)
            XCTAssertLessThan(err, bound, "narrow dense \(act) max relative error \(err)")
        }
    }

    func testResidualBlock() {
        var rng = Rng(seed: 3)
        let block = ResidualBlock(width: 6, rng: &rng)
        let err = GradientCheck.maxRelativeError(block, batch: 5, seed: 4)
        XCTAssertLessThan(err, bound, "residual block max relative error \(err)")
    }

    func testResidualMLPDecoder() {
        var rng = Rng(seed: 5)
        let net = Sequential.residualMLP(inputs: 2, width: 8, blocks: 2, outputs: 9, output: .sigmoid,
                                         name: "dec", rng: &rng)
        let err = GradientCheck.maxRelativeError(net, batch: 3, seed: 6)
        XCTAssertLessThan(err, bound, "residual MLP max relative error \(err)")
    }

    func testPlainMLP() {
        var rng = Rng(seed: 7)
        let net = Sequential.mlp(inputs: 4, hidden: [6, 5], outputs: 3, hiddenActivation: .relu, output: .tanh,
                                 name: "mlp", rng: &rng)
        let err = GradientCheck.maxRelativeError(net, batch: 4, seed: 8)
        XCTAssertLessThan(err, bound, "MLP max relative error \(err)")
    }

    /// The Layer contract: backward returns dL/dx shaped like the input and overwrites the parameters'
    /// gradients (two identical backward passes give the same gradients, not twice them).
    func testBackwardReturnsInputShapeAndOverwritesGradients() {
        var rng = Rng(seed: 9)
        let layer = Dense(3, 2, activation: .tanh, rng: &rng)
        let x = Matrix(rows: 4, cols: 3)
        rng.fillNormal(x.base, count: x.count)
        func gradients() -> ([Float], [Float], [Float]) {
            let y = layer.forward(x)
            XCTAssertEqual(y.rows, 4)
            XCTAssertEqual(y.cols, 2)
            let dy = Matrix(rows: 4, cols: 2, repeating: 1)
            let dx = layer.backward(dy, needInputGradient: true)
            XCTAssertEqual(dx.rows, 4)
            XCTAssertEqual(dx.cols, 3)
            return (Array(UnsafeBufferPointer(start: layer.weight.grad.base, count: layer.weight.grad.count)),
                    Array(UnsafeBufferPointer(start: layer.bias.grad.base, count: layer.bias.grad.count)),
                    Array(UnsafeBufferPointer(start: dx.base, count: dx.count)))
        }
        let first = gradients(), second = gradients()
        XCTAssertTrue(first.0.contains { $0 != 0 } && first.1.contains { $0 != 0 }, "gradients are all zero")
        XCTAssertEqual(first.0, second.0, "weight gradient accumulated instead of overwritten")
        XCTAssertEqual(first.1, second.1, "bias gradient accumulated instead of overwritten")
        XCTAssertEqual(first.2, second.2)
    }
}
