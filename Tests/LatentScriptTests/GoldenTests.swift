import Foundation
import XCTest
@testable import LatentScript

/// Runs every `golden/NAME.latent` and compares `exit: STATUS` plus stdout+stderr (as printed) with
/// `golden/NAME.expected`. Scripts run in a temporary copy of the golden folder (so `support/` files
/// can be sourced and written files land outside the source tree). A first line `# options: keep-going`
/// continues after runtime errors. Set LATENT_UPDATE_GOLDEN=1 to rewrite the expected files.
final class GoldenTests: XCTestCase {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("golden")

    static func scripts() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path)
            .filter { $0.hasSuffix(".latent") }.sorted()
    }

    /// A fresh copy of the golden folder.
    static func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-golden-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: goldenDirectory, to: dir)
        return dir
    }

    /// Runs `name` in-process; returns the transcript `exit: N\n<output>`.
    static func runInProcess(_ name: String, in workspace: URL) throws -> String {
        let text = try String(contentsOf: workspace.appendingPathComponent(name), encoding: .utf8)
        let (session, output) = makeToySession(baseDirectory: workspace.path)
        let result = session.runFile(name, keepGoing: GoldenSupport.keepsGoing(text))
        return "exit: \(result.status)\n" + output.text
    }

    func testGoldenScripts() throws {
        let names = try Self.scripts()
        XCTAssertGreaterThanOrEqual(names.count, 10, "golden scripts are missing")
        let update = ProcessInfo.processInfo.environment["LATENT_UPDATE_GOLDEN"] == "1"
        for name in names {
            let workspace = try Self.workspace()
            defer { try? FileManager.default.removeItem(at: workspace) }
            let actual = try Self.runInProcess(name, in: workspace)
            let expectedURL = Self.goldenDirectory.appendingPathComponent(
                String(name.dropLast(".latent".count)) + ".expected")
            if update {
                try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: expectedURL, encoding: .utf8)
            XCTAssertEqual(actual, expected, "golden \(name) differs")
            if actual != expected { print(GoldenSupport.diff(expected, actual)) }
        }
    }
}
