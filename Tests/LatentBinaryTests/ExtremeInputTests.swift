import LatentFiles
import Foundation
import XCTest
import LatentTestSupport

/// The reliability classes, each from a minimal input the test writes, through the `latent` executable
/// (debug, and the release build in scripts/test's second pass: every test here ends in ThroughTheBinary):
/// extreme values and NaN in data, unbounded work and Ctrl-C, deep scripts, memory limits, and loads and
/// outputs that used to go silently wrong. Each asserts the sentence or the correct result, and that the
/// process ended by itself (never by a signal).
final class ExtremeInputTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-extreme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A finished run of the executable.
    struct Outcome {
        var status: Int32
        var output: String
        var signalled: Bool
        var seconds: Double
    }

    /// Writes `text` to `name` in the test's folder.
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// Runs `latent run script.latent` (after writing `script`) in the test's folder, with extra environment,
    /// under `ulimit -v` (KB) when given, sending SIGINT after `interruptAfter` seconds when given.
    func run(_ script: String, environment: [String: String] = [:], addressSpaceKB: Int? = nil,
             interruptAfter: Double? = nil, arguments: [String]? = nil) throws -> Outcome {
        try write("script.latent", script)
        let binary = try LatentBinary.binary().path
        let process = Process()
        if let kb = addressSpaceKB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(kb) && exec \"$0\" \"$@\"", binary] + (arguments ?? ["run", "script.latent"])
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments ?? ["run", "script.latent"]
        }
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        try process.run()
        if let delay = interruptAfter {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { kill(pid, SIGINT) }
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self),
                       signalled: process.terminationReason == .uncaughtSignal, seconds: Date().timeIntervalSince(start))
    }

    /// Asserts the run ended by itself with `status` and printed every fragment.
    func expect(_ outcome: Outcome, status: Int32, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(outcome.signalled, "killed by signal \(outcome.status): \(outcome.output)", file: file, line: line)
        XCTAssertEqual(outcome.status, status, outcome.output, file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(outcome.output.contains(fragment), "missing '\(fragment)' in: \(outcome.output)", file: file, line: line)
        }
    }

    /// `rows` rows of `cols` seeded values times `scale`, with a header a,b,c,... and a 0/1 label column.
    func table(rows: Int, cols: Int, scale: Double = 1) -> String {
        var state: UInt64 = 7
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) - 0.5 }
        let header = (0..<cols).map { String(UnicodeScalar(UInt8(97 + $0))) }.joined(separator: ",") + ",label"
        let body = (0..<rows).map { r in (0..<cols).map { _ in "\(next() * scale)" }.joined(separator: ",") + ",\(r % 2)" }
        return ([header] + body).joined(separator: "\n") + "\n"
    }

    // MARK: 1. extreme values

    func testExtremeValuesAreRefusedOrSearchedThroughTheBinary() throws {
        try write("huge.csv", "a,b,label\n1,2,0\n3,1e20,1\n")
        expect(try run("d = load \"huge.csv\""), status: 70,
               ["huge.csv:3: column 2 ('b'): 1e20 is too large; expected a finite number of magnitude at most 1e15"])
        try write("small.csv", table(rows: 20, cols: 3))
        expect(try run("d = load \"small.csv\" scale=1e-45"), status: 70, ["cannot divide by 1e-45: its reciprocal overflows float32"])
        expect(try run("d = load \"small.csv\" scale=1e-30"), status: 70, ["the scaling '/1e-30' turns column 'a' of row 1"])
        // values up to the limit build both graphs (8 columns: the brute-force search) and score in [0, 1]
        try write("edge.csv", table(rows: 60, cols: 8, scale: 1.9e15))
        let edge = try run("""
            set timings false
            d = load "edge.csv"
            m = model gne dims=2
            neighbours m d graph=exact pca=0 k=5
            neighbours m d graph=approx pca=0 k=5
            s = scale d max
            m2 = model gne dims=2
            train m2 s epochs=2 batch=30
            r = eval m2 s knn=3 quiet=true
            assert (r.trustworthiness >= 0) and (r.trustworthiness <= 1) "trustworthiness {r.trustworthiness}"
            print "ok"
            """)
        expect(edge, status: 0, ["neighbour graph: 5 neighbours of 60 points", "ok"])
    }

    // MARK: 2. unbounded work

    func testUnboundedWorkIsBoundedAndStopsOnCtrlCThroughTheBinary() throws {
        try write("d.csv", table(rows: 2000, cols: 8))
        let setup = "set timings false\nd = load \"d.csv\"\nm = model gne dims=2 init=spectral\n"
        expect(try run(setup + "neighbours m d layout=1000000000"), status: 70, ["option 'layout' of 'neighbours' must be between 0 and 10000"])
        expect(try run(setup + "neighbours m d negatives=1000000000"), status: 70, ["option 'negatives' of 'neighbours' must be between 0 and 100"])
        // 10000 layout passes take far longer than the 2 s before Ctrl-C; the step stops within a second
        let stopped = try run(setup + "neighbours m d layout=10000 graph=exact\nprint \"not reached\"", interruptAfter: 2)
        expect(stopped, status: 70, ["'neighbours' was interrupted"])
        XCTAssertFalse(stopped.output.contains("not reached"))
        XCTAssertLessThan(stopped.seconds, 30, "stopped at a safe point soon after Ctrl-C")
    }

    // MARK: 3. deep scripts

    func testDeepScriptsRunOrEndInASentenceThroughTheBinary() throws {
        func deep(calls: Int, blocks: Int) -> String {
            "def f n {\n  if n > 0 { " + String(repeating: "if true { ", count: blocks - 1)
                + "\n    return (f (n - 1)) + 1\n  " + String(repeating: "} ", count: blocks) + "\n  return 0\n}\nprint (f \(calls))\n"
        }
        expect(try run(deep(calls: 99, blocks: 45)), status: 0, ["99"])
        expect(try run(deep(calls: 99, blocks: 124)), status: 0, ["99"])    // the parser's nesting limit is 128
        expect(try run(deep(calls: 101, blocks: 45)), status: 70, ["user commands are nested more than 100 deep"])
    }

    // MARK: 4. memory limits

    func testMemoryLimitsHoldThroughTheBinary() throws {
        expect(try run("print 1", environment: ["LATENT_MEMORY_LIMIT": "1Q"]), status: 64,
               ["LATENT_MEMORY_LIMIT=1Q cannot be read; expected a positive amount such as 2e9, 512M, 1G or 1.5GB"])
        try write("img.csv", table(rows: 40, cols: 16))
        let limited = try run("""
            d = load "img.csv" image=[4, 4]
            a = augment d copies=1000000
            """, environment: ["LATENT_MEMORY_LIMIT": "1G"])
        expect(limited, status: 70, ["augment copies=1000000 of the 40 rows of dataset 'img'", "more than the 1.1 GB available to latent (LATENT_MEMORY_LIMIT)"])
        expect(try run("x = [1]\nrepeat 40 { x = x + x }", environment: ["LATENT_MEMORY_LIMIT": "100M"]), status: 70,
               ["joining lists of", "more than the 105 MB available to latent (LATENT_MEMORY_LIMIT)"])
        // an address-space limit (ulimit -v) is read: the model is refused, not aborted on a failed allocation
        expect(try run("d = load \"img.csv\"\nm = model gne dims=2 hidden=[20000, 20000]\ntrain m d epochs=1", addressSpaceKB: 3_000_000),
               status: 70, ["needs", "available to latent (the address-space limit of ulimit -v)"])
    }

    // MARK: 5. silent wrongs

    func testLoadsAndOutputsThatWentSilentlyWrongThroughTheBinary() throws {
        try write("xy.csv", "x,y,label\n0.1,0.2,0\n0.3,0.4,1\n0.5,0.6,0\n0.7,0.8,1\n")
        let escape = "\u{1B}]0;pwned\u{07}\u{1B}[2J"
        try write("names.csv", "a,b,label\n" + (0..<12).map { "\(Double($0) / 7),\(Double($0 % 5) / 3),c\($0 % 2)\(escape)" }.joined(separator: "\n") + "\n")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("out/link.csv").path,
                                                   withDestinationPath: folder.appendingPathComponent("target.csv").path)
        try write("target.csv", "keep\n")
        let outcome = try run("""
            set timings false
            d = load "xy.csv"
            print d.features
            n = load "names.csv"
            m = model gne dims=2
            train m n epochs=1 batch=6
            e = embed m n steps=1
            h = head e 2
            print h
            set terminal dumb
            plot embedding m
            t = table
            append t a=1 b="x;y" c="q\\"r"
            export t to "link.csv"
            export t to "t.csv"
            print (round 1e300 15)
            """, arguments: ["run", "--keep-going", "script.latent"])
        XCTAssertFalse(outcome.signalled, outcome.output)
        XCTAssertEqual(outcome.status, 70, "the export through a link is the one error: \(outcome.output)")
        XCTAssertTrue(outcome.output.hasPrefix("2\n"), "x,y,label: the label is 'label', two features: \(outcome.output)")
        XCTAssertFalse(outcome.output.contains("\u{1B}"), "no escape sequence reaches the terminal: \(outcome.output)")
        XCTAssertTrue(outcome.output.contains("\\u{1B}]0;pwned"), "class names are shown escaped: \(outcome.output)")
        XCTAssertTrue(outcome.output.contains("link.csv: cannot be written: it is a symbolic link"), outcome.output)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("target.csv"), encoding: .utf8), "keep\n")
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("out/t.csv"), encoding: .utf8), "a,b,c\n1.0,\"x;y\",\"q\"\"r\"\n")
        XCTAssertTrue(outcome.output.contains("1e+300"), outcome.output)
    }
}
