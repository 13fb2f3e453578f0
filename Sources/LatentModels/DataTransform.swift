import Foundation
import LatentCore

/// The preprocessing a model's training data went through, kept by the model (and its checkpoint) so that
/// new rows given to it later are placed as the training rows were: `load`'s scaling (scale=auto's division
/// or standardisation, or a `scale` the user gave), as the affine map from the stored values,
/// value = raw * scale[j] + offset[j] per feature j, and the training values' range after it.
public struct DataTransform: Codable, Sendable, Equatable {
    /// Per-feature multiplier from the stored values (length features).
    public var scale: [Float]
    /// Per-feature addend (length features).
    public var offset: [Float]
    /// Per feature, the least and the largest training value after the map.
    public var low: [Float], high: [Float]
    /// The training data's column names (nil: it had none).
    public var featureNames: [String]?

    /// A transform of `scale` and `offset` over training values from `low` to `high` per feature.
    public init(scale: [Float], offset: [Float], low: [Float], high: [Float], featureNames: [String]? = nil) {
        self.scale = scale
        self.offset = offset
        self.low = low
        self.high = high
        self.featureNames = featureNames
    }

    /// Features the transform is for.
    public var features: Int { scale.count }

    /// True when the map leaves values as stored.
    public var isIdentity: Bool { scale.allSatisfy { $0 == 1 } && offset.allSatisfy { $0 == 0 } }

    /// Throws unless every array has one entry per feature and every number is finite (a checkpoint's header
    /// is checked with this).
    public func validate() throws {
        let d = scale.count
        guard offset.count == d, low.count == d, high.count == d else {
            throw ConfigError("the data transform has \(d) scale factors but \(offset.count) offsets and \(low.count)/\(high.count) range bounds")
        }
        if let names = featureNames, names.count != d {
            throw ConfigError("the data transform names \(names.count) columns for \(d) features")
        }
        guard (scale + offset + low + high).allSatisfy(\.isFinite) else {
            throw ConfigError("the data transform holds a value that is not finite")
        }
    }

    /// Beyond this many training ranges outside the training values, new values count as far outside.
    public static let farOutside: Float = 1

    /// A sentence naming how far new data's values (per feature, `low` and `high` after this transform) lie
    /// outside the training range when some feature lies more than `farOutside` training ranges beyond it;
    /// nil otherwise. `dataset` names the new data.
    public func rangeWarning(low newLow: [Float], high newHigh: [Float], dataset: String) -> String? {
        guard newLow.count == features, newHigh.count == features else { return nil }
        var worst = (feature: -1, excess: Float(0), value: Float(0))
        var outside = 0
        for j in 0..<features {
            let width = max(high[j] - low[j], 1e-6)
            let below = (low[j] - newLow[j]) / width, above = (newHigh[j] - high[j]) / width
            let excess = max(below, above)
            guard excess > Self.farOutside else { continue }
            outside += 1
            if excess > worst.excess { worst = (j, excess, above >= below ? newHigh[j] : newLow[j]) }
        }
        guard worst.feature >= 0 else { return nil }
        let j = worst.feature
        let column = featureNames.map { "column '\($0[j])'" } ?? "feature \(j + 1)"
        return "'\(dataset)' lies far outside the model's training range in \(outside) of \(features) features: "
            + "\(column) reaches \(Self.text(worst.value)) where the training values span \(Self.text(low[j])) to \(Self.text(high[j])) "
            + "(after the training data's scaling); the model places such rows by extrapolation"
    }

    static func text(_ v: Float) -> String {
        let s = String(format: "%.4g", Double(v))
        return s == "-0" ? "0" : s
    }
}
