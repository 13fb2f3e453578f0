import Foundation
import XCTest
import LatentTestSupport

/// Runs the built `latent` binary (LatentBinary: the debug build, or LATENT_BINARY such as the release
/// build) to check flags, exit statuses and stderr format.
final class ExecutableTests: XCTestCase {
    func testVersionHelpAndUsageErrors() throws {
        let version = try LatentBinary.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.output.hasPrefix("latent "))
        let help = try LatentBinary.run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("latent run FILE"))
        XCTAssertEqual(try LatentBinary.run(["--bogus"]).status, 64)
        XCTAssertEqual(try LatentBinary.run(["run"]).status, 64)
        XCTAssertEqual(try LatentBinary.run(["a.latent", "b.latent"]).status, 64)
        let missing = try LatentBinary.run(["run", "/nonexistent/script.latent"])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.output.contains("cannot read script"))
    }

    /// `latent help` and `latent help COMMAND` answer as `help` does in a session; a bad topic is a usage error.
    func testHelpSubcommand() throws {
        let eval = try LatentBinary.run(["help", "eval"])
        XCTAssertEqual(eval.status, 0, eval.output)
        XCTAssertTrue(eval.output.hasPrefix("usage: eval VALUE DATA"), eval.output)
        let list = try LatentBinary.run(["help"])
        XCTAssertEqual(list.status, 0, list.output)
        XCTAssertTrue(list.output.hasPrefix("usage: latent "), list.output)
        XCTAssertTrue(list.output.contains("latent help [COMMAND]"), list.output)
        XCTAssertTrue(list.output.contains("Statements: "), "the session's command list follows: \(list.output)")
        let flag = try LatentBinary.run(["--help"])
        XCTAssertEqual(flag.output, list.output)
        let saveHistory = try LatentBinary.run(["help", "save", "history"])
        XCTAssertEqual(saveHistory.status, 0, saveHistory.output)
        let unknown = try LatentBinary.run(["help", "nosuchcommand"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.output.contains("names no command: 'nosuchcommand'"), unknown.output)
        let odd = try LatentBinary.run(["help", "a\"b"])
        XCTAssertEqual(odd.status, 64)
        XCTAssertTrue(odd.output.contains("is not a command name"), odd.output)
    }

    /// `latent run FILE` and `latent FILE` run the same script; a script named `help` runs with `run`.
    func testRunAndPlainFileAndAScriptNamedHelp() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "print \"a script named help\"\n".write(to: folder.appendingPathComponent("help"), atomically: true, encoding: .utf8)
        try "x = range 2\nprint x\n".write(to: folder.appendingPathComponent("s.latent"), atomically: true, encoding: .utf8)
        let run = try LatentBinary.run(["run", "s.latent"], in: folder)
        XCTAssertEqual(run.status, 0, run.output)
        XCTAssertEqual(run.output, "[0, 1]\n")
        XCTAssertEqual(try LatentBinary.run(["s.latent"], in: folder).output, run.output)
        let named = try LatentBinary.run(["run", "help"], in: folder)
        XCTAssertEqual(named.status, 0, named.output)
        XCTAssertEqual(named.output, "a script named help\n")
        let version = try LatentBinary.run(["--version"])
        XCTAssertEqual(version.output, "latent 0.1.0\n")
    }

    func testStatementsFromTheCommandLine() throws {
        let ok = try LatentBinary.run(["-e", "x = range 3", "-e", "print x.count x"])
        XCTAssertEqual(ok.status, 0)
        XCTAssertEqual(ok.output, "3 [0, 1, 2]\n")
        let failing = try LatentBinary.run(["-e", "print nothing_here"])
        XCTAssertEqual(failing.status, 65)
        XCTAssertTrue(failing.output.hasPrefix("<command line>:1:7: error: unknown variable 'nothing_here'"), failing.output)
    }

    func testGoldenScriptsThroughTheBinary() throws {
        let folder = GoldenSupport.folder("LatentScriptTests/golden"), workspace = try GoldenSupport.workspace(copying: folder)
        defer { try? FileManager.default.removeItem(at: workspace) }
        for name in ["parse_errors", "exit_status", "lists", "interpolation", "conditionals", "assertions",
                     "expression_runtime", "user_commands"] {   // the golden scripts that use no toy command
            let expected = try String(contentsOf: folder.appendingPathComponent("\(name).expected"),
                                      encoding: .utf8)
            let text = try String(contentsOf: workspace.appendingPathComponent("\(name).latent"), encoding: .utf8)
            let flags = GoldenSupport.keepsGoing(text) ? ["--keep-going"] : []
            let outcome = try LatentBinary.run(["run", "\(name).latent"] + flags, in: workspace)
            XCTAssertEqual("exit: \(outcome.status)\n" + outcome.output, expected, name)
        }
    }

    func testKeepGoingRunsPastRuntimeErrorsAndStillFails() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x = 1\nsource \"missing.latent\"\nprint \"after\" x\n".write(
            to: folder.appendingPathComponent("s.latent"), atomically: true, encoding: .utf8)
        let stopped = try LatentBinary.run(["s.latent"], in: folder)
        XCTAssertEqual(stopped.status, 70)
        XCTAssertFalse(stopped.output.contains("after"))
        XCTAssertTrue(stopped.output.hasPrefix("s.latent:2:8: error: cannot read script 'missing.latent': no such file\n"),
                      stopped.output)
        let kept = try LatentBinary.run(["run", "s.latent", "--keep-going"], in: folder)
        XCTAssertEqual(kept.status, 70)
        XCTAssertTrue(kept.output.hasSuffix("after 1\n"), kept.output)
    }

    func testPipedInputHasNoPromptsAndSurvivesErrors() throws {
        let outcome = try LatentBinary.run([], stdin: "x = 2\nfor i in [1] {\n  print i\n}\nx = undefined_thing\nx\n")
        XCTAssertEqual(outcome.output, """
            1
            <stdin>:5:5: error: unknown command or variable 'undefined_thing'
            x = undefined_thing
                ^~~~~~~~~~~~~~~
            2

            """)
        XCTAssertEqual(outcome.status, 65)
        XCTAssertFalse(outcome.output.contains("latent>"))
        XCTAssertFalse(outcome.output.contains("\u{1B}"))
    }
}
