import Foundation
import XCTest
import LatentCore
@testable import LatentPlot

/// Shared test data and helpers.
enum Fixtures {
    /// Throws XCTSkip when gnuplot is not installed.
    static func requireGnuplot() throws {
        do { _ = try Gnuplot().locate() } catch {
            throw XCTSkip("gnuplot is not installed (run scripts/setup or apt-get install -y gnuplot-nox)")
        }
    }

    /// A fresh temporary directory removed by the caller's teardown.
    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "/latent-plot-tests-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The first bytes of a file.
    static func head(_ path: String, _ count: Int) -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path) else { return [] }
        return Array(d.prefix(count))
    }

    /// File size in bytes (0 when missing).
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}
