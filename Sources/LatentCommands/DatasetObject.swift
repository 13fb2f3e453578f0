import LatentCore
import LatentData

/// A loaded dataset as a script value (`d = load "digits.csv"`).
public final class DatasetObject: ScriptObject {
    /// The data (in a data-parallel run, this rank's shard of them).
    public let dataset: Dataset
    /// In a data-parallel run, which rows of the whole dataset this rank holds.
    public let shard: Shard?
    /// The dataset as the script sees it; `shard` when it is one rank's part of a larger dataset.
    public init(_ dataset: Dataset, shard: Shard? = nil) {
        self.dataset = dataset
        self.shard = shard
    }

    public var typeName: String { "Dataset" }
    public var summary: String {
        var s = "\(dataset.name): \(shard?.total ?? dataset.count) samples x \(dataset.features) features"
        if let shape = dataset.imageShape { s += " (\(shape.height)x\(shape.width) images)" }
        if let l = dataset.labels { s += ", \(Set(l).count) classes" }
        s += dataset.isUInt8 ? ", uint8" : ", float32"
        if let shard { s += "; sharded over \(shard.ranks) ranks (rank 0 holds \(shard.counts[0]) rows)" }
        return s
    }
    public func member(_ name: String) -> Value? {
        switch name {
        case "count": return .int(shard?.total ?? dataset.count)
        case "features": return .int(dataset.features)
        case "name": return .string(dataset.name)
        case "classes": return dataset.labels.map { .int(Set($0).count) } ?? .int(0)
        case "labels": return dataset.labels.map { .ints($0) } ?? Value.none
        case "shape": return dataset.imageShape.map { .ints([$0.height, $0.width]) } ?? Value.none
        default: return nil
        }
    }
    public var memberNames: [String] { ["classes", "count", "features", "labels", "name", "shape"] }
}

/// A train/test pair from `split` (`s.train`, `s.test`).
public final class SplitObject: ScriptObject {
    /// The two parts.
    public let train: DatasetObject, test: DatasetObject
    init(train: Dataset, test: Dataset) { self.train = DatasetObject(train); self.test = DatasetObject(test) }
    public var typeName: String { "Split" }
    public var summary: String { "train \(train.dataset.count) samples, test \(test.dataset.count) samples" }
    public func member(_ name: String) -> Value? {
        switch name {
        case "train": return .object(train)
        case "test": return .object(test)
        default: return nil
        }
    }
    public var memberNames: [String] { ["test", "train"] }
}

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

/// The numbers an evaluation produced, readable as members (`r = eval m d` then `print r.accuracy`).
public final class ReportObject: ScriptObject {
    /// Metric values by name.
    public let metrics: [String: Double]
    /// The printed report.
    public let text: String
    init(metrics: [String: Double], text: String) { self.metrics = metrics; self.text = text }
    public var typeName: String { "Report" }
    public var quietWhenUnbound: Bool { true }
    public var summary: String {
        metrics.keys.sorted().map { "\($0) \(formatMetric(metrics[$0]!))" }.joined(separator: ", ")
    }
    public func member(_ name: String) -> Value? { metrics[name].map { .number($0) } }
    public var memberNames: [String] { metrics.keys.sorted() }
}

/// A number as a user wrote it: integers without decimals, others with up to 6 significant digits.
func formatNumber(_ v: Double) -> String {
    v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.6g", v)
}

/// Four significant decimals, the way every metric is printed.
func formatMetric(_ v: Double) -> String {
    if v == 0 { return "0" }
    if abs(v) >= 1e-3 && abs(v) < 1e5 { return String(format: "%.4f", v) }
    return String(format: "%.4g", v)
}

import Foundation
