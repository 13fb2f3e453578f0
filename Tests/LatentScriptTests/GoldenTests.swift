import Foundation
import XCTest
import LatentTestSupport
@testable import LatentScript

/// The language's golden scripts: each `golden/NAME.latent` runs in a toy session (ToyCommands) in a
/// temporary copy of the folder (so `support/` files can be sourced and written files land outside the
/// source tree) and must print exactly `golden/NAME.expected`, `exit: STATUS` first. A first line
/// `# options: keep-going` continues after runtime errors. One test method per script
/// (GoldenTests+Scripts.swift, written by scripts/golden-tests), so `--filter GoldenTests/test_NAME` runs
/// one; LATENT_UPDATE_GOLDEN=1 rewrites the expected files.
final class GoldenTests: XCTestCase {
    static let folder = GoldenSupport.folder("LatentScriptTests/golden")

    /// Runs `name` in-process; returns the transcript `exit: N\n<output>`.
    static func runInProcess(_ name: String, in workspace: URL) throws -> String {
        let text = try String(contentsOf: workspace.appendingPathComponent(name + ".latent"), encoding: .utf8)
        let (session, output) = makeToySession(baseDirectory: workspace.path)
        let result = session.runFile(name + ".latent", keepGoing: GoldenSupport.keepsGoing(text))
        return "exit: \(result.status)\n" + output.text
    }

    /// Runs script `name` and compares its transcript with the expected one.
    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let workspace = try GoldenSupport.workspace(copying: Self.folder)
        defer { try? FileManager.default.removeItem(at: workspace) }
        try GoldenSupport.check(try Self.runInProcess(name, in: workspace), script: name, folder: Self.folder, file: file, line: line)
    }

    func testEveryScriptHasATest() throws {
        try GoldenSupport.checkListed(Self.listed, folder: Self.folder)
    }
}
