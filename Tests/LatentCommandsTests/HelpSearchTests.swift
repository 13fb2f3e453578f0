import XCTest
@testable import LatentCommands
@testable import LatentScript

/// Help that finds things: a word that names no command lists the commands it leads
/// to, `help set NAME` documents a setting, and `exit()` / `help()` say to drop the parentheses.
final class HelpSearchTests: XCTestCase {
    func run(_ text: String) -> (status: Int32, output: String) {
        let output = CapturedOutput()
        let status = Session.latent(output: output, interrupt: InterruptFlag()).run(text, file: "h.latent").status
        return (status, output.text)
    }

    /// The command names `help WORD` lists.
    func found(_ word: String) -> [String] {
        let (status, text) = run("help \(word)")
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.hasPrefix("'\(word)' is not a command; these commands are about it:\n"), text)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { !$0.isEmpty }
            .map { String($0.split(separator: " ")[0]) }
    }

    func testWordsFromOtherToolsLeadToCommands() {
        XCTAssertEqual(found("umap"), ["neighbours", "embed", "eval", "model"],
                       "the force and embed's UMAP-style transform first; then eval (scores a UMAP map loaded as a Dataset) and model (init=spectral, UMAP's start)")
        XCTAssertTrue(found("neighbour").contains("neighbours"))
        XCTAssertEqual(found("transform").first, "embed")
        XCTAssertEqual(found("UMAP"), found("umap"), "case does not matter")
        XCTAssertTrue(found("trustworthiness").contains("eval"), "the help text is searched")
    }

    func testATypoStillGetsDidYouMean() {
        XCTAssertTrue(run("help trian").output.contains("did you mean 'train'?"))
    }

    func testAWordFoundNowhereIsStillAnError() {
        let (status, text) = run("help zzzq")
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("error: argument 'command' of 'help' names no command: 'zzzq'"), text)
    }

    func testHelpSetNameDocumentsTheSetting() {
        let (status, text) = run("help set terminal")
        XCTAssertEqual(status, 0, text)
        XCTAssertEqual(text, """
            usage: set terminal png|svg|dumb|window|sixel   (or set terminal=png|svg|dumb|window|sixel)

            gnuplot terminal for plots: png, svg, dumb (text here), window or sixel (inline in a sixel terminal)

            Value: one of png, svg, dumb, window, sixel (default: png); 'set' alone lists every setting.

            """)
        XCTAssertTrue(run("help set threads").output.contains("set threads INT"))
    }

    func testCallsWithParenthesesGetAHint() {
        for (text, hint) in [("exit()", "write 'exit'"), ("help()", "write 'help' or 'help COMMAND'"), ("quit()", "write 'quit'")] {
            let (status, output) = run(text)
            XCTAssertEqual(status, 65, output)
            XCTAssertTrue(output.contains("found ')'; commands take no parentheses: \(hint)\n"), output)
        }
        XCTAssertFalse(run("print (1 + )").output.contains("parentheses"), "only NAME() gets the hint")
    }
}
