import LatentFiles
import Foundation
import XCTest
@testable import LatentScript

final class SessionTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testSavedHistoryReproducesOutputInAFreshSession() throws {
        let (first, out1) = makeToySession(baseDirectory: folder.path)
        let statements = ["a = roll count=4", "set seed 11", "b = roll sides=20", "vars", "bad = fail",
                          "for i in [1, 2] {\n  print i (add i 0.5)\n}", "print a b", "help add"]
        for statement in statements { first.run(statement, file: "<stdin>") }
        let replayed = ["a = roll count=4", "set seed 11", "b = roll sides=20",
                        "for i in [1, 2] {\n  print i (add i 0.5)\n}", "print a b"]
        XCTAssertEqual(first.history, replayed, "only successful statements, without help/vars")
        XCTAssertEqual(first.run("save history \"h.latent\"", file: "<stdin>").status, 0)
        let script = try String(contentsOf: folder.appendingPathComponent("out/h.latent"), encoding: .utf8)
        XCTAssertTrue(script.contains("set seed 42\n"), script)

        let (second, out2) = makeToySession(baseDirectory: folder.path)
        XCTAssertEqual(second.runFile("h.latent").status, 0)
        let printed1 = out1.standardText.components(separatedBy: "\n").filter { $0.hasPrefix("1 ") || $0.hasPrefix("2 ") || $0.hasPrefix("[") }
        let printed2 = out2.standardText.components(separatedBy: "\n")
        XCTAssertFalse(printed1.isEmpty)
        XCTAssertEqual(printed1, printed2.filter { !$0.isEmpty })
        XCTAssertEqual(first.variables["b"]?.description, second.variables["b"]?.description)
    }

    /// A def typed at the prompt is history like any statement: the saved script defines it again
    /// before its calls, and replays the same numbers; a recorded transcript shows it too.
    func testUserCommandsAndTablesReplayFromSavedHistory() throws {
        let (first, out1) = makeToySession(baseDirectory: folder.path)
        XCTAssertEqual(first.run("record \"notes.md\"", file: "<stdin>").status, 0)
        let statements = ["def draw n sides=6 {   # rolls and sums\n  xs = roll count=n sides=sides\n  return sum xs\n}",
                          "t = table", "for k in [1, 2, 3] { append t k=k total=(draw k) }", "print t", "help draw",
                          "print (max t.total) \"{mean t.total:.2f}\""]
        for statement in statements { XCTAssertEqual(first.run(statement, file: "<stdin>").status, 0, out1.text) }
        XCTAssertEqual(first.run("save history \"h.latent\"", file: "<stdin>").status, 0)
        first.stopRecording()
        let script = try String(contentsOf: folder.appendingPathComponent("out/h.latent"), encoding: .utf8)
        XCTAssertTrue(script.contains("def draw n sides=6 {"), script)
        XCTAssertFalse(script.contains("help draw"), script)
        let notes = try String(contentsOf: folder.appendingPathComponent("out/notes.md"), encoding: .utf8)
        XCTAssertTrue(notes.contains("```latent\ndef draw n sides=6 {"), notes)

        let (second, out2) = makeToySession(baseDirectory: folder.path)
        XCTAssertEqual(second.runFile("h.latent").status, 0, out2.text)
        let table = { (s: String) in s.split(separator: "\n").filter { $0.hasPrefix("k") || $0.first?.isNumber == true } }
        XCTAssertEqual(table(out1.standardText), table(out2.standardText))
        XCTAssertEqual(table(out2.standardText).count, 5, out2.text)
        XCTAssertEqual(second.registry.command(named: "draw")?.usage, "draw N [sides=VALUE]")
    }

    func testRuntimeErrorLeavesVariablesAsTheyWere() {
        let (session, output) = makeToySession(baseDirectory: folder.path)
        session.run("x = 5\nc = counter start=2", file: "t")
        XCTAssertEqual(session.run("x = fail \"no\"", file: "t").status, 70)
        XCTAssertEqual(session.variables["x"]?.int, 5)
        XCTAssertEqual(session.run("x = bump x", file: "t").status, 70)
        XCTAssertEqual(session.variables["x"]?.int, 5)
        XCTAssertTrue(output.errorText.contains("argument 'counter' of 'bump' expects a Counter, got number 5"))
        XCTAssertEqual(session.run("del x\nx", file: "t").status, 70)
        XCTAssertNil(session.variables["x"])
    }

    func testCommandsStopWhenInterruptedAndTheFlagClearsForTheNextStatement() {
        let (session, output) = makeToySession(baseDirectory: folder.path)
        let flag = session.interrupt
        let raiser = Thread { usleep(50_000); flag.set() }
        raiser.start()
        let result = session.run("sleep ms=20000", file: "t")
        XCTAssertEqual(result.status, 70)
        XCTAssertTrue(output.errorText.contains("'sleep' was interrupted"), output.errorText)
        XCTAssertEqual(session.run("sleep ms=1\nprint \"after\"", file: "t").status, 0)
        XCTAssertTrue(output.standardText.hasSuffix("after\n"))
    }

    func testLoopsStopWhenInterrupted() {
        let (session, output) = makeToySession(baseDirectory: folder.path)
        let raiser = Thread { [flag = session.interrupt] in usleep(50_000); flag.set() }
        raiser.start()
        let result = session.run("n = 0\nrepeat 100000 { n = add n 1; sleep ms=1 }", file: "t")
        XCTAssertEqual(result.status, 70)
        XCTAssertTrue(output.errorText.contains("interrupted"))
        XCTAssertLessThan(session.variables["n"]?.number ?? 1e9, 100000)
    }

    func testRecordWritesMarkdownWithOutputAndPlotLinks() throws {
        let (session, _) = makeToySession(baseDirectory: folder.path)
        let text = "record \"notes/session.md\"\nx = add 1 2\nx\nplot toy to \"figs/a.png\"\nfail \"oops\"\nrecord stop\nprint \"unrecorded\""
        session.run(text, file: "t", keepGoing: true)
        let markdown = try String(contentsOf: folder.appendingPathComponent("notes/session.md"), encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("# latent session\n"))
        XCTAssertTrue(markdown.contains("```latent\nx = add 1 2\n```\n"), markdown)
        XCTAssertTrue(markdown.contains("```latent\nx\n```\n\n```text\n3\n```\n"), markdown)
        XCTAssertTrue(markdown.contains("![a.png](../figs/a.png)"), markdown)
        XCTAssertTrue(markdown.contains("t:5:1: error: oops"), markdown)
        XCTAssertFalse(markdown.contains("unrecorded"))
        XCTAssertFalse(markdown.contains("record"), "the record statements themselves are not transcribed")
    }

    func testSettingsValidateAndReseed() {
        let (session, output) = makeToySession(baseDirectory: folder.path)
        session.run("a = roll count=6\nset seed 42\nb = roll count=6", file: "t")
        XCTAssertEqual(session.variables["a"]?.description, session.variables["b"]?.description)
        XCTAssertEqual(session.run("set seed -1", file: "t").status, 70)
        XCTAssertTrue(output.errorText.contains("seed must be a non-negative integer"))
        XCTAssertEqual(session.seed, 42)
        XCTAssertEqual(session.run("set out \"results\"", file: "t").status, 0)
        XCTAssertEqual(session.outputFolder, "results")
    }

    func testOutputPathUsesTheOutFolder() throws {
        let (session, _) = makeToySession(baseDirectory: folder.path)
        let path = try session.outputPath("loss.png")
        XCTAssertEqual(path, folder.appendingPathComponent("out/loss.png").path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}

final class CompletionTests: XCTestCase {
    func testCompletesCommandsOptionsChoicesVariablesAndMembers() {
        let (session, _) = makeToySession()
        session.run("counts = 3\nc = counter", file: "t")
        XCTAssertEqual(session.completions(forLineBeforeCursor: "he").candidates, ["help"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "co").candidates, ["counter", "counts"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "x = cou").candidates, ["counter", "counts"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "roll c").candidates, ["c", "count=", "counts"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "roll count=2 ").candidates.filter { $0.hasSuffix("=") },
                       ["sides="])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "counter mode=d").candidates, ["down"])
        let member = session.completions(forLineBeforeCursor: "print c.v")
        XCTAssertEqual(member.candidates, ["value"])
        XCTAssertEqual(member.start, 8)
        XCTAssertEqual(session.completions(forLineBeforeCursor: "save h").candidates, ["history"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "help ro").candidates, ["roll", "round"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "set s").candidates, ["seed", "seed="])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "print \"he").candidates, [])
    }

    func testCompletesKeywordsUserCommandsAndTableColumns() {
        let (session, _) = makeToySession()
        let result = session.run("def fit data epochs=5 { return data }\nt = table\nappend t lr=0.1 accuracy=0.9", file: "t")
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(session.completions(forLineBeforeCursor: "de").candidates, ["def", "del"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "i").candidates, ["if"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "re").candidates, ["record", "repeat", "return"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "fi").candidates, ["fit"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "fit c epo").candidates, ["epochs="])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "print t.a").candidates, ["accuracy"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "if c > 1 an").candidates, ["and"])
        XCTAssertEqual(session.completions(forLineBeforeCursor: "set terminal d").candidates, ["dumb"])
    }
}
