import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// `train` picks the decoder's output from the data when `output=` is not given, says so once, warns once
/// when data lie outside an explicit output's range, and a saved model keeps the choice.
final class OutputChoiceCommandTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try IrisFixture.csv.write(to: folder.appendingPathComponent("iris.csv"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Runs `script` in a fresh session in the test's folder; the session and everything it printed.
    func run(_ script: String) throws -> (session: Session, text: String) {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: folder.path)
        XCTAssertEqual(session.run(script, file: "t.latent").status, 0, output.text)
        return (session, output.text)
    }

    static let standardIris = "set seed 1\nset timings false\nd = load \"iris.csv\" label=\"species\" scale=standard quiet=true\n"
    static let identityNote = "(data range -2.43 to 3.09 is outside [0, 1])"

    func testStandardisedIrisGetsIdentityAndTrains() throws {

        try SlowTests.skipWhenFast()
        let (session, text) = try run(Self.standardIris + """
            m = model gne
            out = m.output
            train m d epochs=40 batch=16
            train m d epochs=1 batch=16
            r = eval m d knn=5 folds=5 quiet=true
            """)
        XCTAssertEqual(session.globals.values["out"]?.string, "auto")
        XCTAssertEqual(text.components(separatedBy: "gne: output=identity \(Self.identityNote)\n").count, 2,
                       "one line at the first train only: \(text)")
        XCTAssertFalse(text.contains("warning"), text)
        let loss = try XCTUnwrap(session.globals.values["m"]?.object?.member("loss")?.number)
        // a sigmoid output stays at the flat 1.0000 of predicting the mean; identity fits most of the variance
        XCTAssertLessThan(loss, 0.6, "loss after 41 epochs (about 0.5 here)")
        let accuracy = try XCTUnwrap(session.globals.values["r"]?.object?.member("accuracy")?.number)
        XCTAssertGreaterThan(accuracy, 0.8)
    }

    func testGndAndVaeChooseToo() throws {
        let (_, text) = try run(Self.standardIris + """
            g = model gnd
            train g d epochs=1 batch=50
            v = model vae
            train v d epochs=1 batch=50
            """)
        XCTAssertTrue(text.contains("gnd: output=identity \(Self.identityNote)\n"), text)
        XCTAssertTrue(text.contains("vae: output=identity \(Self.identityNote)\n"), text)
    }

    func testDataInTheUnitIntervalKeepSigmoid() throws {
        let (session, text) = try run("""
            set progress true
            d = load "iris.csv" label="species" scale=minmax quiet=true
            m = model gne width=8 blocks=1
            train m d epochs=1 batch=50
            out = m.output
            """)
        XCTAssertFalse(text.contains("output="), "sigmoid on data in [0, 1], as before the choice, is not announced: \(text)")
        XCTAssertEqual(session.globals.values["out"]?.string, "sigmoid")
    }

    func testAnExplicitSigmoidOnStandardisedDataWarnsOnce() throws {
        let (session, text) = try run(Self.standardIris + """
            m = model gne output=sigmoid width=8 blocks=1
            train m d epochs=1 batch=50
            train m d epochs=1 batch=50
            """)
        XCTAssertGreaterThan(try XCTUnwrap(session.globals.values["m"]?.object?.member("loss")?.number), 0.9,
                             "a sigmoid output cannot fit standardised data")
        let warning = "warning: gne output=sigmoid produces values in [0, 1], but the data lie between -2.43 and 3.09; "
            + "the decoder cannot fit the values outside and the loss stays high. Fix: leave output= out to let the data "
            + "choose (identity here), give output=identity, or load the data with scale=minmax\n"
        XCTAssertEqual(text.components(separatedBy: warning).count, 2, "exactly one warning: \(text)")
        XCTAssertFalse(text.contains("gne: output="), "no choice was made: \(text)")
    }

    func testKaleidoOnStandardisedDataWarns() throws {
        let (_, text) = try run(Self.standardIris + """
            k = model kaleido width=8 depth=2
            train k d epochs=1 batch=50
            """)
        XCTAssertTrue(text.contains("warning: kaleido maps data in [0, 1] to its tanh output, but the data lie between -2.43 and 3.09"), text)
    }

    func testASavedModelKeepsTheChoiceAndTheHistoryReplaysIt() throws {
        let (session, text) = try run(Self.standardIris + """
            m = model gne width=8 blocks=1
            train m d epochs=2 batch=50
            save m "m.model"
            l = load "m.model" quiet=true
            out = l.output
            train l d epochs=1 batch=50
            """)
        XCTAssertEqual(session.globals.values["out"]?.string, "identity")
        XCTAssertEqual(text.components(separatedBy: "output=identity").count, 2, "the loaded model decides nothing: \(text)")
        XCTAssertFalse(text.contains("warning"), text)
        // the saved history, replayed, chooses the same output and trains to the same loss
        let replay = try run(session.historyScript())
        XCTAssertEqual(replay.session.globals.values["out"]?.string, "identity")
        XCTAssertEqual(replay.session.globals.values["l"]?.object?.member("loss")?.number,
                       session.globals.values["l"]?.object?.member("loss")?.number)
    }
}
