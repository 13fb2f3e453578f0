import Foundation
import XCTest
import LatentCore
import LatentModels
@testable import LatentScript
@testable import LatentCommands

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

    /// Runs `statement` as file "t", expecting it to fail with an error (since the call) containing `text`.
    func expectFailure(_ s: Session, _ output: CapturedOutput, _ statement: String, says text: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        let before = output.errorText.count
        XCTAssertEqual(s.run(statement, file: "t").status, 70, statement, file: file, line: line)
        let error = String(output.errorText.dropFirst(before))
        XCTAssertTrue(error.contains(text), "\(statement):\n\(error)", file: file, line: line)
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
            ("neighbours v d", "neighbours needs a layout force; a vae model has none"),
            ("x = generate m class=1", "generate with class= needs class-conditional decoding; a gne model has none"),
            ("x = generate g class=1", "generate with class= needs class-conditional decoding; an unsupervised gnd model has none"),
            ("x = select v box=[0, 0, 1, 1]", "select needs per-sample tables; a vae model has none; use 'embed' to compute one"),
        ]
        for (statement, sentence) in cases { expectFailure(s, output, statement, says: "error: " + sentence) }
    }

    func testTheCaretPointsAtTheArgumentThatAsked() throws {
        let (s, output) = try session()
        expectFailure(s, output, "x = generate m class=1", says: "t:1:16: error: generate with class=")
        expectFailure(s, output, "t = infer k d", says: "t:1:11: error: infer needs an encoder")
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
        expectFailure(s, output, "reassign m d grid=1", says: "t:1:14: error: grid must be between 2 and 256, got 1")
        expectFailure(s, output, "e = embed m d fit=true lr=0", says: "t:1:24: error: lr must be positive")
        XCTAssertEqual(s.run("help embed\nhelp reassign\nhelp generate", file: "h").status, 0)
        let fit = FitOptions()
        for text in ["(default: \(fit.steps))", "(default: \(fit.learningRate))", "(default: \(fit.latticeSide))",
                     "(default: \(ReassignOptions().latticeSide))", "(default: \(IteratedSamplingOptions().burnIn))",
                     "(default: \(IteratedSamplingOptions().noise))"] {
            XCTAssertTrue(output.standardText.contains(text), "help shows \(text)\n\(output.standardText)")
        }
    }
}

/// A method the commands have never heard of, with per-sample tables and nothing else: the editing
/// commands and `embed` work on it through the ability alone, and the others name what it lacks.
final class FifthMethodTests: XCTestCase {
    /// Borrows gne's config (so its errors call it "a gne model") but has only tables: no layout force.
    final class TableOnly: TableModel {
        let config = ModelConfig(kind: .gne)
        let featureCount = 64
        var history = LossHistory()
        let optimizer = Adam()
        let table: EmbeddingTable
        let decoder: Sequential
        init() {
            var rng = Rng(seed: 1)
            table = EmbeddingTable(count: 200, dims: 2, rng: &rng)
            decoder = .mlp(inputs: 2, hidden: [4], outputs: 64, hiddenActivation: .relu, output: .sigmoid, name: "d", rng: &rng)
        }
        var dims: Int { 2 }
        var tableRows: Int { 200 }
        var tables: [EmbeddingTable] { [table] }
        var parameters: [LatentCore.Parameter] { [table.table] + decoder.parameters }
        var lossComponents: [String] { ["loss"] }
        var trainingEmbedding: Matrix? { table.table.value.copy() }
        func trainStep(_ batch: TrainingBatch, rng: inout Rng) -> [Float] { [0] }
        func decode(_ z: Matrix) -> Matrix { decoder.forward(z).copy() }
    }

    func testCommandsWorkByAbilityNotByKind() throws {
        let output = CapturedOutput()
        let s = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: LatentGoldenTests.directory.path)
        XCTAssertEqual(s.run("set timings false\nd = load \"support/digits200.csv\" label=first scale=16", file: "t").status, 0, output.text)
        let model = TableOnly()
        s.variables["f"] = .object(ModelObject(model: model))
        XCTAssertEqual(s.run("pin f [3, 4]\nmove f [5] to=[1, 2]\ne = embed f d\nr = reassign f d grid=3", file: "t").status, 0, output.text)
        XCTAssertEqual(model.table.pinned, [3, 4, 5])
        XCTAssertEqual(model.table.table.value.rowValues(5), [1, 2])
        XCTAssertEqual((s.variables["e"]?.object as? EmbeddingObject)?.highlighted, [3, 4, 5])
        XCTAssertEqual(s.run("t = infer f d", file: "t").status, 70)
        XCTAssertTrue(output.errorText.contains("infer needs an encoder; a gne model has none"), output.errorText)
        XCTAssertEqual(s.run("neighbours f d", file: "t").status, 70)
        XCTAssertTrue(output.errorText.contains("neighbours needs a layout force; a gne model has none"), output.errorText)
    }
}
