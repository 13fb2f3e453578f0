import Foundation
import LatentCore

/// A small MLP classifier trained on labelled real data; its last hidden layer is the feature space of the
/// Fréchet sample-quality score (the role Inception plays for FID).
///
/// Net: Dense(d -> h1, relu) -> ... -> Dense(-> h_last, relu) = features, then a linear head to the classes,
/// trained with softmax cross-entropy and Adam. Deterministic for a seed and thread count.
public final class FeatureClassifier {
    /// The hidden layers; their output is the feature vector.
    public let body: Sequential
    /// Linear map from features to class logits.
    public let head: Dense
    /// The distinct labels, ascending; logit i scores `classes[i]`.
    public let classes: [Int32]

    init(body: Sequential, head: Dense, classes: [Int32]) {
        self.body = body; self.head = head; self.classes = classes
    }

    /// Width of the feature vectors.
    public var featureSize: Int { body.outputSize }

    /// Trains a classifier on the rows of `data` (n, d) with `labels` (n).
    public static func train(data: Matrix, labels: [Int32], hidden: [Int] = [256, 64], epochs: Int = 5,
                             batch: Int = 256, learningRate: Float = 1e-3, seed: UInt64 = 1) throws -> FeatureClassifier {
        try EvalError.require(data.rows == labels.count && data.rows >= 2,
                              "A feature classifier needs one label per row (\(data.rows) rows, \(labels.count) labels).")
        try EvalError.require(!hidden.isEmpty && hidden.allSatisfy { $0 > 0 }, "Feature classifier widths must be positive.")
        try EvalError.require(epochs > 0 && batch > 0, "Feature classifier epochs and batch must be positive.")
        let classes = Array(Set(labels)).sorted()
        try EvalError.require(classes.count >= 2, "A feature classifier needs at least 2 classes, got \(classes.count).")
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        var rng = Rng(seed: seed)
        let model = make(inputs: data.cols, hidden: hidden, classes: classes, rng: &rng)
        let adam = Adam(AdamConfig(learningRate: learningRate))
        let params = model.body.parameters + model.head.parameters
        let grad = Matrix(rows: batch, cols: classes.count)
        for _ in 0..<epochs {
            let order = rng.permutation(data.rows)
            for start in Swift.stride(from: 0, to: data.rows, by: batch) {
                let rows = Array(order[start..<min(start + batch, data.rows)])
                let logits = model.head.forward(model.body.forward(data.gatherRows(rows)))
                grad.resize(rows: rows.count)
                SoftmaxCrossEntropy.gradient(logits: logits, targets: rows.map { index[labels[$0]]! }, into: grad)
                _ = model.body.backward(model.head.backward(grad, needInputGradient: true), needInputGradient: false)
                adam.beginStep()
                for p in params { adam.update(p) }
            }
        }
        return model
    }

    /// The untrained net: Dense(inputs -> hidden[0], relu) -> ... -> Dense(-> classes.count), Glorot weights.
    static func make(inputs: Int, hidden: [Int], classes: [Int32], rng: inout Rng) -> FeatureClassifier {
        var layers: [Layer] = []
        var width = inputs
        for (i, h) in hidden.enumerated() {
            layers.append(Dense(width, h, activation: .relu, name: "features.\(i)", rng: &rng))
            width = h
        }
        return FeatureClassifier(body: Sequential(layers),
                                 head: Dense(width, classes.count, name: "features.head", rng: &rng),
                                 classes: classes)
    }

    /// Feature vectors of the rows of `x` (n, d) -> (n, featureSize), in batches of 1024.
    public func features(_ x: Matrix) -> Matrix {
        let out = Matrix(rows: x.rows, cols: featureSize)
        for start in Swift.stride(from: 0, to: x.rows, by: 1024) {
            let rows = Array(start..<min(start + 1024, x.rows))
            let f = body.forward(x.gatherRows(rows))
            (out.row(start)).update(from: f.base, count: f.count)
        }
        return out
    }

    /// Share of rows of `x` whose largest logit is their label.
    public func accuracy(_ x: Matrix, labels: [Int32]) -> Double {
        let logits = head.forward(features(x))
        var right = 0
        for r in 0..<x.rows {
            let p = logits.row(r)
            var best = 0
            for c in 1..<classes.count where p[c] > p[best] { best = c }
            if classes[best] == labels[r] { right += 1 }
        }
        return Double(right) / Double(max(x.rows, 1))
    }
}

/// The Fréchet score of generated samples in a classifier's feature space, beside the same score of real
/// held-out data (the floor a perfect generator would reach with that many samples).
///
/// `eval g tr test=te` on Samples (LatentCommands/EvalCommands.swift) loads or trains the classifier on tr's
/// labelled rows (FeatureClassifierCache) and calls `evaluate` with the samples, te's rows and tr's rows.
public struct FrechetScore: Sendable, CustomStringConvertible {
    /// Fréchet distance between generated samples and the real training set.
    public let generated: Double
    /// Fréchet distance between the real test set and the real training set.
    public let baseline: Double

    /// Scores `generated` and `test` against `train`, all (n, d) rows in the classifier's input space.
    public static func evaluate(generated: Matrix, test: Matrix, train: Matrix,
                                classifier: FeatureClassifier) throws -> FrechetScore {
        let reference = try FeatureStatistics(classifier.features(train))
        let g = try FrechetDistance.distance(FeatureStatistics(classifier.features(generated)), reference)
        let b = try FrechetDistance.distance(FeatureStatistics(classifier.features(test)), reference)
        return FrechetScore(generated: g, baseline: b)
    }

    /// "Fréchet 12.3 (real test vs train 0.456)".
    public var description: String {
        "Fréchet \(formatted(generated)) (real test vs train \(formatted(baseline)))"
    }

    private func formatted(_ x: Double) -> String { String(Double((x * 1000).rounded()) / 1000) }
}
