import LatentCore
import LatentNeighbours

/// How many generated samples real data recognise without doubt: the share whose `k` nearest real
/// neighbours mostly (at least `threshold` of them) share one class.
public enum ConfidentShare {
    /// The share of neighbours that must agree, by default.
    public static let defaultThreshold = 0.8

    /// The share of `generated` rows (m, d) at least `threshold`·k of whose `k` nearest rows of `realData`
    /// (n, d), labelled `realLabels`, have the same class; 0 for no rows.
    public static func evaluate(generated: Matrix, realData: Matrix, realLabels: [Int32], k: Int,
                                threshold: Double = defaultThreshold) throws -> Double {
        try EvalError.require(realLabels.count == realData.rows,
            "the confident share needs one label per real sample (\(realData.rows)), got \(realLabels.count).")
        let nb = try KNNIndex(points: realData).query(generated, k: k)
        var confident = 0
        for q in 0..<generated.rows {
            var votes: [Int32: Int] = [:]
            for j in nb.indices(of: q) { votes[realLabels[Int(j)], default: 0] += 1 }
            if let top = votes.values.max(), Double(top) >= threshold * Double(k) { confident += 1 }
        }
        return Double(confident) / Double(max(generated.rows, 1))
    }
}
