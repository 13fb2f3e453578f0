/// The range of data values latent computes with: finite and at most `largest` in magnitude.
///
/// Float32 squares of values above about 1.8e19 overflow, and so do sums of squares of smaller ones:
/// a squared distance over d features reaches d · (2v)^2 and a covariance sums n · v^2. Values up to 1e15
/// keep both finite for any feasible size (d · 4e30 and n · 1e30 stay below Float's 3.4e38 for d and n up
/// to 10^7), so data beyond it are refused where they enter (a file's cell, a scale that maps values out
/// of range) with a sentence, instead of turning into infinities and NaN in distances, losses and scores.
public enum UsableValues {
    /// The largest magnitude accepted.
    public static let largest: Float = 1e15

    /// Whether `v` is finite and at most `largest` in magnitude (false for NaN).
    @inline(__always) public static func holds(_ v: Float) -> Bool { abs(v) <= largest }

    /// Whether `v` is finite and at most `largest` in magnitude (false for NaN).
    @inline(__always) public static func holds(_ v: Double) -> Bool { abs(v) <= Double(largest) }

    /// "finite and at most 1e15 in magnitude", for the sentences that refuse a value.
    public static let expected = "a finite number of magnitude at most 1e15 (larger values overflow float32 distances and losses)"
}

extension Dataset {
    /// Throws unless the affine map `raw * scale[j] + offset[j]` keeps every value of every feature in
    /// `UsableValues`' range; the sentence names the dataset, the feature, a row holding the offending
    /// raw value and the value it becomes. `how` says what made the map ("scale 1e-45").
    func requireUsable(scale s: [Float], offset o: [Float], how: String) throws {
        func refuse(_ j: Int, row: Int, raw: Float) throws -> Never {
            let column = featureNames.map { "'\($0[j])'" } ?? "\(j + 1)"
            let mapped = raw * s[j] + o[j], shown = mapped.isNaN ? "NaN" : "\(mapped)"
            throw DataError.argument("dataset '\(name)': \(how) turns column \(column) of row \(row + 1) (\(raw)) into \(shown); expected \(UsableValues.expected)")
        }
        switch storage {
        case .uint8:
            for j in 0..<features where count > 0 {
                for raw: Float in [0, 255] where !UsableValues.holds(raw * s[j] + o[j]) {
                    // the byte itself need not occur: name the first row whose value maps out of range
                    let r = (0..<count).first { !UsableValues.holds(rawValue($0, j) * s[j] + o[j]) }
                    if let r { try refuse(j, row: r, raw: rawValue(r, j)) }
                }
            }
        case .float32(let values):
            try values.withUnsafeBufferPointer { v in
                for r in 0..<count {
                    for j in 0..<features where !UsableValues.holds(v[r * features + j] * s[j] + o[j]) {
                        try refuse(j, row: r, raw: v[r * features + j])
                    }
                }
            }
        }
    }
}
