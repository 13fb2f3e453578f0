import Foundation
import LatentCore
import LatentData
import LatentModels

extension CommandRegistry {
    /// `model`, `train`, `losses`, `save`.
    func registerModelCommands() {
        register(Command("model", group: "Models", summary: "Creates a model: gne, gnd, vae or kaleido (built by the first train).",
                         details: """
                         gne: per-sample embedding + residual decoder (Yerebakan & Hermosillo 2023).
                         gnd: G-NeuroDAVIS, per-sample mean/log-variance + decoder, loss recon + beta*KL; supervised=true
                              conditions the decoder on the class (generate m class=3).
                         vae: encoder/decoder baseline with repeated inference (infer).
                         kaleido: deep ReLU identity map sampled by iteration (generate m count=64 burn=50).
                         init=pca starts a gne/gnd table at the data's principal components; init=E (an Embedding)
                         or init=M (another trained model) starts it at those points.
                         """,
                         positionals: [Parameter("kind", .choice(ModelKind.allCases.map(\.rawValue)), "the method")],
                         options: [Parameter("dims", .int, "embedding dimensions (default 2)"),
                                   Parameter("width", .int, "hidden width (default 64; kaleido 500)"),
                                   Parameter("blocks", .int, "residual blocks (default 4)"),
                                   Parameter("hidden", .list(.int), "hidden widths of an mlp decoder (gnd default [64, 256])"),
                                   Parameter("decoder", .choice(["residual", "mlp"]), "decoder family"),
                                   Parameter("output", .choice(Activation.allCases.map(\.rawValue)), "output activation (default sigmoid)"),
                                   Parameter("loss", .choice(["mse", "bce"]), "reconstruction loss (default mse)"),
                                   Parameter("noise", .number, "gne: std of the training noise on embeddings (default 0.1)"),
                                   Parameter("beta", .number, "gnd/vae: KL weight (default 1)"),
                                   Parameter("supervised", .bool, "gnd: class-conditional decoder"),
                                   Parameter("depth", .int, "kaleido: hidden layers (default 10)"),
                                   Parameter("optimizer", .choice(["adam", "lazy"]), "embedding table optimiser: dense Adam or row-sparse"),
                                   Parameter("init", .oneOf([.choice(["random", "pca"]), .object("Embedding"), .object("Model")]),
                                             default: "random", "initial embedding of gne/gnd tables")]) { args, _ in
            guard let kind = ModelKind(rawValue: try args.string("kind")) else { throw args.invalid("kind", "is unknown") }
            var c = ModelConfig(kind: kind)
            if let v = try args.intIfPresent("dims") { c.dims = v }
            if let v = try args.intIfPresent("width") { c.width = v }
            if let v = try args.intIfPresent("blocks") { c.blocks = v }
            if args.has("hidden") { c.hidden = try args.ints("hidden"); c.decoder = .mlp }
            if let v = try args.stringIfPresent("decoder") { c.decoder = DecoderKind(rawValue: v)! }
            if let v = try args.stringIfPresent("output") { c.output = Activation(rawValue: v)! }
            if let v = try args.stringIfPresent("loss") { c.loss = Loss(rawValue: v)! }
            if let v = try args.numberIfPresent("noise") { c.noise = Float(v) }
            if let v = try args.numberIfPresent("beta") { c.beta = Float(v) }
            if args.has("supervised") { c.supervised = try args.bool("supervised") }
            if let v = try args.intIfPresent("depth") { c.depth = v }
            if let v = try args.stringIfPresent("optimizer") { c.tableOptimizer = TableOptimizer(rawValue: v)! }
            if c.supervised { c.classes = 2 }   // the real count comes from the data at build time
            do { try c.validate() } catch { throw CommandError("\(error)") }
            if c.supervised { c.classes = 0 }
            let object = ModelObject(config: c)
            switch args["init"] {
            case .string("pca"): object.pendingInit = .pca
            case .object(let e as EmbeddingObject): object.pendingInit = .points(e.points)
            case .object(let m as ModelObject):
                guard let source = m.model as? EmbeddingModel, let e = source.trainingEmbedding else {
                    throw args.invalid("init", "needs a trained gne or gnd model (a vae: use 'embed' and pass the Embedding)")
                }
                object.pendingInit = .points(e)
            default: break
            }
            if object.pendingInit.isSet && kind != .gne && kind != .gnd {
                throw args.invalid("init", "applies to gne and gnd models only")
            }
            return .object(object)
        })

        register(Command("train", group: "Models", summary: "Trains a model for more epochs; Ctrl-C stops at a batch boundary, keeping it.",
                         details: "Training continues where the last call stopped (optimiser state and loss history are kept). gne and gnd models train on the dataset they were built for.",
                         positionals: [Parameter("model", .object("Model"), "the model"),
                                       Parameter("data", .object("Dataset"), "the training data")],
                         options: [Parameter("epochs", .int, default: 10, "passes over the data"),
                                   Parameter("batch", .int, default: 1024, "samples per step"),
                                   Parameter("lr", .number, "learning rate (kept for later calls; default 1e-3, kaleido 1e-4)")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let data = try args.object("data", as: DatasetObject.self)
            var options = TrainOptions(epochs: try args.int("epochs"), batchSize: try args.int("batch"))
            options.learningRate = try args.numberIfPresent("lr").map { Float($0) }
            do { try options.validate() } catch {
                let text = "\(error)"
                let name = text.hasPrefix("epochs") ? "epochs" : text.hasPrefix("batch") ? "batch" : "lr"
                throw CommandError(text, argument: name)
            }
            let model = try object.build(for: data.dataset, shard: data.shard, session: session)
            if object.trainingData == nil { object.trainingData = data }
            let progress = ProgressReporter(session: session, epochs: options.epochs, names: model.lossComponents)
            var index = 0
            let onEpoch: (EpochRecord) -> Void = { progress.epoch($0, index: index, of: options.epochs); index += 1 }
            let result: TrainResult
            if let comm = session.communicator {
                guard let shard = data.shard else { throw args.invalid("data", "is not sharded over the ranks; load it under mpirun") }
                result = try LabelRangeError.naming(data.dataset.name) {
                    try Trainer.train(model, data: data.dataset, parallel: DataParallelContext(communicator: comm, shard: shard),
                                      options: options, rng: &session.rng, onBatch: { progress.batch($0) },
                                      onEpoch: onEpoch, shouldStop: { session.interrupt.isSet })
                }
            } else {
                result = try LabelRangeError.naming(data.dataset.name) {
                    try Trainer.train(model, data: data.dataset, options: options, rng: &session.rng,
                                      onBatch: { progress.batch($0) }, onEpoch: onEpoch,
                                      shouldStop: { session.interrupt.isSet })
                }
            }
            progress.finish()
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
            session.print(line)
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
                    try Checkpoint.save(model, to: path, context: DataParallelContext(communicator: comm, shard: shard))
                } else if comm.isRoot {
                    try Checkpoint.save(model, to: path)       // no tables: every replica is the whole model
                }
            } else {
                try Checkpoint.save(model, to: path)
            }
            session.print("saved \(Self.displayPath(path, session: session))")
            return .none
        })
    }
}

extension ModelObject.PendingInit {
    var isSet: Bool { if case .random = self { return false } else { return true } }
}
