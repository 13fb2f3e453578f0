import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// The scripts that ship with latent, and every example in the README's language tour, pass the
/// static check of the current language (they keep their meaning: none became an error).
final class ExistingScriptsTests: XCTestCase {
    static let root = LatentBinary.packageRoot

    func errors(_ text: String, _ name: String) -> [String] {
        let session = Session.latent(output: CapturedOutput(), interrupt: InterruptFlag())
        return session.check(SourceText(name: name, text: text)).errors.map(\.description)
    }

    func testShippedScriptsPassTheStaticCheck() throws {
        var paths = ["samples/digits.latent"]
        let quality = Self.root.appendingPathComponent("scripts/quality")
        paths += try FileManager.default.contentsOfDirectory(atPath: quality.path).filter { $0.hasSuffix(".latent") }
            .sorted().map { "scripts/quality/\($0)" }
        XCTAssertGreaterThanOrEqual(paths.count, 5)
        for path in paths {
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            XCTAssertEqual(errors(text, path), [], path)
        }
    }

    /// Indented blocks of the README that read as latent scripts (not shell lines or error transcripts).
    static func readmeExamples() throws -> [(line: Int, text: String)] {
        let lines = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [(Int, [String])] = []
        var current: [String] = []
        var start = 0
        var previousBlank = true
        for (i, line) in lines.enumerated() {
            if line.hasPrefix("    ") && (previousBlank || !current.isEmpty) {
                if current.isEmpty { start = i + 1 }
                current.append(String(line.dropFirst(4)))
            } else if !current.isEmpty {
                blocks.append((start, current))
                current = []
            }
            previousBlank = line.trimmingCharacters(in: .whitespaces).isEmpty
        }
        if !current.isEmpty { blocks.append((start, current)) }
        let shell = ["scripts/", "mpirun", "latent ", ".build/", "swift "]
        return blocks.filter { _, body in
            !body.contains { l in shell.contains { l.hasPrefix($0) } || l.contains(": error: ") }
        }.map { ($0.0, $0.1.joined(separator: "\n")) }
    }

    func testReadmeExamplesPassTheStaticCheck() throws {
        let examples = try Self.readmeExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 2)
        for (line, text) in examples {
            XCTAssertEqual(errors(text, "README.md:\(line)"), [], "README block at line \(line)")
        }
    }
}
