import LatentCore
import LatentNeighbours

/// How close generated samples lie to the training data, against held-out real samples as a yardstick.
///
/// For each generated sample and each test sample, the Euclidean distance to its nearest training
/// sample. A ratio near 1 means generated samples sit as close to the data as real unseen ones;
/// well below 1 hints at memorisation, well above at off-manifold samples.
public struct NearestRealDistance: Sendable, CustomStringConvertible {
    /// Mean nearest-training distance of the generated samples.
    public let generatedMean: Double
    /// Median nearest-training distance of the generated samples.
    public let generatedMedian: Double
    /// Mean nearest-training distance of the held-out test samples.
    public let testMean: Double
    /// Median nearest-training distance of the held-out test samples.
    public let testMedian: Double

    /// `generatedMean / testMean`.
    public var meanRatio: Double { testMean > 0 ? generatedMean / testMean : .infinity }
    /// `generatedMedian / testMedian`.
    public var medianRatio: Double { testMedian > 0 ? generatedMedian / testMedian : .infinity }

    /// One line with both statistics and their ratios.
    public var description: String {
        func f(_ x: Double) -> String { String((x * 10_000).rounded() / 10_000) }
        return "nearest-real distance: generated mean \(f(generatedMean)) median \(f(generatedMedian)); "
            + "test mean \(f(testMean)) median \(f(testMedian)); ratio mean \(f(meanRatio)) median \(f(medianRatio))"
    }

    /// Distances from `generated` and `test` rows to their nearest `train` row (all with d columns).
    public static func evaluate(generated: Matrix, train: Matrix, test: Matrix) throws -> NearestRealDistance {
        try EvalError.require(generated.cols == train.cols && test.cols == train.cols,
            "nearest-real distance needs generated (\(generated.cols)), training (\(train.cols)) and test (\(test.cols)) samples with the same number of columns.")
        try EvalError.require(generated.rows > 0 && test.rows > 0 && train.rows > 0,
            "nearest-real distance needs at least one generated, training and test sample.")
        let index = KNNIndex(points: train)
        let g = try index.query(generated, k: 1).distances
        let t = try index.query(test, k: 1).distances
        return NearestRealDistance(generatedMean: meanOf(g), generatedMedian: medianOf(g),
                                   testMean: meanOf(t), testMedian: medianOf(t))
    }
}

/// Mean of `xs` in Double.
func meanOf(_ xs: [Float]) -> Double { xs.reduce(0.0) { $0 + Double($1) } / Double(max(xs.count, 1)) }

/// Median of `xs` (average of the two middle values for an even count).
func medianOf(_ xs: [Float]) -> Double {
    if xs.isEmpty { return 0 }
    let s = xs.sorted(), m = s.count / 2
    return s.count % 2 == 1 ? Double(s[m]) : (Double(s[m - 1]) + Double(s[m])) / 2
}
