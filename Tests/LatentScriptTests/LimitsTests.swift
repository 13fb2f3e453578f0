import LatentFiles
import Foundation
import LatentCore
import XCTest
@testable import LatentScript

/// The language's limits hold: recursion within the call and nesting limits runs, depth beyond a thread's
/// stack ends in a sentence (never a stack overflow), joins that cannot fit in memory are refused, and
/// values at the edges of Double and Int format, round and compare the same whatever their order.
final class LimitsTests: XCTestCase {
    /// A command `f` recursing `calls` deep with `blocks` nested blocks in each call, then `print (f calls)`.
    static func deepScript(calls: Int, blocks: Int) -> String {
        "def f n {\n  if n > 0 { " + String(repeating: "if true { ", count: blocks - 1)
            + "\n    return (f (n - 1)) + 1\n  " + String(repeating: "} ", count: blocks)
            + "\n  return 0\n}\nprint (f \(calls))\n"
    }

    func testRecursionWithinTheLimitsRuns() {
        let (session, output) = makeToySession()
        XCTAssertEqual(session.run(Self.deepScript(calls: 99, blocks: 45), file: "deep.latent").status, 0, output.text)
        XCTAssertEqual(output.text, "99\n")
    }

    /// One rank of a data-parallel run: the program runs on the calling thread, as under mpirun.
    /// A session handed to another thread, and what its run returned.
    final class Run: @unchecked Sendable {
        let session: Session
        var status: Int32 = -1
        let done = DispatchSemaphore(value: 0)
        init(_ session: Session) { self.session = session }
    }

    func testDepthBeyondTheThreadsStackIsASentence() {
        let (session, output) = makeToySession()
        session.ranks = Ranks(rank: 0, size: 1)   // as under mpirun: the script runs on the calling thread
        let run = Run(session)
        let thread = Thread {     // 3 MB of stack: 99 calls of 45 blocks need several times that
            run.status = run.session.run(Self.deepScript(calls: 99, blocks: 45), file: "deep.latent").status
            run.done.signal()
        }
        thread.stackSize = 3 << 20
        thread.start()
        run.done.wait()
        XCTAssertEqual(run.status, 70)
        XCTAssertTrue(output.text.contains("error: the script nests too deep"), output.text)
        XCTAssertEqual(session.run("print (f 3)", file: "<stdin>").status, 0, "the session goes on")
    }

    func testJoinsThatCannotFitAreRefused() {
        setenv(MemoryLimit.environmentVariable, "20M", 1)
        defer { unsetenv(MemoryLimit.environmentVariable) }
        let (session, output) = makeToySession()
        XCTAssertEqual(session.run("x = [1]\nrepeat 40 { x = x + x }\ns = \"ab\"\nrepeat 40 { s = s + s }", file: "j.latent",
                                   keepGoing: true).status, 70)
        XCTAssertTrue(output.text.contains("error: joining lists of 524288 and 524288 items needs 25 MB, more than the 21 MB available to latent (LATENT_MEMORY_LIMIT)"), output.text)
        XCTAssertTrue(output.text.contains("error: joining strings of 16777216 and 16777216 bytes needs 34 MB"), output.text)
        XCTAssertEqual(session.run("print (len x)", file: "<stdin>").status, 0)
        XCTAssertTrue(output.text.hasSuffix("\n1\n"), "the refused statement bound nothing: \(output.text)")
    }

    func testMemoryAmountsReadUnitsAndRefuseTheRest() throws {
        XCTAssertEqual(try MemoryLimit.parse("1G"), 0x1p30)
        XCTAssertEqual(try MemoryLimit.parse("1.5GB"), 1.5e9)
        XCTAssertEqual(try MemoryLimit.parse("512 MiB"), 512 * 0x1p20)
        XCTAssertEqual(try MemoryLimit.parse("2e9"), 2e9)
        XCTAssertEqual(try MemoryLimit.parse("800k"), 800 * 1024)
        for bad in ["", "1Q", "-1G", "0", "G", "1e999", "nan"] {
            XCTAssertThrowsError(try MemoryLimit.parse(bad), bad) { XCTAssertTrue("\($0)".contains("cannot be read"), "\($0)") }
        }
    }

    func testEdgeValuesFormatRoundAndCompareWhateverTheirOrder() {
        let (session, output) = makeToySession()
        XCTAssertEqual(session.run("print \"{x:99999999999999999999d}\"", file: "f.latent").status, 65)
        XCTAssertTrue(output.text.contains("unknown format ':99999999999999999999d'"), output.text)
        let (s2, out2) = makeToySession()
        XCTAssertEqual(s2.run("""
            print (round 1e300 15) (round -1e300 15) (round 2.5 0) (round 0.125 2)
            n = (exp 1000) - (exp 1000)
            print (min [1, n, 0]) (min [n, 1, 0]) (min [1, 0, n]) (max [n, 5]) (max [5, n])
            print (min 3 1 2) (max [3, 1, 2])
            """, file: "v.latent").status, 0, out2.text)
        XCTAssertEqual(out2.text, "1e+300 -1e+300 3 0.13\nnan nan nan nan nan\n1 3\n")
    }
}
