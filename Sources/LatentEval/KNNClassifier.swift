import LatentCore
import LatentNeighbours

/// A k-nearest-neighbour classifier: majority vote of the `k` nearest training rows.
///
/// Ties between classes go to the tied class whose member appears first among the neighbours
/// (the nearest one), so predictions are deterministic.
public struct KNNClassifier: Sendable {
    /// Neighbours consulted per prediction.
    public let k: Int
    /// Index over the training rows.
    public let index: KNNIndex
    /// Label of every training row.
    public let labels: [Int32]

    /// A classifier over `train` rows labelled by `labels`.
    public init(train: Matrix, labels: [Int32], k: Int, method: KNNIndex.Method = .automatic) throws {
        try EvalError.require(labels.count == train.rows,
            "kNN training data has \(train.rows) rows but \(labels.count) labels.")
        try EvalError.require(k >= 1 && k <= train.rows,
            "k must be between 1 and the \(train.rows) training rows, got \(k).")
        self.k = k
        self.labels = labels
        self.index = KNNIndex(points: train, method: method)
    }

    /// The predicted label of every row of `queries`.
    public func predict(_ queries: Matrix) throws -> [Int32] {
        try predict(neighbors: index.query(queries, k: k))
    }

    /// Predictions of every training row from its `k` nearest *other* training rows (leave-one-out).
    public func predictLeaveOneOut() throws -> [Int32] {
        try predict(neighbors: index.selfNeighbors(k: k))
    }

    /// Majority vote over precomputed neighbours.
    func predict(neighbors nb: Neighbors) -> [Int32] {
        var out = [Int32](repeating: 0, count: nb.queryCount)
        var votes = [Int32](repeating: 0, count: nb.k)
        var counts = [Int](repeating: 0, count: nb.k)
        for q in 0..<nb.queryCount {
            // Distinct labels in neighbour order with their counts; first = nearest occurrence.
            var distinct = 0
            for j in 0..<nb.k {
                let label = labels[Int(nb.indices[q * nb.k + j])]
                var slot = 0
                while slot < distinct && votes[slot] != label { slot += 1 }
                if slot == distinct { votes[slot] = label; counts[slot] = 0; distinct += 1 }
                counts[slot] += 1
            }
            var best = 0
            for s in 1..<max(distinct, 1) where counts[s] > counts[best] { best = s }
            out[q] = votes[best]
        }
        return out
    }
}
