import Foundation
import XCTest
import LatentTestSupport

/// The one-step path through the built binary, on scikit-learn's digits with every default: scale=auto divides
/// by 16 and says so, the first train builds the force and the spectral start, the map reaches 5-fold kNN 0.95
/// (UMAP's defaults: 0.988 on this machine, docs/defaults.md), and no convergence note is given. About 5 s on
/// the release build; skipped on a debug build, where it takes over a minute.
final class DefaultMapThroughTheBinaryTests: XCTestCase {
    func testDigitsWithEveryDefaultMakeAGoodMapThroughTheBinary() throws {
        guard LatentBinary.configuration == "release" else {
            throw XCTSkip("a whole default map takes over a minute on a debug build; scripts/test's release pass runs this")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-default-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        let script = """
            set seed 1
            d = load "\(digits)" label=first image=[8, 8]
            m = model gne
            train m d
            r = eval m d quiet=true
            assert r.accuracy >= 0.95 "the default map of the digits classifies at UMAP's level"
            print "accuracy {r.accuracy:.4f}"
            """
        try script.write(to: dir.appendingPathComponent("digits.latent"), atomically: true, encoding: .utf8)
        let outcome = try LatentBinary.run(["run", "digits.latent"], in: dir)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        XCTAssertTrue(outcome.output.contains("scale=auto: image values divided by their largest, 16 (to [0, 1])"), outcome.output)
        XCTAssertTrue(outcome.output.contains("neighbour graph: 15 neighbours of 1797 points"), outcome.output)
        XCTAssertTrue(outcome.output.contains("init=spectral: the fuzzy graph's spectral layout"), outcome.output)
        XCTAssertTrue(outcome.output.contains("accuracy 0.9"), outcome.output)
        XCTAssertFalse(outcome.output.contains("far from converged"), "no note on a good map: \(outcome.output)")
    }
}
