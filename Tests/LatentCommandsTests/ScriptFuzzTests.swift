import Foundation
import LatentCore
import Synchronization
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// Seeded property test of the lexer, parser, static checker and interpreter: random byte strings,
/// random token streams and mutations of every golden script run through `Session.run` with a registry
/// holding every latent command's real signature but a stub body (nothing loads, trains or writes).
/// Each input must finish without crashing; a watchdog raises the session's interrupt flag after 0.2 s
/// (loops poll it) and aborts the process, printing the input, if one still runs after 20 s.
///
/// LATENT_FUZZ_COUNT sets the number of inputs (default 20000), LATENT_FUZZ_SEED the seed.
final class ScriptFuzzTests: XCTestCase {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The golden scripts (both folders) and the bundled sample: the mutation corpus.
    static func corpus() throws -> [String] {
        let fm = FileManager.default
        var texts: [String] = []
        for folder in ["../LatentScriptTests/golden", "../LatentScriptTests/golden/support", "golden-latent"] {
            let dir = testsDirectory.appendingPathComponent(folder)
            for name in try fm.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".latent") {
                texts.append(try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8))
            }
        }
        let sample = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("samples/digits.latent")
        if let text = try? String(contentsOf: sample, encoding: .utf8) { texts.append(text) }
        return texts
    }

    /// A session whose registry has every latent command with its real parameters and a body that
    /// returns `none` (so `source`, `save`, `record`, `exit` and training never run for real).
    static func stubSession(output: CapturedOutput, interrupt: InterruptFlag, directory: String) -> Session {
        let session = Session.latent(output: output, interrupt: interrupt, baseDirectory: directory)
        for command in session.registry.commands {
            session.registry.register(Command(command.name, group: command.group, dataParallel: command.dataParallel,
                                              summary: command.summary,
                                              positionals: command.positionals, options: command.options,
                                              history: command.recordsInHistory) { _, _ in .none })
        }
        return session
    }

    func testRandomAndMutatedScriptsNeverCrashOrHang() throws {

        try SlowTests.skipWhenFast()
        let env = ProcessInfo.processInfo.environment
        let count = env["LATENT_FUZZ_COUNT"].flatMap(Int.init) ?? 20000
        let seed = env["LATENT_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261123
        let corpus = try Self.corpus()
        XCTAssertGreaterThan(corpus.count, 10)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("latent-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var generator = ScriptGenerator(seed: seed, corpus: corpus, vocabulary: Self.vocabulary())
        let interrupt = InterruptFlag()
        let watchdog = Watchdog(interrupt: interrupt, softLimit: 0.2, hardLimit: 20)
        watchdog.start()
        defer { watchdog.stop() }
        let memoryBefore = residentBytes()
        var outcomes = [0, 0, 0]   // clean, syntax errors, runtime errors
        var output = CapturedOutput()
        var session = Self.stubSession(output: output, interrupt: interrupt, directory: directory.path)
        for i in 0..<count {
            if i % 200 == 0 {
                output = CapturedOutput()
                session = Self.stubSession(output: output, interrupt: interrupt, directory: directory.path)
            }
            let text = generator.next()
            watchdog.begin(text)
            if i % 3 == 0 {
                // as the REPL does: one entry per line, variables carried over
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let result = session.run(String(line), file: "<fuzz \(i)>", firstLine: n + 1)
                    outcomes[result.syntaxErrors > 0 ? 1 : result.runtimeErrors > 0 ? 2 : 0] += 1
                }
            } else {
                let result = session.run(text, file: "<fuzz \(i)>", keepGoing: i % 2 == 0)
                outcomes[result.syntaxErrors > 0 ? 1 : result.runtimeErrors > 0 ? 2 : 0] += 1
                if result.syntaxErrors > 0 { XCTAssertTrue(output.errorText.contains("error: "), "input \(i) failed silently") }
            }
            watchdog.end()
            session.variables.removeAll(keepingCapacity: true)
            output.reset()
            _ = Parser.needsMoreInput(text)
        }
        let growth = residentBytes() - memoryBefore
        print("script fuzz: \(count) inputs (seed \(seed)), \(outcomes.reduce(0, +)) runs: \(outcomes[0]) clean, \(outcomes[1]) with syntax errors, "
              + "\(outcomes[2]) with runtime errors; \(watchdog.interruptions) interrupted by the 0.2 s budget; "
              + "resident memory grew \(growth / 1_000_000) MB")
        XCTAssertLessThan(growth, 300_000_000, "memory kept growing while fuzzing")
        XCTAssertGreaterThan(outcomes[1], count / 20, "the generator should produce many invalid scripts")
        XCTAssertGreaterThan(outcomes[0] + outcomes[2], count / 20, "the generator should produce many valid scripts")
    }

    /// Pathological shapes a random generator rarely reaches: deep nesting, long lines, many statements.
    func testPathologicalInputsAreReportedNotCrashed() throws {
        try SlowTests.skipWhenFast()
        let output = CapturedOutput()
        let session = Self.stubSession(output: output, interrupt: InterruptFlag(), directory: NSTemporaryDirectory())
        let deep = 10_000
        let inputs = [
            String(repeating: "[", count: deep),
            "print " + String(repeating: "[", count: deep) + String(repeating: "]", count: deep),
            "print " + String(repeating: "(print ", count: deep) + "1" + String(repeating: ")", count: deep),
            String(repeating: "repeat 1 {", count: deep) + String(repeating: "}", count: deep),
            String(repeating: "}", count: deep),
            "print " + String(repeating: "x.", count: deep) + "y",
            String(repeating: "\"", count: deep + 1),
            "print \"" + String(repeating: "\\u{", count: deep),
            String(repeating: "print 1\n", count: 20_000),
            "print " + String(repeating: "9", count: 5000),
            "print " + String(repeating: "1.", count: 5000),
            "x = " + String(repeating: "a", count: 100_000),
            String(repeating: "\\\n", count: deep),
            "\u{0}\u{FEFF}\r\n\"\u{301}print 1\r",
            "print (" + String(repeating: "-", count: deep) + "1)",
            "x = " + Array(repeating: "1", count: deep).joined(separator: " + "),
            "x = " + String(repeating: "not ", count: deep) + "true",
            "x = 2" + String(repeating: " ** 2", count: deep),
            "print \"" + String(repeating: "{", count: deep) + "\"",
            "print \"{" + String(repeating: "(", count: deep) + "}\"",
            "x = " + String(repeating: "a[", count: deep) + "0" + String(repeating: "]", count: deep),
            "if " + String(repeating: "x and ", count: deep) + "y { }",
        ]
        // input 9, a 5000-digit number, overflows a Double: an error naming it (it used to become inf)
        let valid: Set<Int> = [8, 12, 18]   // 18: an even run of "{" is braces
        for (i, text) in inputs.enumerated() {
            output.reset()
            let t0 = Date()
            let result = session.run(text, file: "<deep \(i)>")
            print("pathological input \(i): status \(result.status), \(String(format: "%.2f", Date().timeIntervalSince(t0))) s")
            if valid.contains(i) { XCTAssertEqual(result.status, 0, "input \(i): \(output.text.prefix(300))"); continue }
            XCTAssertNotEqual(result.status, 0, "input \(i) should be rejected")
            XCTAssertTrue(output.errorText.contains("error: "), "input \(i): \(output.text.prefix(200))")
            XCTAssertLessThanOrEqual(output.errorText.components(separatedBy: ": error: ").count - 1, Session.maxReportedErrors + 1)
        }
    }

    /// Words worth combining: every command head and subcommand, every option name, keywords, punctuation
    /// and edge-case literals.
    static func vocabulary() -> [String] {
        let registry = CommandRegistry.latent()
        var words = Set<String>()
        for command in registry.commands {
            for part in command.name.split(separator: " ") { words.insert(String(part)) }
            for option in command.options { words.insert(option.name + "="); words.insert(option.name) }
            for p in command.positionals { words.insert(p.name) }
        }
        words.formUnion(["for", "in", "repeat", "true", "false", "none", "=", ",", ";", "\n", "\n", "\n", "{", "}",
                         "[", "]", "(", ")", ".", "#", "\\\n", "\"", "\"a\\n\"", "\"\\u{1F600}\"", "\"\\q\"",
                         "\"x.csv\"", "0", "1", "-1", "1e309", "-0", "2.5", "9e15", "1e-400", "1_000", "0x1F",
                         "1.2.3", "3abc", ".5", "-.5", "x", "d", "m", "x.y", "d.labels", "é", "\u{301}", "\t",
                         "\r\n", "\u{0}", "[1, 2]", "[]", "(x)", "seed", "set", "help", "vars",
                         "if", "else", "def", "return", "assert", "and", "or", "not", "+", "-", "*", "/", "%", "**",
                         "<", "<=", ">", ">=", "==", "!=", "x[0]", "x[-1]", "\"{x}\"", "\"{x:.3f}\"", "\"{{\"", "\"{\"",
                         "\"{x:5d}\"", "table", "append", "len", "t.col", "def f a b=1 {", "return 1", "assert x > 0 \"m\""])
        return words.sorted()
    }
}

/// Makes fuzz inputs from a seeded generator: a third random characters, a third random token
/// streams, a third mutated corpus scripts (byte edits, token splices, truncations, crossovers).
struct ScriptGenerator {
    var rng: Rng
    let corpus: [[UInt8]]
    let vocabulary: [String]
    static let interesting: [UInt8] = Array("{}[]()=\",.;#\\\n\r\t -_0123456789eE+*/%<>!:".utf8) + [0, 0xC3, 0xA9, 0xCC, 0x81, 0xFF]

    init(seed: UInt64, corpus: [String], vocabulary: [String]) {
        self.rng = Rng(seed: seed)
        self.corpus = corpus.map { Array($0.utf8) }
        self.vocabulary = vocabulary
    }

    mutating func next() -> String {
        switch rng.int(below: 3) {
        case 0: return randomCharacters()
        case 1: return randomTokens()
        default: return String(decoding: mutated(), as: UTF8.self)
        }
    }

    mutating func randomCharacters() -> String {
        let length = rng.int(below: 200)
        var bytes: [UInt8] = []
        for _ in 0..<length {
            bytes.append(rng.int(below: 2) == 0 ? Self.interesting[rng.int(below: Self.interesting.count)]
                                                : UInt8(rng.int(below: 256)))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func randomTokens() -> String {
        var out = ""
        for _ in 0..<rng.int(below: 40) {
            out += vocabulary[rng.int(below: vocabulary.count)]
            if rng.int(below: 4) != 0 { out += " " }
        }
        return out
    }

    mutating func mutated() -> [UInt8] {
        var bytes = corpus[rng.int(below: corpus.count)]
        for _ in 0..<(1 + rng.int(below: 8)) {
            let at = bytes.isEmpty ? 0 : rng.int(below: bytes.count + 1)
            switch rng.int(below: 7) {
            case 0 where at < bytes.count:   // flip a bit
                bytes[at] ^= UInt8(1 << rng.int(below: 8))
            case 1:   // insert an interesting byte
                bytes.insert(Self.interesting[rng.int(below: Self.interesting.count)], at: at)
            case 2 where at < bytes.count:   // delete a range
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.int(below: 20)))
            case 3 where at < bytes.count:   // duplicate a range
                let slice = bytes[at..<min(bytes.count, at + 1 + rng.int(below: 40))]
                bytes.insert(contentsOf: slice, at: at)
            case 4:   // insert a vocabulary word
                bytes.insert(contentsOf: Array(vocabulary[rng.int(below: vocabulary.count)].utf8), at: at)
            case 5:   // truncate
                bytes.removeSubrange(at..<bytes.count)
            default:  // splice in part of another script
                let other = corpus[rng.int(below: corpus.count)]
                guard !other.isEmpty else { break }
                let lo = rng.int(below: other.count)
                bytes.insert(contentsOf: other[lo..<min(other.count, lo + rng.int(below: 200))], at: at)
            }
        }
        return bytes
    }
}

/// Bounds each fuzz input's time: raises the interrupt flag after `softLimit` seconds (loops stop at
/// their next iteration) and aborts with the input printed after `hardLimit` seconds (a real hang).
final class Watchdog: @unchecked Sendable {
    private let interrupt: InterruptFlag
    private let softLimit: Double, hardLimit: Double
    private let lock = NSLock()
    private var started: Date?
    private var input = ""
    private var raised = false
    private let running = Atomic<Bool>(false)
    private(set) var interruptions = 0

    init(interrupt: InterruptFlag, softLimit: Double, hardLimit: Double) {
        self.interrupt = interrupt
        self.softLimit = softLimit
        self.hardLimit = hardLimit
    }

    func start() {
        running.store(true, ordering: .relaxed)
        Thread.detachNewThread { [self] in
            while running.load(ordering: .relaxed) {
                usleep(20_000)
                lock.lock()
                if let started {
                    let elapsed = Date().timeIntervalSince(started)
                    if elapsed > softLimit {
                        if !raised { raised = true; interruptions += 1 }
                        interrupt.set()   // again: each top-level statement clears it
                    }
                    if elapsed > hardLimit {
                        FileHandle.standardError.write(Data("fuzz input hung for \(hardLimit) s:\n\(input.debugDescription)\n".utf8))
                        abort()
                    }
                }
                lock.unlock()
            }
        }
    }

    func stop() { running.store(false, ordering: .relaxed) }

    func begin(_ text: String) {
        lock.lock(); started = Date(); input = text; raised = false; lock.unlock()
    }

    func end() {
        lock.lock(); started = nil; lock.unlock()
    }
}

/// The process's resident set size in bytes (Linux /proc; 0 elsewhere).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
