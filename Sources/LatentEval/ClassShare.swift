import LatentCore

/// Which classes a kNN classifier fitted on real labelled data assigns to generated samples.
public struct ClassShare: Sendable, CustomStringConvertible {
    /// Predicted class of every generated sample.
    public let assigned: [Int32]
    /// Classes seen among the real labels, intended labels and predictions, ascending.
    public let classes: [Int32]
    /// Number of generated samples assigned to each of `classes`.
    public let counts: [Int]
    /// Share of samples assigned their intended class (nil when no intended classes were given).
    public let intendedShare: Double?
    /// For each of `classes`, the share of samples intended for it that were assigned it (nil entries
    /// for classes nothing was intended for; nil when no intended classes were given).
    public let perClassShare: [Double?]?

    /// The intended-class share (when known) and the class histogram.
    public var description: String {
        func f(_ x: Double) -> String { String((x * 10_000).rounded() / 10_000) }
        var s = ""
        if let share = intendedShare { s += "intended class share \(f(share)) of \(assigned.count) samples\n" }
        s += "class histogram: " + zip(classes, counts).map { "\($0):\($1)" }.joined(separator: " ")
        return s
    }

    /// Labels `generated` rows with a `k`-NN classifier on (`realData`, `realLabels`) and compares them
    /// with `intended` (one class per generated row) when given.
    public static func evaluate(generated: Matrix, realData: Matrix, realLabels: [Int32],
                                intended: [Int32]? = nil, k: Int = 5) throws -> ClassShare {
        try EvalError.require(generated.cols == realData.cols,
            "class share needs generated samples with the real data's \(realData.cols) columns, got \(generated.cols).")
        if let intended {
            try EvalError.require(intended.count == generated.rows,
                "class share needs one intended class per generated sample (\(generated.rows)), got \(intended.count).")
        }
        let assigned = try KNNClassifier(train: realData, labels: realLabels, k: k).predict(generated)
        let classes = Array(Set(realLabels).union(assigned).union(intended ?? [])).sorted()
        var slot: [Int32: Int] = [:]
        for (i, c) in classes.enumerated() { slot[c] = i }
        var counts = [Int](repeating: 0, count: classes.count)
        for a in assigned { counts[slot[a]!] += 1 }
        var share: Double? = nil, perClass: [Double?]? = nil
        if let intended {
            var hits = [Int](repeating: 0, count: classes.count), totals = hits
            for (a, want) in zip(assigned, intended) {
                totals[slot[want]!] += 1
                if a == want { hits[slot[want]!] += 1 }
            }
            share = Double(hits.reduce(0, +)) / Double(max(assigned.count, 1))
            perClass = zip(hits, totals).map { $1 > 0 ? Double($0) / Double($1) : nil }
        }
        return ClassShare(assigned: assigned, classes: classes, counts: counts, intendedShare: share,
                          perClassShare: perClass)
    }
}
