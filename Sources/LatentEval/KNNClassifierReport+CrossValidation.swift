import LatentCore

extension KNNClassifierReport {
    /// `folds`-fold cross-validated `k`-NN scores on one labelled set: rows are shuffled by `rng` into
    /// near-equal folds, each fold is predicted from the others, and all predictions are pooled.
    public static func crossValidate(data: Matrix, labels: [Int32], k: Int, folds: Int = 5,
                                     rng: inout Rng) throws -> KNNClassifierReport {
        let n = data.rows
        try EvalError.require(labels.count == n, "kNN data has \(n) rows but \(labels.count) labels.")
        try EvalError.require(folds >= 2 && folds <= n,
            "folds must be between 2 and the \(n) rows, got \(folds).")
        let order = rng.permutation(n)
        var predicted = [Int32](repeating: 0, count: n)
        var foldAccuracies: [Double] = []
        for f in 0..<folds {
            let lo = f * n / folds, hi = (f + 1) * n / folds
            let testRows = Array(order[lo..<hi]).sorted()
            let trainRows = (Array(order[..<lo]) + Array(order[hi...])).sorted()
            try EvalError.require(k <= trainRows.count,
                "k must be at most the \(trainRows.count) training rows of each fold, got \(k).")
            let classifier = try KNNClassifier(train: data.gatherRows(trainRows),
                                               labels: trainRows.map { labels[$0] }, k: k)
            let foldPredicted = try classifier.predict(data.gatherRows(testRows))
            var correct = 0
            for (i, r) in testRows.enumerated() {
                predicted[r] = foldPredicted[i]
                if foldPredicted[i] == labels[r] { correct += 1 }
            }
            foldAccuracies.append(Double(correct) / Double(max(testRows.count, 1)))
        }
        var report = try KNNClassifierReport(truth: labels, predicted: predicted, k: k)
        report.foldAccuracies = foldAccuracies
        return report
    }
}
