import Foundation
import XCTest
import LatentTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The REPL under a pseudo-terminal: it asks the terminal for its attributes (DA1) at start-up and
/// draws plots inline as sixel graphics (`ESC P ... q`) only when the answer lists sixel support.
final class SixelPromptTests: XCTestCase {
    /// Runs the REPL on a pty, answers its DA1 query with `answer`, runs `plot loss m`, and returns
    /// everything the REPL wrote to the terminal after the query.
    private func session(answeringDA1 answer: String) throws -> String {
        let latent = try LatentBinary.binary()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") else { throw XCTSkip("no gnuplot") }
        // posix_openpt, unlockpt and ptsname by hand: /dev/ptmx, TIOCSPTLCK, TIOCGPTN
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw XCTSkip("no /dev/ptmx here") }
        defer { close(master) }
        var unlock: Int32 = 0, number: UInt32 = 0
        XCTAssertEqual(ioctl(master, 0x4004_5431, &unlock), 0)
        XCTAssertEqual(ioctl(master, 0x8004_5430, &number), 0)
        let slavePath = "/dev/pts/\(number)"
        let slave = FileHandle(forUpdatingAtPath: slavePath)!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-sixel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let process = Process()
        process.executableURL = latent
        process.currentDirectoryURL = folder
        process.environment = ["HOME": folder.path, "TERM": "xterm", "PATH": "/usr/bin:/bin"]
        process.standardInput = slave
        process.standardOutput = slave
        process.standardError = slave
        func send(_ text: String) { _ = text.withCString { write(master, $0, strlen($0)) } }
        send(answer)   // typed ahead: waiting in the terminal's input when the REPL asks
        try process.run()
        try slave.close()
        let guardTimer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: guardTimer)   // a hung REPL fails, not hangs
        defer { guardTimer.cancel() }

        var seen = [UInt8]()
        func readUntil(_ marker: String) {
            let bytes = Array(marker.utf8)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !seen.containsSequence(bytes) {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { return }   // EIO: the child closed the terminal
                seen += buffer[0..<n]
            }
        }
        readUntil("\u{1B}[c")
        XCTAssertTrue(seen.containsSequence(Array("\u{1B}[c".utf8)), "the REPL asks the terminal for its attributes")
        readUntil("latent> ")
        let queryEnd = seen.firstRange(of: Array("\u{1B}[c".utf8))?.upperBound ?? 0
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        send("d = load \"\(digits)\" label=first scale=16 image=[8, 8]\r")
        send("m = model gne dims=2 init=pca\rtrain m d epochs=1 batch=256\rplot loss m\rprint \"done\" \"plotting\"\r")
        readUntil("done plotting")
        send("\u{4}")
        readUntil("\u{0}never")   // to the end of output
        process.waitUntilExit()
        return String(decoding: seen[queryEnd...], as: UTF8.self)
    }

    func testPlotsAreDrawnInlineWhenTheTerminalSpeaksSixel() throws {
        let text = try session(answeringDA1: "\u{1B}[?62;4;6;22c")
        XCTAssertTrue(text.contains("Plots appear here"), text)
        XCTAssertTrue(text.contains("\u{1B}Pq"), "a sixel image was drawn: \(text.prefix(2000))")
        XCTAssertFalse(text.contains("wrote out/loss"), text)
    }

    func testPlotsGoToFilesWhenTheTerminalDoesNot() throws {
        let text = try session(answeringDA1: "\u{1B}[?62;6;22c")
        XCTAssertTrue(text.contains("Plots go to files in out/"), text)
        XCTAssertFalse(text.contains("\u{1B}P"), "no sixel image: \(text)")
        XCTAssertTrue(text.contains("wrote out/loss.png"), text)
    }
}

private extension Array where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
