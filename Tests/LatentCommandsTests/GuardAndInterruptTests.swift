import Foundation
import LatentCore
import LatentModels
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// Impossible settings are refused before any work with the reason; Ctrl-C during train, load, embed
/// and plot returns to the prompt with the session intact; a gnuplot that hangs or dies is reported.
final class GuardAndInterruptTests: FolderSessionTestCase {
    override func setUpWithError() throws {
        try makeFolder("guard")
        try RandomCSV.write(dir + "/d.csv", rows: 120, cols: 16)
        startSession("""
        set timings false
        d = load "d.csv" label=none header=no
        m = model gne dims=2 width=8 blocks=1
        train m d epochs=1 batch=30
        """)
    }

    /// Raises the interrupt flag after `delay` seconds from another thread (as the SIGINT handler does).
    func interrupt(after delay: Double) {
        let flag = self.flag
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            flag.set()
        }
    }

    // MARK: guards

    func testImpossibleSettingsAreRefusedWithTheReason() {
        let cases: [(String, String)] = [
            ("x = model gne width=0", "width must be positive, got 0"),
            ("x = model gne blocks=-1", "blocks must be zero or more, got -1"),
            ("x = model gnd hidden=[0]", "hidden widths must be positive, got [0]"),
            ("x = model gne dims=0", "dims must be between 1 and 64, got 0"),
            ("x = model kaleido depth=0", "depth must be positive, got 0"),
            ("train m d epochs=0", "epochs must be at least 1, got 0"),
            ("train m d batch=0", "batch must be at least 1, got 0"),
            ("train m d batch=-5", "batch must be at least 1, got -5"),
            ("train m d lr=0", "lr must be positive, got 0.0"),
            ("train m d lr=-0.1", "lr must be positive"),
            ("e = embed m d lr=0", "lr must be positive"),
            ("e = embed m d steps=-1", "steps must be zero or more"),
        ]
        for (statement, message) in cases {
            let (status, text) = run(statement)
            XCTAssertEqual(status, 70, statement)
            XCTAssertTrue(text.contains("error: " + message), "\(statement): \(text)")
        }
        XCTAssertNil(session.variables["x"])
        XCTAssertNil(session.variables["e"])
        XCTAssertEqual(run("print m.epochs").1, "1\n", "the refused calls did not train")
    }

    func testModelsTooLargeForMemoryAreRefusedBeforeAllocating() {
        var (status, text) = run("big = model gnd hidden=[1000000, 1000000]\ntrain big d epochs=1")
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("error: a layer of 1000000 x 1000000 needs 16000.0 GB, more than the "), text)
        XCTAssertTrue(text.contains("available to latent ("), text)
        // each 10000 x 10000 layer (1.6 GB with its gradient and moments) fits in any memory this test meets;
        // the 1000 of them (1.6 TB) do not, whatever else runs beside the test
        (status, text) = run("deep = model kaleido width=10000 depth=1000\ntrain deep d epochs=1")
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("error: a kaleido model of 2002 tensors needs"), text)
        XCTAssertTrue(text.contains("for the rollback snapshot"), text)
        XCTAssertEqual(run("print big.epochs deep.epochs").1, "0 0\n", "nothing was built or trained")
    }

    func testEmbeddingTableSizeIsCheckedAgainstMemory() throws {
        var config = ModelConfig(kind: .gne)
        config.dims = 64
        let limit = MemoryLimit(bytes: 24e9, source: "test")
        XCTAssertThrowsError(try config.checkFitsInMemory(samples: 50_000_000, features: 784, limit: limit)) { error in
            XCTAssertEqual("\(error)", "an embedding table of 50000000 x 64 needs 51.2 GB, more than the 24.0 GB available to latent (test); use fewer samples, dims or hidden units")
        }
        XCTAssertNoThrow(try config.checkFitsInMemory(samples: 70_000, features: 784, limit: limit))
        config.blocks = Int(Int32.max)   // repeated layers are counted, not enumerated
        XCTAssertThrowsError(try config.checkFitsInMemory(samples: 10, features: 10, limit: limit))
    }

    /// A built model whose rollback snapshot and activations would not fit is refused by `train` before a step.
    func testTrainingThatWouldNotFitIsRefusedBeforeTheFirstStep() {
        setenv(MemoryLimit.environmentVariable, "1000", 1)   // bytes; m (built in setUp) is already resident
        var (status, text) = run("train m d epochs=1 batch=30")
        unsetenv(MemoryLimit.environmentVariable)
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("error: this gne model of 9 tensors needs "), text)
        XCTAssertTrue(text.contains(" KB more to train ("), text)
        XCTAssertTrue(text.contains(" for the rollback snapshot, "), text)
        XCTAssertTrue(text.contains(" of activations at batch 30), more than the 1 KB available to latent (LATENT_MEMORY_LIMIT)"), text)
        XCTAssertEqual(run("print m.epochs").1, "1\n", "no step was taken")
        (status, text) = run("train m d epochs=1 batch=30")
        XCTAssertEqual(status, 0, text)
    }

    // MARK: Ctrl-C

    func testInterruptDuringTrainingKeepsTheModelAndTheSession() {
        interrupt(after: 0.3)
        let (status, text) = run("train m d epochs=100000000 batch=30")
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("interrupted after"), text)
        XCTAssertTrue(text.contains("the model keeps every step taken"), text)
        let (after, summary) = run("print m.epochs\nvars")
        XCTAssertEqual(after, 0, summary)
        XCTAssertGreaterThanOrEqual(Int(summary.split(separator: "\n").first ?? "") ?? 0, 1, summary)
        XCTAssertTrue(summary.contains("d ") && summary.contains("m "), summary)
    }

    func testInterruptDuringLoadBindsNothing() {
        // the flag goes up while the call's arguments are evaluated, i.e. while `load` runs
        session.registry.register(Command("ctrlc", summary: "raises the interrupt flag and returns its argument",
                                          positionals: [Parameter("value", .any, "passed through")]) { args, session in
            session.interrupt.set()
            return args["value"]
        })
        XCTAssertEqual(run("save m \"./m.model\"").0, 0)
        for statement in ["d2 = load (ctrlc \"d.csv\") label=none header=no", "m2 = load (ctrlc \"m.model\")"] {
            let (status, text) = run(statement)
            XCTAssertEqual(status, 70, statement)
            XCTAssertTrue(text.contains("error: 'load' was interrupted"), text)
        }
        XCTAssertNil(session.variables["d2"])
        XCTAssertNil(session.variables["m2"])
        XCTAssertEqual(run("d2 = load \"d.csv\" label=none header=no").0, 0, "the next statement runs normally")
    }

    func testInterruptDuringEmbedFitReturnsWithoutBinding() {
        XCTAssertEqual(run("h = head d 40").0, 0)
        interrupt(after: 0.3)
        let (status, text) = run("e = embed m h fit=true steps=100000000")
        XCTAssertEqual(status, 70, text)
        XCTAssertTrue(text.contains("error: 'embed' was interrupted"), text)
        XCTAssertNil(session.variables["e"])
        XCTAssertEqual(run("e = embed m d").0, 0)
    }

    // MARK: gnuplot

    /// A fake gnuplot: a shell script with `body`.
    func fakeGnuplot(_ body: String) throws -> String {
        let path = dir + "/fake-gnuplot-\(UUID().uuidString).sh"
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    func testHangingGnuplotTimesOut() throws {
        let hang = try fakeGnuplot("exec sleep 30")
        let (status, text) = run("set gnuplot \"\(hang)\"\nset plottimeout 0.5\nplot embedding m to \"e.txt\"")
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("error: gnuplot did not finish within 0.5 s and was terminated."), text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/e.txt"))
        XCTAssertEqual(run("print m.epochs").1, "1\n")
    }

    func testDyingGnuplotIsReported() throws {
        let dies = try fakeGnuplot("kill -9 $$")
        let (status, text) = run("set gnuplot \"\(dies)\"\nplot embedding m to \"e.txt\"")
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("error: gnuplot failed with exit status 9: killed by signal 9."), text)
        let fails = try fakeGnuplot("echo 'line 1: unknown command' >&2; exit 1")
        let (status2, text2) = run("set gnuplot \"\(fails)\"\nplot embedding m to \"e.txt\"")
        XCTAssertEqual(status2, 70)
        XCTAssertTrue(text2.contains("error: gnuplot failed with exit status 1: line 1: unknown command"), text2)
    }

    func testInterruptDuringPlotStopsGnuplot() throws {
        let hang = try fakeGnuplot("exec sleep 30")
        XCTAssertEqual(run("set gnuplot \"\(hang)\"\nset plottimeout 25").0, 0)
        interrupt(after: 0.3)
        let (status, text) = run("plot embedding m to \"e.txt\"")
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("error: 'plot embedding' was interrupted"), text)
        XCTAssertFalse(text.contains("did not finish"), text)
    }

    func testPlotSettingsAreValidated() {
        let (status, text) = run("set plottimeout 0")
        XCTAssertEqual(status, 70)
        XCTAssertTrue(text.contains("plottimeout must be a positive number of seconds"), text)
        XCTAssertEqual(session.setting("plottimeout").number, 60)
    }
}
