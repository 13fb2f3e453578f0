import Foundation
import LatentCore
import LatentData
import LatentModels

extension CommandRegistry {
    /// `model`, `train`, `losses`, `save`.
    func registerModelCommands() {
        register(Command("model", group: "Models", returns: .object(ModelObject.self), summary: "Creates a model: gne, gnd, vae or kaleido (built by the first train).",
                         details: ModelKind.allCases.map { kind in
                             let d = kind.descriptor
                             return "\(kind.rawValue): \(d.summary).\n  defaults: \(d.defaultsText)"
                         }.joined(separator: "\n") + """

                         gne and gnd make a map by default: the first train builds the neighbour force with the defaults of
                         'neighbours' (UMAP's kNN graph and layout, inside training), starts the table at the graph's spectral
                         layout, and trains as long as the data's size needs (help train). plain=true gives the paper's method
                         instead: a random start, reconstruction alone, train's fixed 10 epochs, batch 1024 and lr 1e-3.

                         init=pca starts a gne/gnd table at the data's principal components; init=E (an Embedding)
                         or init=M (another trained model) starts it at those points. init=spectral starts it at the
                         spectral layout of the neighbour graph that 'neighbours' builds (UMAP's default init; PCA
                         until then, and when the graph is disconnected or the eigen solver does not converge).

                         output=auto (gne, gnd, vae unless output= is given) picks the decoder's output at the first train from
                         the training data's range: sigmoid for data in [0, 1], identity (linear) otherwise, tanh never on its own;
                         train says so in one line when it is not sigmoid, and warns once when the data lie outside an output given explicitly.
                         kaleido keeps its tanh on data in [0, 1].
                         """,
                         positionals: [Model.kind],
                         options: ModelSetting.allCases.map(\.key) + [Model.`init`],
                         examples: ["m = model gne", "p = model gne plain=true", "m = model gne dims=2 init=pca", "u = model gne init=spectral", "c = model gnd supervised=true hidden=[64, 256] beta=0.01", "m3 = model gne output=identity", "cm = model gne decoder=conv channels=16"]) { args, _ in
            let kind = try args[Model.kind]
            var c = ModelConfig(kind: kind)
            for setting in ModelSetting.allCases {
                if let value = setting.value(from: args.value(setting.key)) { setting.apply(value, to: &c) }
            }
            try c.validate()   // classes come from the data at build time; the error's option carries the caret
            let object = ModelObject(config: c)
            switch args.value(Model.`init`) {
            case .string("random"): break
            case .string("pca"): object.pendingInit = .pca
            case .string("spectral"): object.pendingInit = .spectral
            case .object(let e as EmbeddingObject): object.pendingInit = .points(e.points)
            case .object(let m as ModelObject):
                guard let source = m.model as? EmbeddingModel, let e = source.trainingEmbedding else {
                    throw args.invalid(Model.`init`, "needs a trained gne or gnd model (a vae: use 'embed' and pass the Embedding)")
                }
                object.pendingInit = .points(e)
            default:   // a map starts at the graph's spectral layout
                if c.makesMap { object.pendingInit = .spectral; object.pendingInitIsDefault = true }
            }
            if object.pendingInit.isSet && kind != .gne && kind != .gnd {
                throw args.invalid(Model.`init`, "applies to gne and gnd models only")
            }
            return .object(object)
        })

        register(Command("train", group: "Models", summary: "Trains a model for more epochs; Ctrl-C stops at a batch boundary, keeping it.",
                         details: """
                         Training continues where the last call stopped (optimiser state and loss history are kept), and the
                         settings an earlier call gave (batch, lr) are kept until a call gives them again: after
                         train m d batch=128, train m d epochs=50 trains 50 more epochs with batch 128. epochs is the count
                         of this call. gne and gnd models train on the dataset they were built for.
                         Without epochs=, batch= and lr=, a gne or gnd map (not plain=true) trains as long as its data's size needs:
                         up to 10000 rows 200 epochs with a batch near rows x 200 / 2000 (about 2000 optimiser steps), above that
                         batch 1024 for about 2000 steps (at least 20 epochs), at lr 5e-3 (up to 10000 rows falling to a tenth along a
                         half cosine over each call); the first train of a map also builds its neighbour force and spectral start (help model).
                         After a train, one line says when the map is far from converged (too few steps for the data's size, the
                         reconstruction still falling steeply, or a quick kNN check near chance), with the fix.
                         """,
                         positionals: [Train.model, Train.data],
                         options: [Train.epochs, Train.batch, Train.lr],
                         examples: ["train m d", "train m d epochs=2 batch=128 lr=3e-3", "train m d epochs=1", "train (model vae decoder=conv encoder=conv) d epochs=2"]) { args, session in
            let object = try args[Train.model]
            let data = try args[Train.data]
            let options = try Self.trainOptions(args, rows: data.shard?.total ?? data.dataset.count, keptBy: object)
            try object.prepareMap(data: data, session: session)
            let model = try object.build(for: data.dataset, shard: data.shard, session: session)
            do {
                try MemoryEstimate(model: model).check(batch: min(options.batchSize, data.dataset.count),
                                                       what: "this \(model.config.kind.rawValue) model", built: true)
            } catch { throw CommandError("\(error)") }
            if object.trainingData == nil { object.trainingData = data }
            object.reportOutput(model: model, data: data.dataset, session: session)
            if session.communicator != nil && data.shard == nil { throw args.invalid(Train.data, "is not sharded over the ranks; load it under mpirun") }
            let progress = ProgressReporter(session: session, epochs: options.epochs, names: model.lossComponents)
            var index = 0
            let result = try LabelRangeError.naming(data.dataset.name) {
                try object.withTrainingRng(session) { rng in
                    try Trainer.train(model, data: data.dataset, parallel: session.dataParallel(data.shard), options: options, rng: &rng,
                                      onBatch: { progress.batch($0) },
                                      onEpoch: {
                                          progress.epoch($0, index: index, of: options.epochs); index += 1
                                          ShownViews.trained(object, session: session)   // pages showing the model follow the training
                                      },
                                      shouldStop: { session.interrupt.isSet })
                }
            }
            progress.finish()
            Self.reportTraining(result, of: model, session: session)
            if !result.interrupted, session.communicator == nil, session.setting("progress").bool != false {
                var rng = Rng(seed: session.seed)   // its own draws: the session's stream is left as it was
                let note = ConvergenceCheck.note(model, samples: data.dataset.count, batch: options.batchSize,
                                                 labels: object.trainingLabels, rng: &rng)
                if let note { session.print(note) }
            }
            return .none
        })

        register(Command("losses", group: "Models", summary: "Prints a model's loss history (every epoch, or the last N).",
                         positionals: [Losses.model],
                         options: [Losses.last],
                         examples: ["losses m last=5"]) { args, session in
            let model = try args[Losses.model].requireModel()
            let names = model.history.components
            var epochs = model.history.epochs
            if let n = try args[Losses.last] { epochs = Array(epochs.suffix(max(n, 0))) }
            let timings = session.setting("timings").bool ?? true
            let rows = epochs.map { e in
                ["\(e.epoch)"] + names.map { formatMetric(e.losses[$0] ?? .nan) } + (timings ? [String(format: "%.2f", e.seconds)] : [])
            }
            for line in Table.format(rows, header: ["epoch"] + names + (timings ? ["seconds"] : [])) { session.print(line) }
            return .none
        })

        register(Command("save", group: "Models", summary: "Saves a model (weights, optimiser state, history) atomically.",
                         details: "Reload it with load. The file is written beside the target and renamed, so a crash never leaves a half-written model.",
                         positionals: [Save.model, Save.path],
                         options: [Save.force],
                         examples: ["save m \"digits.model\""]) { args, session in
            let object = try args[Save.model]
            let model = try object.requireModel()
            let path = try session.outputPath(try args[Save.path])
            if !(try args[Save.force]), let bad = model.nonFiniteParameter(over: session.communicator) {
                throw CommandError("the model's \(bad) holds NaN or infinite values; save refuses to write it (force=true writes it anyway)")
            }
            if object.shard != nil || session.communicator?.isRoot ?? true {   // an unsharded model: every replica is whole
                try Checkpoint.save(model, to: path, context: session.dataParallel(object.shard), labels: object.checkpointLabels)
            }
            session.print("saved \(Self.displayPath(path, session: session))")
            return .none
        })
    }
}

extension CommandRegistry {
    /// `train`'s settings: epochs from this call; batch and lr from this call, else from the model's
    /// earlier calls (which keep them), else the defaults.
    fileprivate static func trainOptions(_ args: Arguments, rows: Int, keptBy object: ModelObject) throws -> TrainOptions {
        let options = object.trainingOptions(rows: rows, epochs: try args[Train.epochs], batch: try args[Train.batch], lr: try args[Train.lr])
        try checked { try options.validate() }
        for key in [Train.batch.parameter, Train.lr.parameter] where args.isGiven(key) { object.trainOptions[key.name] = args.value(key) }
        return options
    }

    /// `train`'s closing line (epochs, time, last loss, ranks), and the history amended when Ctrl-C cut it short.
    fileprivate static func reportTraining(_ result: TrainResult, of model: GenerativeModel, session: Session) {
        if result.interrupted {
            let partial = result.partialSteps > 0 ? "interrupted after \(result.partialSteps) steps of the next epoch, which the replay leaves out" : nil
            session.amendHistory(option: "epochs", value: "\(result.epochsCompleted)", note: partial)
        }
        let timings = session.setting("timings").bool ?? true
        let epochs = result.epochsCompleted == 1 ? "1 epoch" : "\(result.epochsCompleted) epochs"
        var line = result.interrupted ? "interrupted after \(epochs)" : "trained \(epochs)"
        line += " (\(model.epochsTrained) in all)"
        if timings { line += String(format: " in %.1f s", result.seconds) }
        if let last = model.history.epochs.last?.losses["loss"] { line += ", loss \(formatMetric(last))" }
        if let comm = session.communicator, !result.interrupted {
            line += " on \(comm.size) ranks (network replicas identical)"
        }
        if result.interrupted { line += "; the model keeps every step taken" }
        if result.interrupted || session.setting("progress").bool != false { session.print(line) }
    }
}

extension Session {
    /// The data-parallel context of this rank for the rows `shard` (nil in a single process, or for a
    /// value that is not sharded): what training and saving take to run collectively over the ranks.
    func dataParallel(_ shard: Shard?) -> DataParallelContext? {
        guard let communicator, let shard else { return nil }
        return DataParallelContext(communicator: communicator, shard: shard)
    }
}

extension ModelObject.PendingInit {
    var isSet: Bool { if case .random = self { return false } else { return true } }
}

/// The parameters of `model`.
private enum Model {
    static let kind = Positional<ModelKind>("kind", "the method")
    static let `init` = Option<Value>("init", .oneOf([.choice(["random", "pca", "spectral"]), .object(EmbeddingObject.self), .object(ModelObject.self)]), "initial embedding of gne/gnd tables (default: spectral for a map; random with plain=true)")
}

/// The parameters of `train`.
private enum Train {
    static let model = Positional<ModelObject>("model", "the model")
    static let data = Positional<DatasetObject>("data", "the training data")
    static let epochs = Option<Int?>("epochs", "passes over the data in this call (default: a gne/gnd map's plan for the data's size; 10 with plain=true and for vae, kaleido)")
    static let batch = Option<Int?>("batch", "samples per step (kept for later calls; default: a map's plan, from 16 to 1024; else 1024)")
    static let lr = Option<Double?>("lr", "learning rate (kept for later calls; default: a map's 5e-3, on up to 10000 rows falling to a tenth over each call; else 1e-3, kaleido 1e-4)")
}

/// The parameters of `losses`.
private enum Losses {
    static let model = Positional<ModelObject>("model", "the model")
    static let last = Option<Int?>("last", "only the last N epochs")
}

/// The parameters of `save`.
private enum Save {
    static let model = Positional<ModelObject>("model", "the model")
    static let path = Positional<String>("path", "the file (conventionally .model)")
    static let force = Option<Bool>("force", default: false, "write even a model whose weights hold NaN or infinite values")
}

extension ModelSetting {
    /// The `model` option of this setting (declared by the settings table: name, type and help).
    var key: LatentScript.Parameter {
        let type: ValueType
        switch kind {
        case .int: type = .int
        case .number: type = .number
        case .bool: type = .bool
        case .ints: type = .list(.int)
        case .choice(let words): type = .choice(words)
        }
        return LatentScript.Parameter(rawValue, type, help)
    }

    /// A value the binding has checked against `key`'s type, as the table's value; nil when not given.
    func value(from value: Value) -> Given? {
        switch kind {
        case .int: return value.int.map { .int($0) }
        case .number: return value.number.map { .number($0) }
        case .bool: return value.bool.map { .bool($0) }
        case .ints: return value.list.map { .ints($0.compactMap(\.int)) }
        case .choice: return value.string.map { .word($0) }
        }
    }
}
