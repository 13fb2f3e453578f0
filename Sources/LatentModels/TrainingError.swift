/// Why training (or fitting through a trained model) cannot run or did not finish; the model is left as it
/// was at the last good point.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The data's rows are not the model's width.
    case featureCountMismatch(expected: Int, got: Int)
    /// A table model meets data of another size than its table (it trains on the data it was created for).
    case tableRowsMismatch(tableRows: Int, samples: Int, kind: String)
    /// Supervised training was given unlabelled data.
    case labelsRequired
    /// A class-conditional decoder was asked to embed unlabelled data (it needs each row's class).
    case classesRequired(kind: String)
    /// The method has no data-parallel step.
    case notDataParallel(kind: String)
    /// A rank's data or tables do not match its shard of the training set.
    case shardMismatch(String)
    /// The layout force needs the whole table, which no rank holds.
    case layoutForceNotDataParallel
    /// The ranks' network replicas differ after training (a bug or a rank-dependent computation).
    case replicasDiverged
    /// A class-conditional model was given another number of labels than samples.
    case labelCountMismatch(labels: Int, samples: Int)
    /// A class label of the data lies outside the classes the model was built for.
    case labelOutOfRange(LabelRangeError)
    /// Another rank's rows hold a label outside the model's classes (that rank names it).
    case labelOutOfRangeOnAnotherRank(classes: Int)
    /// The method has no split training step.
    case noTrainingStep(kind: String)
    /// A parameter tensor holds NaN or infinite values before training starts.
    case nonFiniteParameters(tensor: String)
    /// The neighbour graph does not fit the model's table (its size, or a row it points at).
    case graphMismatch(String)
    /// A loss component or a parameter tensor became NaN or infinite at `batch` of `epoch` (0: seen at the
    /// end of the epoch); the model was restored to the end of epoch `restoredEpoch`.
    case diverged(epoch: Int, batch: Int, component: String, restoredEpoch: Int)

    public var description: String {
        switch self {
        case .featureCountMismatch(let expected, let got):
            return "the model expects \(expected) features per sample, the data have \(got)"
        case .tableRowsMismatch(let rows, let samples, let kind):
            return "the model's embedding table has \(rows) rows, the data have \(samples) samples; a \(kind) model trains on the data it was created for"
        case .labelsRequired:
            return "supervised training needs labelled data"
        case .classesRequired(let kind):
            return "a supervised \(kind) model embeds labelled data only (its decoder needs the class)"
        case .notDataParallel(let kind):
            return "a \(kind) model cannot train data-parallel"
        case .shardMismatch(let s):
            return s
        case .layoutForceNotDataParallel:
            return "the neighbour force needs the whole table and is not available in data-parallel training"
        case .replicasDiverged:
            return "the decoder replicas differ between ranks after training; the run is not data-parallel consistent"
        case .labelCountMismatch(let labels, let samples):
            return "\(labels) labels were given for \(samples) samples"
        case .labelOutOfRange(let e):
            return e.description
        case .labelOutOfRangeOnAnotherRank(let classes):
            return "another rank's rows hold a label outside 0..<\(classes)"
        case .noTrainingStep(let kind):
            return "a \(kind) model has no training step"
        case .nonFiniteParameters(let tensor):
            return "the model's \(tensor) holds NaN or infinite values; it cannot be trained"
        case .graphMismatch(let s):
            return s
        case .diverged(let e, let b, let c, let r):
            let when = b > 0 ? "at epoch \(e), batch \(b)" : "by the end of epoch \(e)"
            let state = r == 0 ? "its state before training" : "the end of epoch \(r)"
            return "the \(c) became NaN or infinite \(when); the model was rolled back to \(state). Try a smaller lr."
        }
    }
}
