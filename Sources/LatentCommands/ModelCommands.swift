import Foundation
import LatentCore
import LatentData
import LatentModels

extension CommandRegistry {
    /// `model`, `train`, `losses`, `save`.
    func registerModelCommands() {
        register(Command("model", group: "Models", returns: .object("Model"), summary: "Creates a model: gne, gnd, vae or kaleido (built by the first train).",
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
                         positionals: [Parameter("kind", .choice(ModelKind.allCases.map(\.rawValue)), "the method")],
                         options: [Parameter("dims", .int, "embedding dimensions (\(ModelDescriptor.defaultText(of: "dims")))"),
                                   Parameter("width", .int, "hidden width (\(ModelDescriptor.defaultText(of: "width")))"),
                                   Parameter("blocks", .int, "residual blocks (\(ModelDescriptor.defaultText(of: "blocks")))"),
                                   Parameter("hidden", .list(.int), "hidden widths of an mlp decoder (\(ModelDescriptor.defaultText(of: "hidden")))"),
                                   Parameter("decoder", .choice(DecoderKind.allCases.map(\.rawValue)), "decoder family; conv: Dense then two stride-2 transposed convolutions, for images with h and w divisible by 4; kaleido conv: a conv identity map (\(ModelDescriptor.defaultText(of: "decoder")))"),
                                   Parameter("encoder", .choice(EncoderKind.allCases.map(\.rawValue)), "vae: encoder family; conv: two stride-2 convolutions then Dense (\(ModelDescriptor.defaultText(of: "encoder")))"),
                                   Parameter("channels", .int, "conv networks: channels of the widest grid, C x h/4 x w/4 (\(ModelDescriptor.defaultText(of: "channels")))"),
                                   Parameter("output", .choice(["auto"] + Activation.allCases.map(\.rawValue)),
                                             "output activation (\(ModelDescriptor.defaultText(of: "output")); auto: sigmoid for training data in [0, 1], identity otherwise, chosen at the first train)"),
                                   Parameter("loss", .choice(Loss.allCases.map(\.rawValue)), "reconstruction loss (\(ModelDescriptor.defaultText(of: "loss")))"),
                                   Parameter("noise", .number, "gne: std of the training noise on embeddings (\(ModelDescriptor.defaultText(of: "noise")))"),
                                   Parameter("beta", .number, "gnd/vae: KL weight (\(ModelDescriptor.defaultText(of: "beta")))"),
                                   Parameter("supervised", .bool, "gnd: class-conditional decoder (\(ModelDescriptor.defaultText(of: "supervised")))"),
                                   Parameter("depth", .int, "kaleido: hidden layers (\(ModelDescriptor.defaultText(of: "depth")))"),
                                   Parameter("optimizer", .choice(TableOptimizer.allCases.map(\.rawValue)), "embedding table optimiser: dense Adam or row-sparse (\(ModelDescriptor.defaultText(of: "optimizer")))"),
                                   Parameter("init", .oneOf([.choice(["random", "pca", "spectral"]), .object("Embedding"), .object("Model")]),
                                             "initial embedding of gne/gnd tables (default: spectral; random with plain=true)"),
                                   Parameter("plain", .bool, default: false, "gne/gnd: the paper's method (random start, no neighbour force, train's fixed 10 epochs, batch 1024, lr 1e-3) instead of the map")]) { args, _ in
            guard let kind: ModelKind = try Self.choice(args, "kind") else { throw args.invalid("kind", "is required") }
            var c = ModelConfig(kind: kind)
            if let v = try args.intIfPresent("dims") { c.dims = v }
            if let v = try args.intIfPresent("width") { c.width = v }
            if let v = try args.intIfPresent("blocks") { c.blocks = v }
            if args.has("hidden") { c.hidden = try args.ints("hidden"); c.decoder = .mlp }
            if let v: DecoderKind = try Self.choice(args, "decoder") { c.decoder = v }
            if let v: EncoderKind = try Self.choice(args, "encoder") { c.encoder = v }
            if let v = try args.intIfPresent("channels") { c.channels = v }
            if try args.stringIfPresent("output") == "auto" { c.outputFromData = c.kind == .kaleido ? nil : true } else if let v: Activation = try Self.choice(args, "output") {
                c.output = v; c.outputFromData = false
            }
            if let v: Loss = try Self.choice(args, "loss") { c.loss = v }
            if let v = try args.numberIfPresent("noise") { c.noise = Float(v) }
            if let v = try args.numberIfPresent("beta") { c.beta = Float(v) }
            if args.has("supervised") { c.supervised = try args.bool("supervised") }
            if let v = try args.intIfPresent("depth") { c.depth = v }
            if let v: TableOptimizer = try Self.choice(args, "optimizer") { c.tableOptimizer = v }
            if try args.bool("plain") {
                guard kind == .gne || kind == .gnd else { throw args.invalid("plain", "applies to gne and gnd models only") }
                c.plain = true
            } else if kind == .gne || kind == .gnd { c.plain = false }
            do { try c.validate() } catch { throw CommandError("\(error)") }   // classes come from the data at build time
            let object = ModelObject(config: c)
            switch args["init"] {
            case .string("random"): break
            case .string("pca"): object.pendingInit = .pca
            case .string("spectral"): object.pendingInit = .spectral
            case .object(let e as EmbeddingObject): object.pendingInit = .points(e.points)
            case .object(let m as ModelObject):
                guard let source = m.model as? EmbeddingModel, let e = source.trainingEmbedding else {
                    throw args.invalid("init", "needs a trained gne or gnd model (a vae: use 'embed' and pass the Embedding)")
                }
                object.pendingInit = .points(e)
            default:   // a map starts at the graph's spectral layout
                if c.makesMap { object.pendingInit = .spectral; object.pendingInitIsDefault = true }
            }
            if object.pendingInit.isSet && kind != .gne && kind != .gnd {
                throw args.invalid("init", "applies to gne and gnd models only")
            }
            return .object(object)
        })

        register(Command("train", group: "Models", summary: "Trains a model for more epochs; Ctrl-C stops at a batch boundary, keeping it.",
                         details: """
                         Training continues where the last call stopped (optimiser state and loss history are kept), and the
                         settings an earlier call gave (batch, lr) are kept until a call gives them again: after
                         train m d batch=128, train m d epochs=50 trains 50 more epochs with batch 128. epochs is the count
                         of this call. gne and gnd models train on the dataset they were built for.
                         """,
                         positionals: [Parameter("model", .object("Model"), "the model"),
                                       Parameter("data", .object("Dataset"), "the training data")],
                         options: [Parameter("epochs", .int, "passes over the data in this call (default: a gne/gnd map's plan for the data's size; 10 with plain=true and for vae, kaleido)"),
                                   Parameter("batch", .int, "samples per step (kept for later calls; default: a map's plan, about rows/32 from 16 to 1024; else 1024)"),
                                   Parameter("lr", .number, "learning rate (kept for later calls; default: a map's 5e-3 falling to a tenth over each call; else 1e-3, kaleido 1e-4)")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let data = try args.object("data", as: DatasetObject.self)
            let options = object.trainingOptions(rows: data.shard?.total ?? data.dataset.count, epochs: try args.intIfPresent("epochs"),
                                                 batch: try args.intIfPresent("batch"), lr: try args.numberIfPresent("lr"))
            try checked { try options.validate() }
            for name in ["batch", "lr"] where args.isGiven(name) { object.trainOptions[name] = args[name] }
            try object.prepareMap(data: data, session: session)
            let model = try object.build(for: data.dataset, shard: data.shard, session: session)
            do {
                try MemoryEstimate(model: model).check(batch: min(options.batchSize, data.dataset.count),
                                                       what: "this \(model.config.kind.rawValue) model", built: true)
            } catch { throw CommandError("\(error)") }
            if object.trainingData == nil { object.trainingData = data }
            object.reportOutput(model: model, data: data.dataset, session: session)
            let progress = ProgressReporter(session: session, epochs: options.epochs, names: model.lossComponents)
            var index = 0
            let onEpoch: (EpochRecord) -> Void = { progress.epoch($0, index: index, of: options.epochs); index += 1 }
            let result: TrainResult
            if let comm = session.communicator {
                guard let shard = data.shard else { throw args.invalid("data", "is not sharded over the ranks; load it under mpirun") }
                result = try LabelRangeError.naming(data.dataset.name) {
                    try object.withTrainingRng(session) { rng in
                        try Trainer.train(model, data: data.dataset, parallel: DataParallelContext(communicator: comm, shard: shard),
                                          options: options, rng: &rng, onBatch: { progress.batch($0) },
                                          onEpoch: onEpoch, shouldStop: { session.interrupt.isSet })
                    }
                }
            } else {
                result = try LabelRangeError.naming(data.dataset.name) {
                    try object.withTrainingRng(session) { rng in
                        try Trainer.train(model, data: data.dataset, options: options, rng: &rng,
                                          onBatch: { progress.batch($0) }, onEpoch: onEpoch,
                                          shouldStop: { session.interrupt.isSet })
                    }
                }
            }
            progress.finish()
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
            if result.interrupted || session.setting("progress").bool != false {
                session.print(line)
                if !result.interrupted, session.communicator == nil {
                    var rng = Rng(seed: session.seed)   // its own draws: the session's stream is left as it was
                    let note = ConvergenceCheck.note(model, samples: data.dataset.count, batch: options.batchSize,
                                                     labels: object.trainingLabels, rng: &rng)
                    if let note { session.print(note) }
                }
            }
            return .none
        })

        register(Command("losses", group: "Models", summary: "Prints a model's loss history (every epoch, or the last N).",
                         positionals: [Parameter("model", .object("Model"), "the model")],
                         options: [Parameter("last", .int, "only the last N epochs")]) { args, session in
            let model = try args.object("model", as: ModelObject.self).requireModel()
            let names = model.history.components
            var epochs = model.history.epochs
            if let n = try args.intIfPresent("last") { epochs = Array(epochs.suffix(max(n, 0))) }
            let timings = session.setting("timings").bool ?? true
            let rows = epochs.map { e in
                ["\(e.epoch)"] + names.map { formatMetric(e.losses[$0] ?? .nan) } + (timings ? [String(format: "%.2f", e.seconds)] : [])
            }
            for line in Table.format(rows, header: ["epoch"] + names + (timings ? ["seconds"] : [])) { session.print(line) }
            return .none
        })

        register(Command("save", group: "Models", summary: "Saves a model (weights, optimiser state, history) atomically.",
                         details: "Reload it with load. The file is written beside the target and renamed, so a crash never leaves a half-written model.",
                         positionals: [Parameter("model", .object("Model"), "the model"),
                                       Parameter("path", .string, "the file (conventionally .model)")],
                         options: [Parameter("force", .bool, default: false, "write even a model whose weights hold NaN or infinite values")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let model = try object.requireModel()
            let path = try session.outputPath(try args.string("path"))
            if !(try args.bool("force")), let bad = model.nonFiniteParameter(over: session.communicator) {
                throw CommandError("the model's \(bad) holds NaN or infinite values; save refuses to write it (force=true writes it anyway)")
            }
            if let comm = session.communicator {
                if let shard = object.shard {
                    try Checkpoint.save(model, to: path, context: DataParallelContext(communicator: comm, shard: shard),
                                        labels: object.checkpointLabels)
                } else if comm.isRoot {
                    try Checkpoint.save(model, to: path, labels: object.checkpointLabels)   // no tables: every replica is the whole model
                }
            } else {
                try Checkpoint.save(model, to: path, labels: object.checkpointLabels)
            }
            session.print("saved \(Self.displayPath(path, session: session))")
            return .none
        })
    }
}

extension CommandRegistry {
    /// The value of choice argument `name` as `T`, nil when absent; a string that names no case is refused.
    static func choice<T: RawRepresentable & CaseIterable>(_ args: Arguments, _ name: String) throws -> T? where T.RawValue == String {
        guard let text = try args.stringIfPresent(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw args.invalid(name, "must be one of " + T.allCases.map(\.rawValue).joined(separator: ", ") + ", got \(text)")
        }
        return value
    }
}

extension ModelObject.PendingInit {
    var isSet: Bool { if case .random = self { return false } else { return true } }
}
