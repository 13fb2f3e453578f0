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

    public static let typeName = "Dataset"
    public var summary: String {
        var s = "\(dataset.name): \(shard?.total ?? dataset.count) samples x \(dataset.features) features"
        if let shape = dataset.imageShape { s += " (\(shape.height)x\(shape.width)\(dataset.imageChannels == 3 ? " RGB" : "") images)" }
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
        case "channels": return .int(dataset.imageChannels)
        default: return nil
        }
    }
    public var memberNames: [String] { ["channels", "classes", "count", "features", "labels", "name", "shape"] }
}
