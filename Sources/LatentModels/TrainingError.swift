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
    /// A loss component became NaN or infinite; the model was rolled back to the end of the previous epoch.
    case diverged(epoch: Int, batch: Int, component: String)

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
        case .diverged(let e, let b, let c):
            return "the \(c) became NaN or infinite at epoch \(e), batch \(b); the model was rolled back to the end of epoch \(e - 1). Try a smaller lr."
        }
    }
}
