import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// A later `train` keeps the batch and learning rate an earlier call gave: it trains
/// exactly as if it repeated them, and differently from the defaults.
final class TrainKeepsOptionsTests: XCTestCase {
    /// The loss history after `first`, then `second`, on 200 digits with a fixed seed.
    func losses(_ first: String, _ second: String) throws -> [Double] {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: LatentBinary.packageRoot.path)
        let script = """
            set seed 5
            set progress false
            d = head (load "samples/digits.csv" label=first scale=16) 200
            m = model gne dims=2 width=8 blocks=1 plain=true
            \(first)
            \(second)
            losses = m.losses
            """
        XCTAssertEqual(session.run(script, file: "keep.latent").status, 0, output.text)
        return try XCTUnwrap(session.globals.values["losses"]?.list).compactMap(\.number)
    }

    func testASecondTrainKeepsBatchAndLearningRate() throws {
        let kept = try losses("train m d epochs=2 batch=20 lr=0.01", "train m d epochs=3")
        let repeated = try losses("train m d epochs=2 batch=20 lr=0.01", "train m d epochs=3 batch=20 lr=0.01")
        let defaults = try losses("train m d epochs=2 batch=20 lr=0.01", "train m d epochs=3 batch=1024 lr=1e-3")
        XCTAssertEqual(kept.count, 5, "epochs is the count of each call")
        XCTAssertEqual(kept, repeated)
        XCTAssertNotEqual(kept, defaults)
    }

    func testAGivenOptionReplacesTheKeptOne() throws {
        let changed = try losses("train m d epochs=1 batch=20", "train m d epochs=2 batch=50")
        let direct = try losses("train m d epochs=1 batch=20", "train m d epochs=2 batch=50 lr=1e-3")
        XCTAssertEqual(changed, direct)
    }

    func testHelpTrainSaysSo() {
        let output = CapturedOutput()
        Session.latent(output: output, interrupt: InterruptFlag()).run("help train", file: "h")
        XCTAssertTrue(output.text.contains("the\nsettings an earlier call gave (batch, lr) are kept until a call gives them again"), output.text)
    }
}
