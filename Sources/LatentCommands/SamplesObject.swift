import LatentCore
import LatentData

/// Generated or decoded samples in data space (m, d), with the image shape for plotting.
public final class SamplesObject: ScriptObject, LeadingRows {
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
    /// The latent points (m, k) the samples were decoded from; nil for samples made in data space (kaleido).
    public let latent: Matrix?
    /// Set on `head g N`'s result: the samples of the whole value. Such a value lists its rows when printed.
    let listedFrom: Int?
    /// Iterated sampling (kaleido): per chain, the step after which it settled (nil: it did not); nil otherwise.
    public let settleSteps: [Int?]?

    /// A samples value; `latent` holds the codes they were decoded from, when there are any.
    public init(values: Matrix, imageShape: (height: Int, width: Int)?, intended: [Int32]? = nil,
                gridColumns: Int? = nil, origin: String, latent: Matrix? = nil, settleSteps: [Int?]? = nil) {
        self.values = values
        self.imageShape = imageShape
        self.intended = intended
        self.gridColumns = gridColumns
        self.origin = origin
        self.latent = latent
        self.listedFrom = nil
        self.settleSteps = settleSteps
    }

    /// Share of the chains that settled, and the median step at which those did (nil when none did).
    var settling: (share: Double, median: Int?)? {
        guard let steps = settleSteps, !steps.isEmpty else { return nil }
        let settled = steps.compactMap { $0 }.sorted()
        return (Double(settled.count) / Double(steps.count), settled.isEmpty ? nil : settled[settled.count / 2])
    }

    private init(_ base: SamplesObject, rows k: Int) {
        let rows = Array(0..<k)
        values = base.values.gatherRows(rows)
        imageShape = base.imageShape
        intended = base.intended.map { Array($0.prefix(k)) }
        gridColumns = nil
        origin = base.origin
        latent = base.latent?.gatherRows(rows)
        listedFrom = base.listedFrom ?? base.values.rows
        settleSteps = base.settleSteps.map { Array($0.prefix(k)) }
    }

    /// The first `n` samples (their latent codes and classes too); prints its rows.
    func leadingRows(_ n: Int) -> ScriptObject { SamplesObject(self, rows: min(max(n, 0), values.rows)) }

    public static let typeName = "Samples"
    public var summary: String {
        let count = listedFrom.map { "first \(values.rows) of \($0)" } ?? "\(values.rows)"
        return "\(count) samples x \(values.cols) features (\(origin))"
    }
    /// `head`'s result lists its rows: the latent codes (or, without them, the first features) and the
    /// intended class, after a note of the samples' shape.
    public var printedText: String? {
        guard listedFrom != nil else { return nil }
        let shape = imageShape.map { "\($0.height)x\($0.width) images" } ?? "\(values.cols) features each"
        var lines = ["\(typeName): \(summary)"]
        let rows: [String]
        if let latent {
            lines.append("  \(shape), decoded from these \(latent.cols)-D latent points:")
            rows = RowListing.lines(rows: latent.rows, columns: latent.cols, value: { latent[$0, $1] }, names: { "z\($0 + 1)" },
                                    labels: intended, labelNames: nil, labelHeader: "class")
        } else {
            lines.append("  \(shape), made in data space (no latent points); the first features:")
            rows = RowListing.lines(rows: values.rows, columns: values.cols, value: { self.values[$0, $1] }, names: { "x\($0 + 1)" },
                                    labels: intended, labelNames: nil, labelHeader: "class")
        }
        return (lines + rows.map { "  " + $0 }).joined(separator: "\n")
    }
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
