import LatentCore
import LatentData

/// Latent paths of many points over steps (repeated inference), drawn over an embedding.
public final class TrajectoryObject: ScriptObject {
    /// One (n, k) matrix per step.
    public let steps: [Matrix]
    /// Class per point.
    public let labels: [Int32]?
    /// What the paths are.
    public let origin: String
    /// Per step, the mean distance moved since the previous step.
    public let stepSizes: [Double]

    init(steps: [Matrix], labels: [Int32]?, origin: String) {
        self.steps = steps
        self.labels = labels
        self.origin = origin
        var sizes: [Double] = []
        for (a, b) in zip(steps, steps.dropFirst()) {
            var s = 0.0
            for r in 0..<a.rows {
                var d: Float = 0
                for c in 0..<a.cols { let t = a[r, c] - b[r, c]; d += t * t }
                s += Double(d.squareRoot())
            }
            sizes.append(s / Double(max(a.rows, 1)))
        }
        stepSizes = sizes
    }

    public var typeName: String { "Trajectory" }
    public var summary: String { "\(steps.first?.rows ?? 0) paths x \(steps.count) steps (\(origin))" }
    public func member(_ name: String) -> Value? {
        switch name {
        case "count": return .int(steps.first?.rows ?? 0)
        case "steps": return .int(steps.count)
        case "moves": return .numbers(stepSizes)
        case "final": return steps.last.map { .object(EmbeddingObject(points: $0, labels: labels, origin: origin + ", final")) }
        default: return nil
        }
    }
    public var memberNames: [String] { ["count", "final", "moves", "steps"] }
}
