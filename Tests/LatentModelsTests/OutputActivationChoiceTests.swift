import XCTest
import LatentCore
@testable import LatentModels

/// The output activation chosen from the training data's range, the warning when data lie
/// outside an output's range, and the choice kept by a checkpoint.
final class OutputActivationChoiceTests: XCTestCase {
    func testDataInTheUnitIntervalGetSigmoidAndOtherDataIdentity() {
        let unit = OutputActivationChoice(kind: .gne, loss: .mse, low: 0, high: 1)
        XCTAssertEqual(unit.activation, .sigmoid)
        XCTAssertTrue(unit.isUsual)
        XCTAssertEqual(unit.note, "gne: output=sigmoid (data range 0 to 1 lies in [0, 1])")
        let standard = OutputActivationChoice(kind: .gnd, loss: .mse, low: -2.43, high: 3.09)
        XCTAssertEqual(standard.activation, .identity)
        XCTAssertEqual(standard.note, "gnd: output=identity (data range -2.43 to 3.09 is outside [0, 1])")
        XCTAssertEqual(OutputActivationChoice(kind: .vae, loss: .mse, low: -0.5, high: 0.5).activation, .identity,
                       "data in [-1, 1] outside [0, 1] get identity, not tanh")
        XCTAssertEqual(OutputActivationChoice(kind: .vae, loss: .mse, low: 0, high: 255).activation, .identity)
        let bce = OutputActivationChoice(kind: .gne, loss: .bce, low: -1, high: 2)
        XCTAssertEqual(bce.activation, .sigmoid, "loss=bce needs sigmoid")
        XCTAssertEqual(bce.note, "gne: output=sigmoid (data range -1 to 2 is outside [0, 1], but loss=bce needs sigmoid)")
    }

    func testTheRangeOfASampleSourceCoversEveryBlockOfRows() {
        // more rows than one block holds (2^16 / 3 features), the extremes in the last block
        let n = 30_000, x = Matrix(rows: n, cols: 3)
        for i in 0..<x.count { x.base[i] = Float(i % 7) / 7 }
        x[n - 1, 2] = -4; x[n - 2, 0] = 9.5
        let r = OutputActivationChoice.range(of: x)
        XCTAssertEqual(r.low, -4)
        XCTAssertEqual(r.high, 9.5)
    }

    func testTheWarningNamesTheRangeAndTheFix() {
        var c = ModelConfig(kind: .gne)
        c.outputFromData = false
        XCTAssertNil(OutputActivationChoice.rangeWarning(c, low: 0, high: 1))
        XCTAssertEqual(OutputActivationChoice.rangeWarning(c, low: -2.43, high: 3.09),
                       "gne output=sigmoid produces values in [0, 1], but the data lie between -2.43 and 3.09; the decoder "
                       + "cannot fit the values outside and the loss stays high. Fix: leave output= out to let the data choose "
                       + "(identity here), give output=identity, or load the data with scale=minmax")
        c.output = .identity
        XCTAssertNil(OutputActivationChoice.rangeWarning(c, low: -100, high: 100))
        c.output = .tanh
        XCTAssertNil(OutputActivationChoice.rangeWarning(c, low: -1, high: 1))
        XCTAssertNotNil(OutputActivationChoice.rangeWarning(c, low: -1, high: 1.5))
        let kaleido = ModelConfig(kind: .kaleido)
        XCTAssertNil(kaleido.outputFromData, "kaleido keeps its own tanh output")
        XCTAssertNil(OutputActivationChoice.rangeWarning(kaleido, low: 0, high: 1))
        XCTAssertEqual(OutputActivationChoice.rangeWarning(kaleido, low: -1, high: 1),
                       "kaleido maps data in [0, 1] to its tanh output, but the data lie between -1 and 1; the loss cannot "
                       + "fall below the part outside. Load the data with scale=minmax (or scale them to [0, 1])")
    }

    func testTheChoiceSurvivesACheckpoint() throws {
        for kind in [ModelKind.gne, .gnd, .vae] {
            var c = ModelConfig(kind: kind)
            XCTAssertEqual(c.outputFromData, true, "\(kind) leaves its output to the data")
            c.output = .identity      // what the first build chose for standardised data
            var rng = Rng(seed: 1)
            let model = try ModelFactory.make(c, samples: 10, features: 3, rng: &rng)
            let loaded = try Checkpoint.decode(try Checkpoint.encode(model), path: "m.model")
            XCTAssertEqual(loaded.config.output, .identity, "\(kind)")
            XCTAssertEqual(loaded.config.outputFromData, true, "\(kind)")
            XCTAssertEqual(loaded.config, model.config)
        }
    }
}
