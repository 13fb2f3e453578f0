import Foundation
import XCTest
import LatentTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The prompt edits blocks as blocks and shows training progress, driven
/// through a pseudo-terminal (`PseudoTerminal`, as `REPLTests`): a block comes back with Up-arrow
/// as one entry (in the same session and, through the history file, the next); Ctrl-D inside a block
/// cancels only the block; an unterminated string is an error at its line; `train` shows a live line
/// on a terminal, throttled, and none when the output is piped.
final class PromptREPLTests: XCTestCase {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-prompt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testABlockComesBackWithUpArrowAsOneEntry() throws {
        let home = try temporaryFolder()
        _ = try PseudoTerminal.drive(#"""
            send("for i in [7, 8] {\r")
            read_until("...> ")
            send("print (i * 10)\r")
            read_until("...> ")
            send("}\r")
            seen = prompt()
            if b"70" not in seen or b"80" not in seen:
                sys.exit("the block did not run: %r" % seen)
            send("\x1b[A")                     # Up-arrow: the whole block, not its last line
            read_until("}")
            send("\r")
            seen = prompt()
            if b"70\r\n80\r\n" not in seen or b"...> " in seen:
                sys.exit("the recalled block did not run once as one entry: %r" % seen)
            leave()
            start()                            # a new session reads the block back from the history file
            prompt()
            send("\x1b[A")
            read_until("}")
            send("\r")
            seen = prompt()
            if b"70\r\n80\r\n" not in seen:
                sys.exit("the block from the history file did not run: %r" % seen)
            leave()
            """#, home: home)
        let history = try String(contentsOf: home.appendingPathComponent(".latent_history"), encoding: .utf8)
        let entries = history.split(separator: "\n").dropFirst()   // after libedit's _HiStOrY_V2_ line
        XCTAssertEqual(Array(entries), [#"for\040i\040in\040[7,\0408]\040{\012print\040(i\040*\04010)\012}"#],
                       "one entry, its lines joined by an encoded newline: \(history)")
    }

    func testCtrlDInsideABlockCancelsOnlyTheBlock() throws {
        let home = try temporaryFolder()
        _ = try PseudoTerminal.drive(#"""
            send("repeat 2 {\r")
            read_until("...> ")
            send("print 555\r")
            read_until("...> ")
            time.sleep(0.3)
            send("\x04")                       # Ctrl-D on the empty continuation line
            seen = prompt()
            if b"block cancelled" not in seen or b"555\r\n555" in seen:
                sys.exit("Ctrl-D did not cancel the block: %r" % seen)
            send("print 666\r")
            seen = prompt()
            if b"666" not in seen or b"555" in seen:
                sys.exit("the session did not go on: %r" % seen)
            send("\x1b[A\x1b[A")               # the cancelled block is in the history, to finish
            read_until("print 555")
            send("\r")
            read_until("...> ")
            send("}\r")
            seen = prompt()
            if b"555\r\n555\r\n" not in seen:
                sys.exit("the recalled, finished block did not run: %r" % seen)
            leave()
            """#, home: home)
    }

    func testAnUnterminatedStringIsAnErrorAtItsLine() throws {
        let home = try temporaryFolder()
        _ = try PseudoTerminal.drive(#"""
            send('print "abc\r')
            seen = prompt()
            if b"<stdin>:1:7: error: unterminated string" not in seen or b"      ^~~~" not in seen or b"...> " in seen:
                sys.exit("no error at the line: %r" % seen)
            send("for i in [1] {\r")
            read_until("...> ")
            send('print "abc\r')               # ends the block's entry with the error at its line
            seen = prompt()
            if b"<stdin>:3:7: error: unterminated string" not in seen or b"expected '}'" in seen or b"...> " in seen:
                sys.exit("no error at the block's line (or a cascade): %r" % seen)
            send("print 4\r")
            seen = prompt()
            if b"4" not in seen:
                sys.exit("the session did not go on: %r" % seen)
            leave()
            """#, home: home)
        // the same rule in a script: the error is at its line and nothing runs
        let script = home.appendingPathComponent("s.latent")
        try "print 1\nx = \"open\nprint 2\n".write(to: script, atomically: true, encoding: .utf8)
        let outcome = try LatentBinary.run(["run", script.path], in: home)
        XCTAssertEqual(outcome.status, 65, outcome.output)
        XCTAssertTrue(outcome.output.hasPrefix("\(script.path):2:5: error: unterminated string; add a closing '\"'\nx = \"open\n    ^~~~~"),
                      outcome.output)
    }

    /// A train of short epochs (one batch each) shows a live line that stays across epochs, redrawn at
    /// most about ten times a second; Ctrl-C stops it and the line makes way for the final message.
    func testTrainingShowsALiveLineOnATerminal() throws {
        let home = try temporaryFolder()
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        _ = try PseudoTerminal.drive(#"""
            send('d = load "\#(digits)" label=first scale=16\r')
            prompt()
            send("m = model gne dims=2 width=8 blocks=1 plain=true\r")
            prompt()
            send("train m d epochs=100000000 batch=2000\r")
            started = time.time()
            read_until("\repoch ")             # the first live line
            first = time.time()
            if first - started < 0.4:
                sys.exit("the live line came before half a second of training")
            seen, epochs = b"", set()
            while len(epochs) < 3 or time.time() - first < 1.5:   # it lives on from epoch to epoch
                chunk = read_until(" left\x1b[K")
                seen += chunk
                epochs.update(re.findall(rb"epoch (\d+)/100000000", chunk))
            elapsed = time.time() - first
            draws = seen.count(b" left\x1b[K")
            if draws > 11 * elapsed + 2:
                sys.exit("redrawn %d times in %.2f s (at most 10 a second)" % (draws, elapsed))
            send("\x03")
            seen = prompt()
            if b"\r\x1b[Kinterrupted after" not in seen:
                sys.exit("the live line did not make way for the final line: %r" % seen[-300:])
            leave()
            """#, home: home)
    }

    /// The same train with the output piped (not a terminal): no live line, no carriage return.
    func testNoLiveLineWhenTheOutputIsPiped() throws {
        let latent = try LatentBinary.binary()
        let home = try temporaryFolder()
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        let process = Process()
        process.executableURL = latent
        process.currentDirectoryURL = home
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        var environment = ProcessInfo.processInfo.environment
        environment["CI"] = nil
        process.environment = environment
        let collected = Collected()
        output.fileHandleForReading.readabilityHandler = { collected.add($0.availableData) }
        try process.run()
        input.fileHandleForWriting.write(Data("""
            d = load "\(digits)" label=first scale=16
            m = model gne dims=2 width=8 blocks=1
            print "training"
            train m d epochs=100000000 batch=2000

            """.utf8))
        let deadline = Date().addingTimeInterval(60)
        while !collected.text.contains("training") && Date() < deadline { usleep(20_000) }
        Thread.sleep(forTimeInterval: 2.5)   // well past the live line's delay
        kill(process.processIdentifier, SIGINT)
        try input.fileHandleForWriting.close()
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        let text = collected.text
        XCTAssertTrue(text.contains("interrupted after"), text)
        XCTAssertFalse(text.contains("\r"), "no carriage return in piped output: \(text)")
        XCTAssertFalse(text.contains(" left"), text)
    }
}

/// Bytes a child wrote, gathered from a background reader.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func add(_ chunk: Data) { lock.lock(); data.append(chunk); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}
