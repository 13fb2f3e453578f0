import LatentCore
import LatentData

/// Generated or decoded samples in data space (m, d), with the image shape for plotting.
public final class SamplesObject: ScriptObject {
    /// Samples (m, d).
    public let values: Matrix
    /// Image height and width when the data are images.
    public let imageShape: (height: Int, width: Int)?
    /// The class each sample was generated for (class-conditional generation).
    public let intended: [Int32]?
    /// Grid columns that keep a lattice's layout (nil: choose).
    public let gridColumns: Int?
    /// How the samples were made.
    public let origin: String
    /// Iterated sampling (kaleido): per chain, the step after which it settled (nil: it did not); nil otherwise.
    public let settleSteps: [Int?]?

    /// A samples value.
    public init(values: Matrix, imageShape: (height: Int, width: Int)?, intended: [Int32]? = nil,
                gridColumns: Int? = nil, origin: String, settleSteps: [Int?]? = nil) {
        self.values = values
        self.imageShape = imageShape
        self.intended = intended
        self.gridColumns = gridColumns
        self.origin = origin
        self.settleSteps = settleSteps
    }

    /// Share of the chains that settled, and the median step at which those did (nil when none did).
    var settling: (share: Double, median: Int?)? {
        guard let steps = settleSteps, !steps.isEmpty else { return nil }
        let settled = steps.compactMap { $0 }.sorted()
        return (Double(settled.count) / Double(steps.count), settled.isEmpty ? nil : settled[settled.count / 2])
    }

    public var typeName: String { "Samples" }
    public var summary: String { "\(values.rows) samples x \(values.cols) features (\(origin))" }
    public func member(_ name: String) -> Value? {
        switch name {
        case "count": return .int(values.rows)
        case "features": return .int(values.cols)
        case "settled": return settling.map { .number($0.share) }
        case "settle_steps": return settling.map { s in s.median.map { .int($0) } ?? .none }
        default: return nil
        }
    }
    public var memberNames: [String] { ["count", "features"] + (settleSteps == nil ? [] : ["settle_steps", "settled"]) }
}
