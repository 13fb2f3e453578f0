import Foundation
import LatentCore

/// Data files the tests write.
public enum RandomCSV {
    /// A CSV of `rows` x `cols` values in [0, 1] (three decimals, no header) from a fixed seed, at `path`.
    public static func write(_ path: String, rows: Int, cols: Int) throws {
        var rng = Rng(seed: 5)
        var text = ""
        for _ in 0..<rows {
            text += (0..<cols).map { _ in String(format: "%.3f", rng.uniform()) }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
