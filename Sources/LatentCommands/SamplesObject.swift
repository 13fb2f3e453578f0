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

    /// A samples value.
    public init(values: Matrix, imageShape: (height: Int, width: Int)?, intended: [Int32]? = nil,
                gridColumns: Int? = nil, origin: String) {
        self.values = values
        self.imageShape = imageShape
        self.intended = intended
        self.gridColumns = gridColumns
        self.origin = origin
    }

    public var typeName: String { "Samples" }
    public var summary: String { "\(values.rows) samples x \(values.cols) features (\(origin))" }
    public func member(_ name: String) -> Value? {
        switch name {
        case "count": return .int(values.rows)
        case "features": return .int(values.cols)
        default: return nil
        }
    }
    public var memberNames: [String] { ["count", "features"] }
}
