import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// `save history` reproduces the session it saves: a session with an interrupted
/// `train` and a loop that fails on its second pass, saved and replayed in a fresh session, prints the
/// same numbers; the header records the thread count; `last=N` saves part of a session.
final class ReplayFidelityTests: XCTestCase {
    /// Captures output and sets the interrupt flag once `trigger` is printed (as Ctrl-C would, mid-`train`).
    final class InterruptingOutput: OutputSink {
        let captured = CapturedOutput()
        let flag: InterruptFlag
        let trigger: String
        var fired = false
        init(flag: InterruptFlag, trigger: String) { self.flag = flag; self.trigger = trigger }
        func write(_ text: String, to channel: OutputChannel) {
            captured.write(text, to: channel)
            if !fired && text.contains(trigger) { fired = true; flag.set() }
        }
    }

    /// The session, in the three entries typed at the prompt (the failing loop does not end it).
    static let entries = ["""
        set seed 4
        set timings false
        d = head (load "samples/digits.csv" label=first scale=16) 200
        m = model gne dims=2 width=8 blocks=1 plain=true
        train m d epochs=50 batch=50 lr=0.01
        """, """
        for i in [1, 2] {
            s = sample d 5
            z = i
            assert i < 2 "the second pass fails"
        }
        """, """
        s = sample d 3
        print s.count
        train m d epochs=3
        r = eval m d quiet=true
        print "numbers" m.epochs m.losses[-1] r.accuracy r.trustworthiness
        """]

    func numbers(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("numbers ") }.map(String.init)
    }

    func testASavedHistoryReplaysTheInterruptAndTheFailure() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("latent-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("samples"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv"),
                                         to: work.appendingPathComponent("samples/digits.csv"))
        let flag = InterruptFlag()
        let output = InterruptingOutput(flag: flag, trigger: "epoch   10")
        let live = Session.latent(output: output, interrupt: flag, baseDirectory: work.path)
        for entry in Self.entries { live.run(entry, file: "<prompt>", keepGoing: true) }
        let text = output.captured.text
        XCTAssertTrue(output.fired, text)
        XCTAssertTrue(text.contains("interrupted after 10 epochs (10 in all)"), text)
        XCTAssertTrue(text.contains("assertion failed: the second pass fails"), text)
        XCTAssertNil(live.globals.values["z"], "the failed loop bound nothing")
        live.run("save history \"replay.latent\"", file: "<prompt>")
        live.run("save history \"tail.latent\" last=2", file: "<prompt>")

        let saved = try String(contentsOf: work.appendingPathComponent("out/replay.latent"), encoding: .utf8)
        XCTAssertTrue(saved.contains("set threads 2\n"), saved)
        XCTAssertTrue(saved.contains("train m d epochs=10 batch=50 lr=0.01\n"), saved)
        XCTAssertFalse(saved.contains("for i"), saved)
        let tail = try String(contentsOf: work.appendingPathComponent("out/tail.latent"), encoding: .utf8)
        XCTAssertTrue(tail.hasSuffix("r = eval m d quiet=true\nprint \"numbers\" m.epochs m.losses[-1] r.accuracy r.trustworthiness\n"), tail)
        XCTAssertFalse(tail.contains("train m d epochs=3"), tail)

        let replayOutput = CapturedOutput()
        let replay = Session.latent(output: replayOutput, interrupt: InterruptFlag(), baseDirectory: work.path)
        XCTAssertEqual(replay.runFile("replay.latent").status, 0, replayOutput.text)
        let expected = try XCTUnwrap(numbers(text), text)
        XCTAssertTrue(expected.hasPrefix("numbers 13 "), expected)
        XCTAssertEqual(numbers(replayOutput.text), expected, replayOutput.text)
        XCTAssertTrue(replayOutput.text.contains("\n3\n"), replayOutput.text)
    }

    func testAnInterruptInsideALoopIsNotedInTheHistory() {
        let statement = Parser.parse(SourceText(name: "t", text: "repeat 2 { train m d epochs=5 }")).0.statements[0]
        let amended = HistoryAmendment(option: "epochs", value: "3").apply(to: "repeat 2 { train m d epochs=5 }", of: statement)
        XCTAssertEqual(amended, "repeat 2 { train m d epochs=5 }  # epochs=3 inside: the replay may differ")
        let call = Parser.parse(SourceText(name: "t", text: "train m d")).0.statements[0]
        XCTAssertEqual(HistoryAmendment(option: "epochs", value: "3").apply(to: "train m d", of: call), "train m d epochs=3")
    }
}
