import Foundation
import XCTest
import LatentModels
@testable import LatentScript

/// Every command that needs an ability says which one, and what kind of model lacks it, pointing at the
/// argument that asked; help shows the option structs' defaults.
final class CapabilityErrorTests: XCTestCase {
    /// A session with digits loaded and one small trained model of each kind (g: unsupervised gnd).
    func session() throws -> (Session, CapturedOutput) {
        let output = CapturedOutput()
        let s = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: LatentGoldenTests.directory.path)
        let setup = """
        set timings false
        d = load "support/digits200.csv" label=first scale=16
        m = model gne dims=2 width=8 blocks=1
        g = model gnd dims=2 hidden=[8]
        v = model vae dims=2 width=8 blocks=1
        k = model kaleido depth=2 width=8
        train m d epochs=1 batch=100
        train g d epochs=1 batch=100
        train v d epochs=1 batch=100
        train k d epochs=1 batch=100
        """
        XCTAssertEqual(s.run(setup, file: "setup").status, 0, output.text)
        return (s, output)
    }

    func testEachCommandNamesTheMissingAbilityAndTheKind() throws {
        let (s, output) = try session()
        let cases: [(String, String)] = [
            ("e = embed k d", "embed needs an encoder or per-sample tables; a kaleido model has neither"),
            ("r = eval k d", "eval needs an encoder or per-sample tables; a kaleido model has neither"),
            ("t = infer m d", "infer needs an encoder; a gne model has none"),
            ("pin v [0, 1]", "pin needs per-sample tables; a vae model has none"),
            ("unpin k", "unpin needs per-sample tables; a kaleido model has none"),
            ("move v [0] to=[0, 0]", "move needs per-sample tables; a vae model has none"),
            ("reassign k d", "reassign needs per-sample tables; a kaleido model has none"),
            ("neighbours g d", "neighbours needs a layout force; a gnd model has none"),
            ("x = generate m class=1", "generate with class= needs class-conditional decoding; a gne model has none"),
            ("x = generate g class=1", "generate with class= needs class-conditional decoding; an unsupervised gnd model has none"),
            ("x = select v box=[0, 0, 1, 1]", "select needs per-sample tables; a vae model has none; use 'embed' to compute one"),
        ]
        for (line, sentence) in cases {
            let before = output.errorText.count
            XCTAssertEqual(s.run(line, file: "t").status, 70, line)
            let error = String(output.errorText.dropFirst(before))
            XCTAssertTrue(error.contains("error: " + sentence), "\(line):\n\(error)")
        }
    }

    func testTheCaretPointsAtTheArgumentThatAsked() throws {
        let (s, output) = try session()
        XCTAssertEqual(s.run("x = generate m class=1", file: "t").status, 70)
        XCTAssertTrue(output.errorText.contains("t:1:16: error: generate with class="), output.errorText)
        XCTAssertEqual(s.run("t = infer k d", file: "u").status, 70)
        XCTAssertTrue(output.errorText.contains("u:1:11: error: infer needs an encoder"), output.errorText)
    }

    func testTheAbilitiesThatArePresentStillWork() throws {
        let (s, output) = try session()
        XCTAssertEqual(s.run("pin g [0, 1]\nreassign g d grid=4\nt = infer v d steps=2\ne = embed v d", file: "t").status, 0, output.text)
        XCTAssertTrue(output.text.contains("pinned 2 rows (2 in all)"), output.text)
        XCTAssertTrue(output.text.contains("reassign: moved "), output.text)
    }

    func testInitialisingAModelWithoutTablesNamesTheAbility() throws {
        let (s, _) = try session()
        let object = ModelObject(config: ModelConfig(kind: .vae))
        object.pendingInit = .pca
        let data = try XCTUnwrap(s.variables["d"]?.object as? DatasetObject)
        XCTAssertThrowsError(try object.build(for: data.dataset, session: s)) {
            XCTAssertEqual(($0 as? CommandError)?.message, "init= needs per-sample tables; a vae model has none")
            XCTAssertEqual(($0 as? CommandError)?.argument, "init")
        }
    }

    func testOptionErrorsPointAtTheirOptionAndHelpShowsTheStructDefaults() throws {
        let (s, output) = try session()
        XCTAssertEqual(s.run("reassign m d grid=1", file: "t").status, 70)
        XCTAssertTrue(output.errorText.contains("t:1:14: error: grid must be between 2 and 256, got 1"), output.errorText)
        XCTAssertEqual(s.run("e = embed m d fit=true lr=0", file: "u").status, 70)
        XCTAssertTrue(output.errorText.contains("u:1:24: error: lr must be positive"), output.errorText)
        XCTAssertEqual(s.run("help embed\nhelp reassign\nhelp generate", file: "h").status, 0)
        let fit = FitOptions()
        for text in ["(default: \(fit.steps))", "(default: \(fit.learningRate))", "(default: \(fit.latticeSide))",
                     "(default: \(ReassignOptions().latticeSide))", "(default: \(IteratedSamplingOptions().burnIn))",
                     "(default: \(IteratedSamplingOptions().noise))"] {
            XCTAssertTrue(output.standardText.contains(text), "help shows \(text)\n\(output.standardText)")
        }
    }
}
