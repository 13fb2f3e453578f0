import Foundation
import XCTest
import LatentTestSupport

/// The domain golden scripts (Tests/LatentCommandsTests/golden-latent) through the `latent` executable
/// (`latent run NAME.latent`, stdout and stderr on one pipe): the binary prints exactly what the in-process
/// session prints. One test method per script (LatentGoldenThroughTheBinaryTests+Scripts.swift, written by
/// scripts/golden-tests); scripts/test runs them against the release build too (LATENT_BINARY).
final class LatentGoldenThroughTheBinaryTests: XCTestCase {
    static let folder = GoldenSupport.folder("LatentCommandsTests/golden-latent")

    /// Runs script `name` through the binary and compares its transcript with the expected one.
    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let actual = try GoldenSupport.runThroughTheBinary(name, folder: Self.folder)
        try GoldenSupport.check(actual, script: name, folder: Self.folder, configuration: "\(LatentBinary.configuration) latent",
                                file: file, line: line)
    }

    func testEveryScriptHasATest() throws {
        try GoldenSupport.checkListed(Self.listed, folder: Self.folder)
    }
}
