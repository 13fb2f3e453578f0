import XCTest
import LatentModels
@testable import LatentScript
@testable import LatentCommands

/// `help model` is written from the kinds' descriptors: each kind's real defaults, and per option the
/// default of every kind that uses it.
final class ModelHelpTests: XCTestCase {
    func testHelpModelShowsEachKindsDefaults() {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: NSTemporaryDirectory())
        XCTAssertEqual(session.run("help model", file: "<t>").status, 0, output.text)
        let text = output.text
        for kind in ModelKind.allCases {
            XCTAssertTrue(text.contains("\(kind.rawValue): \(kind.descriptor.summary).\n  defaults: \(kind.descriptor.defaultsText)\n"), text)
        }
        XCTAssertTrue(text.contains("  defaults: decoder=mlp width=500 depth=10 channels=32\n"), text)
        XCTAssertTrue(text.contains("  defaults: dims=2 decoder=mlp hidden=[64, 256] channels=32 output=auto loss=mse beta=1 supervised=false optimizer=adam plain=false\n"), text)
        XCTAssertTrue(text.contains("hidden width (default 64; kaleido 500)"), text)
        XCTAssertTrue(text.contains("a conv identity map (default residual; gnd, kaleido mlp)"), text)
        XCTAssertTrue(text.contains("output activation (default auto; auto: sigmoid for training data in [0, 1], identity otherwise"), text)
        XCTAssertTrue(text.contains("output=auto (gne, gnd, vae unless output= is given) picks the decoder's output"), text)
    }
}
