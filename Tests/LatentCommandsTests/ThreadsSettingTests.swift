import Foundation
import LatentCore
import XCTest
@testable import LatentScript
@testable import LatentCommands

/// One `threads` setting, latent's, which sets LatentCore's team and refuses what the team cannot take.
final class ThreadsSettingTests: XCTestCase {
    private var saved = 1
    override func setUp() { saved = blasThreads() }
    override func tearDown() { setBlasThreads(saved) }

    func testThreadsIsOneSettingThatSetsTheTeamAndRefusesBeyondItsLimit() {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag())
        XCTAssertEqual(session.run("set threads 1", file: "t").status, 0, output.text)
        XCTAssertEqual(Parallel.threads, 1)
        XCTAssertEqual(session.run("set threads 65", file: "t").status, 70)
        XCTAssertTrue(output.text.contains("threads must be 0 (one per core) or between 1 and 64, got 65"), output.text)
        XCTAssertEqual(Parallel.threads, 1, "the refused value changed nothing")
        XCTAssertEqual(session.run("set threads 0", file: "t").status, 0, output.text)
        XCTAssertEqual(Parallel.threads, min(ProcessInfo.processInfo.activeProcessorCount, Parallel.maxThreads))
        output.reset()
        XCTAssertEqual(session.run("set", file: "t").status, 0)
        XCTAssertEqual(output.text.split(separator: "\n").filter { $0.hasPrefix("threads ") }.count, 1, output.text)
    }

    /// Making a session leaves the team alone; each session's count is put on the team when that session
    /// runs a statement, so two sessions in one process do not reset each other.
    func testANewSessionDoesNotResetAnotherSessionsThreads() {
        let first = Session.latent(output: CapturedOutput(), interrupt: InterruptFlag())
        XCTAssertEqual(first.run("set threads 1", file: "t").status, 0)
        XCTAssertEqual(Parallel.threads, 1)
        let second = Session.latent(output: CapturedOutput(), interrupt: InterruptFlag())
        XCTAssertEqual(Parallel.threads, 1, "making a session changed the team")
        XCTAssertEqual(second.run("x = 1", file: "t").status, 0)
        XCTAssertEqual(Parallel.threads, 2, "the second session runs with its own count (the default)")
        XCTAssertEqual(first.run("y = 1", file: "t").status, 0)
        XCTAssertEqual(Parallel.threads, 1, "the first session's count comes back with its statements")
        XCTAssertEqual(first.latent.threads, 1)
        XCTAssertEqual(second.latent.threads, 2)
    }
}
