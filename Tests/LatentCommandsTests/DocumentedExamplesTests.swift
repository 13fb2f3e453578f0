import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// Every example the user is shown runs as written: the README's latent blocks, the `example` column of
/// its command table, and the examples on every command's help page. They run in a temporary folder that
/// holds samples/digits.csv (and a small MNIST-named IDX pair, and faces/, a folder of PNG images in two
/// class subfolders); table and help examples run after a
/// preamble that defines the names they use, each with the variables and settings restored afterwards.
/// Only `epochs=` is rewritten (to 1) so the whole test stays short.
final class DocumentedExamplesTests: XCTestCase {
    /// Defines the names the examples use (see CommandExamples.swift) on 700 of the digits (`values` too).
    static let preamble = """
        set seed 3
        set progress false
        all = head (load "samples/digits.csv" label=first scale=16 image=[8, 8]) 700
        p = split all test=0.25
        d = p.train
        tr = d
        te = p.test
        test = te
        m = model gne dims=2 init=pca
        train m d epochs=2 batch=128 lr=3e-3
        m1 = m
        m2 = model gne dims=2
        train m2 d epochs=1 batch=128
        e = embed m te
        a = embed m d
        b = embed m2 d
        g = generate m grid=4
        c = model gnd supervised=true
        train c d epochs=1 batch=128
        v = model vae
        train v d epochs=1 batch=128
        k = model kaleido depth=2 width=32
        train k d epochs=1 batch=128
        paths = infer v te steps=3
        r = eval m d quiet=true
        u = load "umap.csv" label=last

        """ + values

    /// The cheap names whose objects examples change in place (`append t`); they are defined again after each example.
    static let values = """
        s = select d label=3
        lr = 1e-3
        xs = [3, 1, 2]
        t = table
        append t lr=1e-3 accuracy=0.5
        append t lr=3e-3 accuracy=0.75
        """

    var work: URL!

    override func setUpWithError() throws {
        let fm = FileManager.default
        work = fm.temporaryDirectory.appendingPathComponent("latent-examples-\(UUID().uuidString)")
        try fm.createDirectory(at: work.appendingPathComponent("samples"), withIntermediateDirectories: true)
        try fm.copyItem(at: LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv"),
                        to: work.appendingPathComponent("samples/digits.csv"))
        try writeMNISTLike()
        try writeTables()
        try ImageFolderFixture.write(to: work.appendingPathComponent("faces").path)
    }

    /// The small CSV files the README's `load` examples name: iris.csv (a text label, a quoted field),
    /// survey.csv (gaps), t.csv (an id column) and umap.csv (2-D coordinates with a label, as UMAP's map
    /// saved from Python), 30 rows each.
    func writeTables() throws {
        var iris = "sl,sw,pl,pw,species\n", survey = "age,score,hours\n", t = "id,a,b,label\n", umap = "x,y,label\n"
        for i in 0..<30 {
            let c = i % 3, x = Double(i) / 10
            iris += "\(5 + x),\(3 + Double(c)),\(1 + x * Double(c)),0.\(c),\(c == 0 ? "\"setosa, Iris\"" : c == 1 ? "versicolor" : "virginica")\n"
            survey += i % 7 == 3 ? "\(20 + i),,\(i % 5)\n" : "\(20 + i),\(x),\(i % 5 == 0 ? "NA" : "\(i % 5)")\n"
            t += "\(i),\(x),\(Double(c) + x),\(c)\n"
            umap += "\(Double(c) * 4 + x),\(Double(c % 2) * 3 - x),\(c)\n"
        }
        for (name, text) in [("iris.csv", iris), ("survey.csv", survey), ("t.csv", t), ("umap.csv", umap)] {
            try text.write(to: work.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    /// mnist/train-images-idx3-ubyte.gz and its labels: 20 random 8x8 images, gzipped by gzip(1).
    func writeMNISTLike() throws {
        let folder = work.appendingPathComponent("mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = SystemRandomNumberGenerator()
        let n = 20
        let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, UInt8(n), 0, 0, 0, 8, 0, 0, 0, 8] + (0..<(n * 64)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, UInt8(n)] + (0..<n).map { UInt8($0 % 10) }
        for (name, bytes) in [("train-images-idx3-ubyte", images), ("train-labels-idx1-ubyte", labels)] {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
            gzip.arguments = ["-f", url.path]
            guard (try? gzip.run()) != nil else { throw XCTSkip("gzip(1) is needed to write the MNIST-named example file") }
            gzip.waitUntilExit()
        }
    }

    /// Runs `text` in `session`; the failure message holds the example and what it printed.
    func assertRuns(_ text: String, in session: Session, _ output: CapturedOutput, _ place: String,
                    file: StaticString = #filePath, line: UInt = #line) {
        output.reset()
        let result = session.run(Self.shortened(text), file: place)
        XCTAssertEqual(result.status, 0, "\(place): \(text)\n\(output.text)", file: file, line: line)
        XCTAssertEqual(output.errorText, "", "\(place): \(text)", file: file, line: line)
    }

    /// `epochs=N` and `epochs=(expr)` become `epochs=1`, and a `train` statement without `epochs=` (the
    /// data-sized default) gets `epochs=1`.
    static func shortened(_ text: String) -> String {
        let short = text.replacingOccurrences(of: #"epochs=(\d+|\([^)]*\))"#, with: "epochs=1", options: .regularExpression)
        return short.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard code.trimmingCharacters(in: .whitespaces).hasPrefix("train "), !code.contains("epochs=") else { return String(line) }
            let comment = line.dropFirst(code.count)
            return code.replacingOccurrences(of: #"\s*$"#, with: "", options: .regularExpression) + " epochs=1"
                + (comment.isEmpty ? "" : "   " + comment)
        }.joined(separator: "\n")
    }

    func session() -> (Session, CapturedOutput) {
        let output = CapturedOutput()
        return (Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: work.path), output)
    }

    /// Runs `examples` one by one after the preamble, restoring variables and settings after each.
    func runAfterPreamble(_ examples: [(place: String, text: String)]) {
        let (session, output) = session()
        assertRuns(Self.preamble, in: session, output, "preamble")
        let names = session.settingDefinitions.map(\.name)
        let settings = names.map { session.setting($0) }
        let variables = session.globals.values
        for example in examples {
            assertRuns(example.text, in: session, output, example.place)
            session.globals.values = variables
            assertRuns(Self.values, in: session, output, "values after \(example.place)")
            for (name, value) in zip(names, settings) where session.setting(name).description != value.description {
                XCTAssertNoThrow(try session.changeSetting(name, to: value))
            }
        }
    }

    /// The code spans of the README command table's `example` column.
    static func readmeTableExamples() throws -> [(place: String, text: String)] {
        let lines = try String(contentsOf: LatentBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "| command | example | what it does |") else { return [] }
        var examples: [(String, String)] = []
        for (i, line) in lines.enumerated().dropFirst(start + 2) {
            guard line.hasPrefix("|") else { break }
            let cells = line.replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|", omittingEmptySubsequences: false)
            guard cells.count > 2 else { continue }
            let spans = cells[2].split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { $0.element.replacingOccurrences(of: "\u{1}", with: "|") }
            examples += spans.map { ("README.md:\(i + 1)", $0) }
        }
        return examples
    }

    func testReadmeBlocksRun() throws {

        try SlowTests.skipWhenFast()
        let blocks = try ExistingScriptsTests.readmeExamples()
        XCTAssertGreaterThanOrEqual(blocks.count, 2)
        for block in blocks {
            let (session, output) = session()
            assertRuns("set progress false\n" + block.text, in: session, output, "README.md:\(block.line)")
        }
    }

    func testReadmeCommandTableExamplesRun() throws {

        try SlowTests.skipWhenFast()
        let examples = try Self.readmeTableExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 40)
        runAfterPreamble(examples)
    }

    func testHelpExamplesRun() throws {

        try SlowTests.skipWhenFast()
        let registry = CommandRegistry.latent()
        let examples = registry.commands.flatMap { command in command.examples.map { ("help \(command.name)", $0) } }
        XCTAssertGreaterThanOrEqual(examples.count, 60)
        let documented = Set(registry.commands.filter { !$0.examples.isEmpty }.map(\.name))
        for name in ["train", "eval", "generate", "plot embedding", "append", "set", "help"] {
            XCTAssertTrue(documented.contains(name), "help \(name) shows examples")
        }
        runAfterPreamble(examples)
    }

    func testHelpPageShowsItsExamples() {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag())
        session.run("help train", file: "t")
        XCTAssertTrue(output.text.contains("\nExamples:\n  train m d\n  train m d epochs=2 batch=128 lr=3e-3\n"), output.text)
    }
}
