import Foundation
import XCTest
import LatentTestSupport

/// Drives the interactive REPL through a pseudo-terminal (`PseudoTerminal`): tab completion,
/// Ctrl-C at the prompt and during a command, continuation prompts, Ctrl-D, and the history file.
final class REPLTests: XCTestCase {
    /// What the session is typed (after `PseudoTerminal.prelude`, which starts it and waits for its prompt).
    static let driver = #"""
    send("hel\t")                     # completes to "help " ("he" alone is ambiguous with head)
    read_until("p ")
    send("set\r")
    read_until("usage: set")
    read_until("latent> ")
    send("print 111")
    time.sleep(0.2)
    send("\x03")                      # Ctrl-C at the prompt abandons the line
    read_until("^C")
    read_until("latent> ")
    send("print 222\r")
    seen = read_until("latent> ")
    if b"111" in seen or b"222" not in seen:
        sys.exit("cancelled line ran or new line did not: %r" % seen)
    send("repeat 100000000 { x = 1 }\r")
    time.sleep(0.5)
    send("\x03")                      # Ctrl-C during a command interrupts it; the REPL survives
    read_until("interrupted")
    read_until("latent> ")
    send("for i in [7, 8] {\r")
    read_until("...> ")
    send("print i\r}\r")
    read_until("8")
    read_until("latent> ")
    send("nosuchcommand 1\r")         # errors are printed and the REPL continues
    read_until("unknown command 'nosuchcommand'")
    read_until("latent> ")
    time.sleep(0.5)                   # libedit prints the prompt before raw mode: pause like a person
    leave()                           # Ctrl-D leaves with exit status 0
    """#

    func testInteractiveSessionThroughAPseudoTerminal() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("latent-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        _ = try PseudoTerminal.drive(Self.driver, home: home)

        let history = try String(contentsOf: home.appendingPathComponent(".latent_history"), encoding: .utf8)
        XCTAssertTrue(history.contains("print\\040222"), history)
        XCTAssertFalse(history.contains("111"), "a cancelled line is not kept in history")
    }
}
