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

    func testBackwardOfWrongShapeIsImpossibleBeforeForward() {
        var rng = Rng(seed: 9)
        let layer = Dense(3, 2, rng: &rng)
        let y = layer.forward(Matrix(rows: 2, cols: 3, repeating: 1))
        XCTAssertEqual(y.rows, 2)
        XCTAssertEqual(y.cols, 2)
    }
}
