import Foundation
import LatentCore
import LatentModels
import LatentData
import LatentEval
import LatentNeighbours

/// A model as a script value. Creating it (`m = model gne dims=2`) records the configuration; the
/// networks are built by the first `train` (or `init`), when the data's size is known.
public final class ModelObject: ScriptObject {
    /// The hyperparameters.
    public private(set) var config: ModelConfig
    /// The built model, once trained or loaded.
    public private(set) var model: GenerativeModel?
    /// The dataset the tables were built for (gne/gnd), to embed it without refitting.
    public weak var trainingData: DatasetObject?
    /// Image shape of the training data, for plots of generated samples.
    public var imageShape: (height: Int, width: Int)?
    /// Label names of the training data, for legends.
    public var labelNames: [String]?
    /// Training labels, for colouring the model's own embedding.
    public var trainingLabels: [Int32]?
    /// The training rows' IDs, for the model's own embedding (hover text, head, export).
    public var trainingIDs: [String]?
    /// The training data's `contentDigest`, as a checkpoint stored it (nil: not known): how `embed` of a
    /// loaded model tells its training data from other data with as many rows.
    public var trainingDigest: UInt64?
    /// The preprocessing of the training data (recorded by the first build, or read from a checkpoint; nil in
    /// older files): new rows are mapped by it before they are placed (ModelObject+Transform.swift).
    public var transform: DataTransform?
    /// Names of the datasets whose range warning was given, so each is warned about once.
    var rangeWarned: Set<String> = []
    /// An initial embedding to copy into the table when the model is built.
    public var pendingInit: PendingInit = .random
    /// True when `pendingInit` is a map's default start (spectral), not one `init=` gave.
    public var pendingInitIsDefault = false
    /// The settings earlier `train` calls gave this model (batch, lr): a later call keeps each one it does not give.
    public var trainOptions: [String: Value] = [:]
    /// True once the neighbour force was set up (by `neighbours`, or by `train` for a map), or removed by
    /// `neighbours m d weight=0`: `train` then leaves the force as it is.
    public var neighboursChosen = false
    /// Since a `copy`: the generator this model builds and trains from. Each branch holds its own copy of it,
    /// so the branches draw the same shuffles and noise whatever order they train in. nil: the session's.
    public private(set) var branchRng: Rng?
    /// The line saying which output the data chose, printed by the first `train` (ModelObject+Output.swift).
    var outputNote: String?
    /// The training data's range once `train` has looked at it (the warning about it is given once).
    var checkedDataRange: (low: Float, high: Float)?
    /// True once `train` has checked the data against the output's range.
    var outputWarningGiven = false

    /// How the table starts.
    public enum PendingInit {
        case random
        case pca
        /// The spectral layout of the neighbour graph `neighbours` builds (PCA until then, and its fallback).
        case spectral
        case points(Matrix)
    }

    /// A model not yet built.
    public init(config: ModelConfig) { self.config = config }

    /// A model that already exists (loaded from a checkpoint, with the training labels and class names it stored).
    public init(model: GenerativeModel, labels: Checkpoint.Labels = Checkpoint.Labels()) {
        self.config = model.config
        self.model = model
        self.trainingLabels = labels.labels
        self.labelNames = labels.classNames
        self.trainingDigest = labels.trainingDigest
        self.transform = labels.transform
    }

    /// The training labels (when the table holds every row: not a rank's shard) and class names a checkpoint keeps.
    var checkpointLabels: Checkpoint.Labels {
        let rows = shard?.total ?? model?.tableRows ?? 0
        let whole = rows > 0 && shard == nil && trainingLabels?.count == rows
        let trained = trainingData.flatMap { $0.dataset.count == rows ? $0.dataset.contentDigest : nil }
        let digest = shard == nil ? (trained ?? trainingDigest) : nil
        return Checkpoint.Labels(labels: whole ? trainingLabels : nil, classNames: labelNames, trainingDigest: digest,
                                 transform: transform)
    }

    /// In a data-parallel run, the rows of the whole training set this rank's tables hold.
    public private(set) var shard: Shard?

    /// Builds the model for `data` if needed, applying the pending initialisation. In a data-parallel
    /// run (`shard` set) the tables hold the shard's rows only, with the values a single process gives
    /// them; a whole model (e.g. loaded from a file) is cut down to the shard.
    func build(for data: Dataset, shard: Shard? = nil, session: Session) throws -> GenerativeModel {
        if let model {
            if let shard, self.shard == nil, model.tableRows > 0 {
                guard model.tableRows == shard.total else {
                    throw CommandError("the model's table has \(model.tableRows) rows, the data have \(shard.total) samples")
                }
                self.model = try ShardedModel.restrict(model, to: shard.rows)
                self.shard = shard
                return self.model!
            }
            return model
        }
        var cfg = config
        if cfg.supervised {
            guard let labels = data.labels else {
                throw CommandError("a supervised model needs labelled data; '\(data.name)' has no labels")
            }
            var largest = Double(labels.max() ?? 0)
            session.communicator?.allreduceMax(&largest, count: 1)     // classes of the whole data, not the shard
            cfg.classes = Int(largest) + 1
            guard labels.allSatisfy({ $0 >= 0 }) else { throw CommandError("class labels must be 0 or more for supervised training") }
        }
        do {
            cfg.image = try ConvNetworks.image(for: cfg, shape: data.imageShape, features: data.features, dataset: data.name)
        } catch { throw CommandError("\(error)") }
        if shard != nil, pendingInit.isSet {
            guard pendingInitIsDefault else {
                throw CommandError("init= is not available under mpirun; initialise and save the model in one process, then load it here")
            }
            pendingInit = .random   // a map's spectral start needs the graph of every point (ModelObject+Map.swift)
        }
        if cfg.outputFromData == true { chooseOutput(&cfg, data: data, session: session) }
        let built = try withTrainingRng(session) { rng in
            try ModelFactory.make(cfg, samples: shard?.total ?? data.count, features: data.features, rng: &rng, keeping: shard?.rows)
        }
        config = cfg
        if pendingInit.isSet {
            guard let tables = built.asTables else {   // about `model`'s init= (train, which builds, has none to point at)
                throw CommandError(CapabilityError("init=", needs: [.tables], model: built).description, argument: "init")
            }
            switch pendingInit {
            case .random: break
            case .pca, .spectral: try tables.initialisePositions(try PCAProjection.project(data, components: cfg.dims))
            case .points(let p): try tables.initialisePositions(p)
            }
        }
        model = built
        transform = Self.transform(of: data)
        self.shard = built.tableRows > 0 ? shard : nil
        imageShape = data.imageShape
        labelNames = data.labelNames
        trainingLabels = data.labels
        trainingIDs = data.ids
        return built
    }

    /// Runs `body` with the generator this model draws from: its branch's since a `copy`, else the session's.
    func withTrainingRng<T>(_ session: Session, _ body: (inout Rng) throws -> T) rethrows -> T {
        guard var rng = branchRng else { return try body(&session.rng) }
        defer { branchRng = rng }
        return try body(&rng)
    }

    /// `m2 = copy m`: an independent model object in exactly this one's state (the model's every tensor,
    /// optimiser state, history, pins and neighbour force; the data it was built for, its labels and the kept
    /// train settings), to branch an experiment. Both then draw from equal copies of one generator (taken
    /// from the session's at the first copy), so the same `train` on either prints the same losses.
    func copy(session: Session) throws -> ModelObject {
        let twin = ModelObject(config: config)
        if let model {
            twin.model = try model.independentCopy(samples: shard?.total, keeping: shard?.rows)
        }
        twin.trainingData = trainingData
        twin.imageShape = imageShape
        twin.labelNames = labelNames
        twin.trainingLabels = trainingLabels
        twin.trainingIDs = trainingIDs
        twin.trainingDigest = trainingDigest
        twin.transform = transform
        twin.pendingInit = pendingInit
        twin.pendingInitIsDefault = pendingInitIsDefault
        twin.trainOptions = trainOptions
        twin.neighboursChosen = neighboursChosen
        twin.shard = shard
        if branchRng == nil { branchRng = Rng(seed: session.rng.next()) }
        twin.branchRng = branchRng
        return twin
    }

    /// The built model or a clear error naming what to do first.
    func requireModel(_ name: String = "the model") throws -> GenerativeModel {
        guard let model else { throw CommandError("\(name) has not been trained yet; run 'train' first") }
        return model
    }

    public static let typeName = "Model"
    public var summary: String {
        var s = config.kind.rawValue
        if config.kind == .kaleido { s += " depth=\(config.depth) width=\(config.width)" } else { s += " dims=\(config.dims)" }
        guard let model else { return s + ", not trained yet" }
        s += ", \(model.parameterCount) parameters, \(model.epochsTrained) epoch\(model.epochsTrained == 1 ? "" : "s")"
        if let last = model.history.epochs.last?.losses["loss"] { s += ", loss \(formatMetric(last))" }
        return s
    }
    public func member(_ name: String) -> Value? {
        switch name {
        case "kind": return .string(config.kind.rawValue)
        case "dims": return .int(config.dims)
        case "epochs": return .int(model?.epochsTrained ?? 0)
        case "loss": return model?.history.epochs.last?.losses["loss"].map { .number($0) } ?? Value.none
        case "parameters": return .int(model?.parameterCount ?? 0)
        case "output":   // the output activation; "auto" until the first train chooses it from the data
            return .string(model?.config.output.rawValue ?? (config.outputFromData == true ? "auto" : config.output.rawValue))
        case "losses": return model.map { m in .numbers(m.history.epochs.map { $0.losses["loss"] ?? .nan }) } ?? .list([])
        default: return nil
        }
    }
    public var memberNames: [String] { ["dims", "epochs", "kind", "loss", "losses", "output", "parameters"] }
}
