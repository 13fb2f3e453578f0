import LatentCore
import LatentData

/// Points in a latent space with optional labels: what `embed` returns and `plot embedding` draws.
public final class EmbeddingObject: ScriptObject, LeadingRows {
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
    /// Axis titles for plots (a Dataset's column names), nil for "dim 1", "dim 2".
    public let axisNames: (x: String, y: String)?
    /// Set on `head e N`'s result: the points of the whole embedding. Such a value lists its rows when printed.
    let listedFrom: Int?

    /// An embedding value.
    public convenience init(points: Matrix, labels: [Int32]?, labelNames: [String]? = nil, highlighted: [Int] = [], origin: String,
                axisNames: (x: String, y: String)? = nil) {
        self.init(points: points, labels: labels, labelNames: labelNames, highlighted: highlighted, origin: origin,
                  axisNames: axisNames, listedFrom: nil)
    }

    private init(points: Matrix, labels: [Int32]?, labelNames: [String]?, highlighted: [Int], origin: String,
                 axisNames: (x: String, y: String)?, listedFrom: Int?) {
        self.points = points
        self.labels = labels
        self.labelNames = labelNames
        self.highlighted = highlighted
        self.origin = origin
        self.axisNames = axisNames
        self.listedFrom = listedFrom
    }

    /// The first `n` points with their labels (pinned ones among them stay highlighted); prints its rows.
    func leadingRows(_ n: Int) -> ScriptObject {
        let k = min(max(n, 0), points.rows)
        return EmbeddingObject(points: points.gatherRows(Array(0..<k)), labels: labels.map { Array($0.prefix(k)) },
                               labelNames: labelNames, highlighted: highlighted.filter { $0 < k }, origin: origin,
                               axisNames: axisNames, listedFrom: listedFrom ?? points.rows)
    }

    public static let typeName = "Embedding"
    public var summary: String {
        guard let listedFrom else { return "\(points.rows) points in \(points.cols)-D (\(origin))" }
        return "first \(points.rows) of \(listedFrom) points in \(points.cols)-D (\(origin))"
    }
    /// `head`'s result lists its rows: coordinates, then the label and class name.
    public var printedText: String? {
        guard listedFrom != nil else { return nil }
        let names: (Int) -> String = { j in
            if let axes = self.axisNames, self.points.cols == 2 { return j == 0 ? axes.x : axes.y }
            return "dim \(j + 1)"
        }
        let rows = RowListing.lines(rows: points.rows, columns: points.cols, value: { self.points[$0, $1] }, names: names,
                                    labels: labels, labelNames: labelNames)
        return (["\(typeName): \(summary)"] + rows.map { "  " + $0 }).joined(separator: "\n")
    }
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
