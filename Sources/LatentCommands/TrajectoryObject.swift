import LatentCore
import LatentData
import LatentEval
import LatentNeighbours

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
    /// Per step, the mean distance of the points to their class's centre, the mean ratio of that distance to
    /// the nearest other class's centre, and the mean distance to the nearest centre of any class
    /// (`ClassCentres.distances`); empty without labels and centres.
    public let centreDistances: [Double], centreRatios: [Double], nearestCentreDistances: [Double]

    /// `centres`: the class centres the distances are measured to (nil: none are measured).
    init(steps: [Matrix], labels: [Int32]?, origin: String, centres: ClassCentres? = nil) throws {
        self.steps = steps
        self.labels = labels
        self.origin = origin
        var own: [Double] = [], ratios: [Double] = [], nearest: [Double] = []
        if let centres, let labels {
            for z in steps {
                let d = try centres.distances(z, labels: labels)
                own.append(d.own); ratios.append(d.ratio); nearest.append(d.nearest)
            }
        }
        centreDistances = own
        centreRatios = ratios
        nearestCentreDistances = nearest
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

    public static let typeName = "Trajectory"
    public var summary: String { "\(steps.first?.rows ?? 0) paths x \(steps.count) steps (\(origin))" }
    public func member(_ name: String) -> Value? {
        switch name {
        case "count": return .int(steps.first?.rows ?? 0)
        case "steps": return .int(steps.count)
        case "moves": return .numbers(stepSizes)
        case "final": return steps.last.map { .object(EmbeddingObject(points: $0, labels: labels, origin: origin + ", final")) }
        case "centre_distance": return centreDistances.isEmpty ? nil : .numbers(centreDistances)
        case "centre_ratio": return centreRatios.isEmpty ? nil : .numbers(centreRatios)
        case "nearest_centre": return nearestCentreDistances.isEmpty ? nil : .numbers(nearestCentreDistances)
        default: return nil
        }
    }
    public var memberNames: [String] { (centreDistances.isEmpty ? [] : ["centre_distance", "centre_ratio", "nearest_centre"]) + ["count", "final", "moves", "steps"] }
    /// `t[i]` is the Embedding of step i + 1 (t[0]: the encoded inputs).
    public var elementCount: Int? { steps.count }
    public func element(at index: Int) -> Value {
        .object(EmbeddingObject(points: steps[index], labels: labels, origin: origin + ", step \(index + 1)"))
    }
}
