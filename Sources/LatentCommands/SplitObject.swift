import LatentCore
import LatentData

/// A train/test pair from `split` (`s.train`, `s.test`).
public final class SplitObject: ScriptObject {
    /// The two parts.
    public let train: DatasetObject, test: DatasetObject
    init(train: Dataset, test: Dataset) { self.train = DatasetObject(train); self.test = DatasetObject(test) }
    public static let typeName = "Split"
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
