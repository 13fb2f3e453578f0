import Foundation
import LatentCore

/// The decoder's output activation chosen from the training data, and the check that
/// the data lie where an output can reach.
///
/// When `output=` is not given (`ModelConfig.outputFromData`), the first build looks at the range of the
/// training values: data in [0, 1] get sigmoid (the seed papers' choice for pixel intensities), anything
/// else gets identity, a linear output that reaches every value. tanh is never chosen on its own: data in
/// [-1, 1] that are not in [0, 1] (centred or standardised features) get identity too, because a scaled
/// copy of such data (a new row beyond 1) would still fit a linear output. loss=bce keeps sigmoid, which it
/// needs. The choice is stored in the model's config, so a checkpoint reloads it as made.
public struct OutputActivationChoice: Sendable, Equatable {
    /// The activation chosen.
    public let activation: Activation
    /// The smallest and largest training value.
    public let low: Float, high: Float
    /// The method's name, for the note.
    public let kind: ModelKind

    /// The choice for a `kind` model with `loss` on training values from `low` to `high`.
    public init(kind: ModelKind, loss: Loss, low: Float, high: Float) {
        self.kind = kind; self.low = low; self.high = high
        activation = loss == .bce || Self.isUnit(low, high) ? .sigmoid : .identity
    }

    /// "gne: output=identity (data range -2.1 to 3.4 is outside [0, 1])": one line for the first `train`.
    public var note: String {
        let range = "data range \(Self.number(low)) to \(Self.number(high))"
        let why = Self.isUnit(low, high) ? "lies in [0, 1]" : activation == .sigmoid ? "is outside [0, 1], but loss=bce needs sigmoid" : "is outside [0, 1]"
        return "\(kind.rawValue): output=\(activation.rawValue) (\(range) \(why))"
    }

    /// True for sigmoid on data in [0, 1]: what every model did before the choice existed.
    public var isUsual: Bool { activation == .sigmoid && Self.isUnit(low, high) }

    /// The values an output of `config` can produce (nil: every value). kaleido maps its data from [0, 1] to
    /// [-1, 1] inside, whatever `output` says, so its data must lie in [0, 1].
    public static func reachable(_ config: ModelConfig) -> ClosedRange<Float>? {
        if config.kind == .kaleido { return 0...1 }
        switch config.output {
        case .sigmoid: return 0...1
        case .tanh: return -1...1
        case .relu: return 0...Float.infinity
        case .identity: return nil
        }
    }

    /// The warning `train` prints once when training values from `low` to `high` lie outside what a model of
    /// `config` can produce, with the fix; nil when they fit.
    public static func rangeWarning(_ config: ModelConfig, low: Float, high: Float) -> String? {
        // the tolerance of `isUnit`: a min-max scaled 1.0000001 is not outside
        guard let reach = reachable(config), low < reach.lowerBound - 1e-6 || high > reach.upperBound + 1e-6 else { return nil }
        let span = "[\(number(reach.lowerBound)), \(reach.upperBound.isFinite ? number(reach.upperBound) : "inf")]"
        let data = "the data lie between \(number(low)) and \(number(high))"
        if config.kind == .kaleido {
            return "kaleido maps data in [0, 1] to its tanh output, but \(data); the loss cannot fall below the part "
                + "outside. Load the data with scale=minmax (or scale them to [0, 1])"
        }
        let fix = config.loss == .bce ? "use loss=mse output=identity, or load the data with scale=minmax"
            : "leave output= out to let the data choose (identity here), give output=identity, or load the data with scale=minmax"
        return "\(config.kind.rawValue) output=\(config.output.rawValue) produces values in \(span), but \(data); "
            + "the decoder cannot fit the values outside and the loss stays high. Fix: \(fix)"
    }

    /// The smallest and largest value of `data` (every row, read in blocks of rows); (0, 0) for no values.
    public static func range(of data: SampleSource) -> (low: Float, high: Float) {
        let n = data.sampleCount, d = data.featureCount
        guard n > 0, d > 0 else { return (0, 0) }
        let block = max(1, min(n, (1 << 16) / d))   // about 256 KB of floats per block
        let buffer = Matrix(rows: block, cols: d)
        var low = Float.infinity, high = -Float.infinity
        var start = 0
        while start < n {
            let rows = min(block, n - start)
            let indices = Array(start..<(start + rows))
            indices.withUnsafeBufferPointer { data.fillRows($0, into: buffer.base) }
            for v in UnsafeBufferPointer(start: buffer.base, count: rows * d) where v.isFinite {
                low = min(low, v); high = max(high, v)
            }
            start += rows
        }
        return low <= high ? (low, high) : (0, 0)
    }

    /// Within [0, 1], allowing the rounding of a min-max scaling (1.0000001).
    static func isUnit(_ low: Float, _ high: Float) -> Bool { low >= -1e-6 && high <= 1 + 1e-6 }

    /// Up to three significant digits: -2.1, 3.4, 0, 1, 255.
    static func number(_ v: Float) -> String { String(format: "%.3g", Double(v)) }
}
