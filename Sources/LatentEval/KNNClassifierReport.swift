import LatentCore

/// Accuracy, macro precision/recall/F1 and the confusion matrix of a classification.
///
/// Macro scores follow scikit-learn: per class over the union of true and predicted labels, then the
/// unweighted mean; a class never predicted has precision 0, a class never present has recall 0.
public struct KNNClassifierReport: Sendable {
    /// Neighbours used by the classifier (0 when built from bare predictions).
    public let k: Int
    /// Class labels in ascending order; rows and columns of `confusion` follow this order.
    public let classes: [Int32]
    /// `confusion[t][p]` counts samples of true class `classes[t]` predicted as `classes[p]`; empty when
    /// there are more than `maxConfusionClasses` classes (the per-class scores are still computed).
    public let confusion: [[Int]]
    /// Most classes for which the c x c confusion matrix is built (beyond it, a summary is shown).
    public static let maxConfusionClasses = 200
    /// Number of evaluated samples.
    public let sampleCount: Int
    /// Fraction of samples predicted correctly.
    public let accuracy: Double
    /// Per-class precision, aligned with `classes`.
    public let precision: [Double]
    /// Per-class recall, aligned with `classes`.
    public let recall: [Double]
    /// Per-class F1, aligned with `classes`.
    public let f1: [Double]
    /// Accuracy of each fold for cross-validated reports, otherwise empty.
    public internal(set) var foldAccuracies: [Double] = []

    /// Unweighted mean of the per-class precisions.
    public var macroPrecision: Double { mean(precision) }
    /// Unweighted mean of the per-class recalls.
    public var macroRecall: Double { mean(recall) }
    /// Unweighted mean of the per-class F1 scores.
    public var macroF1: Double { mean(f1) }

    /// Scores of `predicted` against `truth` (same length, at least one sample).
    public init(truth: [Int32], predicted: [Int32], k: Int = 0) throws {
        try EvalError.require(truth.count == predicted.count,
            "classification report needs as many predictions as true labels (\(truth.count)), got \(predicted.count).")
        try EvalError.require(!truth.isEmpty, "classification report needs at least one sample.")
        self.k = k
        let classes = Array(Set(truth).union(predicted)).sorted()
        var slot: [Int32: Int] = [:]
        for (i, c) in classes.enumerated() { slot[c] = i }
        let c = classes.count
        // per-class counts in O(samples + classes); the dense matrix only for a readable class count
        var truePositive = [Int](repeating: 0, count: c)
        var trueCount = [Int](repeating: 0, count: c)
        var predictedCount = [Int](repeating: 0, count: c)
        var confusion = c <= Self.maxConfusionClasses ? [[Int]](repeating: [Int](repeating: 0, count: c), count: c) : []
        for (t, p) in zip(truth, predicted) {
            let (i, j) = (slot[t]!, slot[p]!)
            trueCount[i] += 1
            predictedCount[j] += 1
            if i == j { truePositive[i] += 1 }
            if !confusion.isEmpty { confusion[i][j] += 1 }
        }
        var correct = 0
        var precision = [Double](repeating: 0, count: c)
        var recall = [Double](repeating: 0, count: c)
        var f1 = [Double](repeating: 0, count: c)
        for i in 0..<c {
            let tp = truePositive[i]
            correct += tp
            precision[i] = predictedCount[i] > 0 ? Double(tp) / Double(predictedCount[i]) : 0
            recall[i] = trueCount[i] > 0 ? Double(tp) / Double(trueCount[i]) : 0
            let denominator = predictedCount[i] + trueCount[i]
            f1[i] = denominator > 0 ? 2 * Double(tp) / Double(denominator) : 0
        }
        self.classes = classes
        self.confusion = confusion
        self.sampleCount = truth.count
        self.accuracy = Double(correct) / Double(truth.count)
        self.precision = precision
        self.recall = recall
        self.f1 = f1
    }

    /// A sentence when the classes look like a continuous target or an id rather than classes (more than
    /// `maxConfusionClasses` of them, or more than half the samples with at least 50 classes); nil otherwise.
    public var classCountWarning: String? {
        guard classes.count > Self.maxConfusionClasses || (classes.count >= 50 && classes.count * 2 > sampleCount) else { return nil }
        return "\(classes.count) distinct labels in \(sampleCount) samples: the labels look continuous or like ids, "
            + "so per-class scores mean little"
    }

    /// Fits a `k`-NN classifier on (`train`, `trainLabels`) and scores it on (`test`, `testLabels`).
    public static func evaluate(train: Matrix, trainLabels: [Int32], test: Matrix, testLabels: [Int32],
                                k: Int) throws -> KNNClassifierReport {
        try EvalError.require(testLabels.count == test.rows,
            "kNN test data has \(test.rows) rows but \(testLabels.count) labels.")
        let classifier = try KNNClassifier(train: train, labels: trainLabels, k: k)
        return try KNNClassifierReport(truth: testLabels, predicted: classifier.predict(test), k: k)
    }
}

private func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
