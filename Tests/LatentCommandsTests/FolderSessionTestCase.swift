import Foundation
import XCTest
@testable import LatentScript
@testable import LatentCommands

/// A test case whose session works in a fresh temporary folder, removed after each test: a subclass's
/// `setUpWithError` calls `makeFolder`, writes its files into `dir`, then `startSession`; tests drive the
/// session with `run`.
class FolderSessionTestCase: XCTestCase {
    var dir = ""
    var output = CapturedOutput()
    var flag = InterruptFlag()
    var session: Session!

    /// Creates `latent-<prefix>-<UUID>` in the temporary folder as `dir`.
    func makeFolder(_ prefix: String) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    /// Starts a session based in `dir` and runs `setup` in it, which must succeed; the output starts empty.
    func startSession(_ setup: String, file: StaticString = #filePath, line: UInt = #line) {
        output = CapturedOutput()
        flag = InterruptFlag()
        session = Session.latent(output: output, interrupt: flag, baseDirectory: dir)
        XCTAssertEqual(session.run(setup, file: "<setup>").status, 0, output.text, file: file, line: line)
        output.reset()
    }

    override func tearDown() {
        session = nil   // XCTest on Linux may keep finished test cases; do not keep their sessions
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs `text`; returns the status and everything printed.
    func run(_ text: String) -> (Int32, String) {
        output.reset()
        let status = session.run(text, file: "<t>").status
        return (status, output.text)
    }
}
