import Foundation
import XCTest

/// Drives the interactive REPL through a pseudo-terminal (python3's pty module): tab completion,
/// Ctrl-C at the prompt and during a command, continuation prompts, Ctrl-D, and the history file.
final class REPLTests: XCTestCase {
    /// The driver: types into the terminal and waits for expected text; exits non-zero with a reason.
    static let driver = #"""
    import os, pty, signal, sys, time, select
    binary, home = sys.argv[1], sys.argv[2]
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary], dict(os.environ, HOME=home, TERM="xterm"))
    def give_up(signum, frame):
        os.kill(pid, signal.SIGKILL)
        sys.exit("the REPL did not finish within 60 s")
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(60)
    buf = b""
    def read_until(pattern, timeout=10.0):
        global buf
        end = time.time() + timeout
        while pattern.encode() not in buf:
            left = end - time.time()
            if left <= 0:
                sys.exit("timed out waiting for %r; last output %r" % (pattern, buf[-300:]))
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    sys.exit("output ended while waiting for %r; last output %r" % (pattern, buf[-300:]))
                buf += data
        i = buf.index(pattern.encode()) + len(pattern)
        seen, buf = buf[:i], buf[i:]
        return seen
    def send(text):
        os.write(fd, text.encode())
    read_until("latent> ")
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
    # libedit prints the prompt before putting the terminal in raw mode; a Ctrl-D typed in that
    # instant is taken by the cooked terminal and lost, so pause like a person would.
    time.sleep(0.5)
    send("\x04")                      # Ctrl-D leaves
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("exit status %d" % code)
    """#

    func testInteractiveSessionThroughAPseudoTerminal() throws {
        let binary = try LatentBinary.binary()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("python3 is needed to drive a pseudo-terminal")
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("latent-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let script = home.appendingPathComponent("drive.py")
        try Self.driver.write(to: script, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, binary.path, home.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)

        let history = try String(contentsOf: home.appendingPathComponent(".latent_history"), encoding: .utf8)
        XCTAssertTrue(history.contains("print\\040222"), history)
        XCTAssertFalse(history.contains("111"), "a cancelled line is not kept in history")
    }
}
