import LatentCore
import LatentData

/// Points in a latent space with optional labels: what `embed` returns and `plot embedding` draws.
public final class EmbeddingObject: ScriptObject {
    /// Coordinates (n, k).
    public let points: Matrix
    /// Class per point, when known.
    public let labels: [Int32]?
    /// Class names for legends.
    public let labelNames: [String]?
    /// Rows drawn highlighted (pinned points).
    public let highlighted: [Int]
    /// Where the points came from ("m on digits").
    public let origin: String

    /// An embedding value.
    public init(points: Matrix, labels: [Int32]?, labelNames: [String]? = nil, highlighted: [Int] = [], origin: String) {
        self.points = points
        self.labels = labels
        self.labelNames = labelNames
        self.highlighted = highlighted
        self.origin = origin
    }

    public var typeName: String { "Embedding" }
    public var summary: String { "\(points.rows) points in \(points.cols)-D (\(origin))" }
    public func member(_ name: String) -> Value? {
        switch name {
        case "count": return .int(points.rows)
        case "dims": return .int(points.cols)
        case "labels": return labels.map { .ints($0) } ?? Value.none
        default: return nil
        }
    }
    public var memberNames: [String] { ["count", "dims", "labels"] }
}
