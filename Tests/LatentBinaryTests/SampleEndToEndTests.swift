import Foundation
import XCTest
import LatentTestSupport

/// Runs the bundled sample (samples/digits.latent) through the built `latent` binary, as a newcomer
/// would with scripts/run-sample, and checks what it promises: exit 0, every plot and the model written,
/// a GNE embedding whose 5-fold kNN accuracy is above 0.9, and class-conditional G-NeuroDAVIS samples
/// that a kNN classifier on the real digits assigns to the requested class at least 90% of the time.
final class SampleEndToEndTests: XCTestCase {
    func testBundledSampleRunsEndToEnd() throws {
        try SlowTests.skipWhenFast()
        let root = LatentBinary.packageRoot
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("latent-sample-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("samples"),
                                                   withDestinationURL: root.appendingPathComponent("samples"))
        let outcome = try LatentBinary.run(["run", "samples/digits.latent"], in: work)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        for file in ["digits-loss.png", "digits-gne.png", "digits-lattice.png", "digits-gnd-threes.png", "digits-gne.model"] {
            let path = work.appendingPathComponent("out/\(file)").path
            if file.hasSuffix(".png") && !gnuplotAvailable { continue }
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "missing out/\(file)\n\(outcome.output)")
        }
        XCTAssertFalse(outcome.output.contains("error:"), outcome.output)
        func value(after prefix: String) -> Double? {
            for line in outcome.output.split(separator: "\n") where line.hasPrefix(prefix) {
                return Double(line.dropFirst(prefix.count).split(separator: " ").first ?? "")
            }
            return nil
        }
        let accuracy = try XCTUnwrap(value(after: "accuracy "), outcome.output)
        XCTAssertGreaterThan(accuracy, 0.9, "GNE 5-fold kNN accuracy on digits")
        let share = try XCTUnwrap(value(after: "a kNN classifier (k=5) on real data assigns "), outcome.output)
        XCTAssertGreaterThanOrEqual(share, 0.9, "class-conditional samples recognised as their class")
    }
}
