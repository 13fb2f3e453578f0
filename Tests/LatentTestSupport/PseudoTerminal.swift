import Foundation
import XCTest

/// The pseudo-terminal driver of the prompt tests (`REPLTests`, `PromptREPLTests`): a python3 script (its
/// pty module) starts the binary on a terminal, types into it and waits for the expected text, and exits
/// non-zero with the reason when something else happens.
public enum PseudoTerminal {
    /// Helpers for the driver bodies: `send`, `read_until` (returns the bytes up to and with the
    /// pattern), `leave` (Ctrl-D, then the exit status must be 0). argv: binary, home, working folder.
    public static let prelude = #"""
    import os, pty, re, signal, sys, time, select
    binary, home, work = sys.argv[1], sys.argv[2], sys.argv[3]
    def start():
        global pid, fd, buf
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(work)
            env = dict(os.environ, HOME=home, TERM="xterm")
            env.pop("CI", None)   # the live line is off under CI=true; these tests are a person's terminal
            os.execve(binary, [binary], env)
        buf = b""
    def give_up(signum, frame):
        os.kill(pid, signal.SIGKILL)
        sys.exit("the REPL did not finish within 120 s")
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(120)
    def read_until(pattern, timeout=30.0):
        global buf
        pattern = pattern.encode() if isinstance(pattern, str) else pattern
        end = time.time() + timeout
        while pattern not in buf:
            left = end - time.time()
            if left <= 0:
                sys.exit("timed out waiting for %r; last output %r" % (pattern, buf[-400:]))
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    sys.exit("output ended while waiting for %r; last output %r" % (pattern, buf[-400:]))
                buf += data
        i = buf.index(pattern) + len(pattern)
        seen, buf = buf[:i], buf[i:]
        return seen
    def send(text):
        os.write(fd, text.encode())
    def prompt():
        # libedit prints the prompt before putting the terminal in raw mode; keys typed in that instant
        # are taken by the cooked terminal, so pause like a person would.
        seen = read_until("latent> ")
        time.sleep(0.3)
        return seen
    def leave():
        send("\x04")
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.exit("exit status %d" % code)
    start()
    prompt()

    """#

    /// Runs `body` after the prelude; returns the driver's output (its failure reason when it failed).
    public static func drive(_ body: String, home: URL, work: URL? = nil) throws -> String {
        let binary = try LatentBinary.binary()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("python3 is needed to drive a pseudo-terminal")
        }
        let script = home.appendingPathComponent("drive-\(UUID().uuidString).py")
        try (prelude + body).write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, binary.path, home.path, (work ?? home).path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, output)
        return output
    }
}
