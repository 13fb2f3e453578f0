import Foundation
import LatentCore
import LatentData
import LatentModels

extension CommandRegistry {
    /// `embed`, `generate`, `infer`.
    func registerInferenceCommands() {
        register(Command("embed", group: "Models", summary: "Embeds a dataset: the learned table for the training data, a frozen-decoder fit for new data.",
                         details: """
                         gne/gnd: the training data's embedding is the learned table (means for gnd); other data are fitted
                         by gradient descent on the latent coordinates with the decoder frozen, starting from the best node
                         of a decoded lattice (GNE paper, future work 3). vae: the encoder's means. fit=true forces a fit.
                         """,
                         positionals: [Parameter("model", .object("Model"), "a trained gne, gnd or vae model"),
                                       Parameter("data", .object("Dataset"), "the data to embed")],
                         options: [Parameter("fit", .bool, default: false, "fit even the training data with the decoder frozen"),
                                   Parameter("steps", .int, default: 150, "Adam steps per batch when fitting"),
                                   Parameter("lr", .number, default: 0.02, "step size when fitting"),
                                   Parameter("lattice", .int, default: 32, "side of the decoded lattice that seeds the fit (0: none)")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let data = try args.object("data", as: DatasetObject.self)
            let embedding = try Self.embed(object, data, args: args, session: session)
            return .object(embedding)
        })

        register(Command("generate", group: "Models", summary: "Decodes a lattice (grid=N), prior draws (count=N) or given points; kaleido samples by iteration.",
                         details: """
                         grid=12 decodes a 12x12 lattice over the embedding's central box (quantile=0.05 trims 5% per side;
                         G-NeuroDAVIS uses 0.2). count=64 draws from the prior (gnd/vae: N(0, I); gne: training points plus
                         its training noise). class=3 conditions a supervised gnd. at=E decodes an Embedding's points.
                         kaleido: count chains from noise, burn=50 applications, noise=0.01 per step (chain=true keeps every state).
                         """,
                         positionals: [Parameter("model", .object("Model"), "a trained model")],
                         options: [Parameter("grid", .int, "lattice side"),
                                   Parameter("count", .int, "number of prior draws or kaleido chains"),
                                   Parameter("class", .oneOf([.int, .list(.int)]), "class(es) for a supervised gnd"),
                                   Parameter("at", .object("Embedding"), "decode these latent points"),
                                   Parameter("quantile", .number, default: 0.05, "lattice box: quantile..1-quantile of the embedding"),
                                   Parameter("burn", .int, default: 50, "kaleido: burn-in applications"),
                                   Parameter("noise", .number, default: 0.01, "kaleido: noise std per step"),
                                   Parameter("chain", .bool, default: false, "kaleido: keep every state (plot images shows the chain)")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let model = try object.requireModel()
            if let kaleido = model as? KaleidoModel { return try Self.kaleidoSamples(kaleido, object, args, session) }
            guard let em = model as? EmbeddingModel else { throw args.invalid("model", "cannot generate") }
            var classes: [Int]? = nil
            if args.has("class") {
                guard let gnd = em as? GNDModel, gnd.conditionClasses > 0 else {
                    throw args.invalid("class", "needs a supervised gnd model (model gnd supervised=true)")
                }
                if let single = args["class"].int { classes = [single] } else { classes = try args.ints("class") }
                for c in classes! where c < 0 || c >= gnd.conditionClasses {
                    throw args.invalid("class", "must be between 0 and \(gnd.conditionClasses - 1), got \(c)")
                }
            }
            let z: Matrix
            var columns: Int? = nil
            var origin: String
            if let at = try args.objectIfPresent("at", as: EmbeddingObject.self) {
                guard at.points.cols == em.dims else { throw args.invalid("at", "has \(at.points.cols)-D points, the model's latent space is \(em.dims)-D") }
                z = at.points; origin = "decoded points"
            } else if let side = try args.intIfPresent("grid") {
                guard (1...64).contains(side) else { throw args.invalid("grid", "must be between 1 and 64, got \(side)") }
                let q = try args.number("quantile")
                guard q >= 0 && q < 0.5 else { throw args.invalid("quantile", "must be in [0, 0.5), got \(formatMetric(q))") }
                z = Generation.latticePoints(em, side: side, quantile: Float(q)); columns = side
                origin = "\(side)x\(side) lattice"
            } else {
                let count = try args.intIfPresent("count") ?? 64
                guard (1...1_000_000).contains(count) else { throw args.invalid("count", "must be between 1 and 1000000, got \(count)") }
                z = Generation.priorPoints(em, count: count, rng: &session.rng)
                origin = "\(count) prior draws"
            }
            var intended: [Int32]? = nil
            if let cs = classes {
                let perRow = (0..<z.rows).map { cs[$0 % cs.count] }
                intended = perRow.map(Int32.init)
                classes = perRow
                origin += ", class " + (cs.count == 1 ? "\(cs[0])" : "\(cs)")
            } else if let gnd = em as? GNDModel, gnd.conditionClasses > 0 {
                throw args.invalid("class", "is required for a supervised gnd model")
            }
            let x = Generation.decode(em, z, classes: classes)
            return .object(SamplesObject(values: x, imageShape: object.imageShape, intended: intended, gridColumns: columns, origin: origin))
        })

        register(Command("infer", group: "Models", summary: "Repeated inference with a vae: x -> decode(encode(x)) for N steps, returning the latent paths.",
                         details: "noise=0.3 adds Gaussian noise to the inputs first (denoising analysis). The trajectories converge towards cluster centres (seeds/002); print t.moves for the mean step sizes.",
                         positionals: [Parameter("model", .object("Model"), "a trained vae"),
                                       Parameter("data", .object("Dataset"), "starting points")],
                         options: [Parameter("steps", .int, default: 10, "iterations"),
                                   Parameter("noise", .number, default: 0, "std of Gaussian noise added to the inputs")]) { args, session in
            guard let vae = try args.object("model", as: ModelObject.self).requireModel() as? VAEModel else {
                throw args.invalid("model", "must be a vae model (repeated inference needs an encoder)")
            }
            let data = try args.object("data", as: DatasetObject.self).dataset
            let steps = try args.int("steps")
            guard (1...1000).contains(steps) else { throw args.invalid("steps", "must be between 1 and 1000") }
            let noise = Float(try args.number("noise"))
            guard noise >= 0 else { throw args.invalid("noise", "must be zero or positive") }
            let x = DataAccess.all(data)
            if noise > 0 { for i in 0..<x.count { x.base[i] = min(max(x.base[i] + noise * session.rng.normal(), 0), 1) } }
            let (trajectory, _) = vae.repeatedInference(x, steps: steps)
            let t = TrajectoryObject(steps: trajectory, labels: data.labels, origin: "vae repeated inference" + (noise > 0 ? ", noise \(formatMetric(Double(noise)))" : ""))
            if !t.stepSizes.isEmpty { session.print("moves per step: " + t.stepSizes.map { formatMetric($0) }.joined(separator: " ")) }
            return .object(t)
        })
    }

    static func embed(_ object: ModelObject, _ data: DatasetObject, args: Arguments, session: Session) throws -> EmbeddingObject {
        let model = try object.requireModel()
        let origin = "\(model.config.kind.rawValue) on \(data.dataset.name)"
        if let vae = model as? VAEModel {
            return EmbeddingObject(points: vae.encode(data.dataset), labels: data.dataset.labels, labelNames: data.dataset.labelNames, origin: origin)
        }
        guard let em = model as? EmbeddingModel else { throw CommandError("a \(model.config.kind.rawValue) model has no embedding") }
        var options = FitOptions()
        options.steps = try args.int("steps")
        options.learningRate = Float(try args.number("lr"))
        options.latticeSide = try args.int("lattice")
        do { try options.validate() } catch { throw CommandError("\(error)") }   // even when no fit is needed
        let fit = try args.bool("fit")
        if !fit, object.trainingData === data || (object.trainingData == nil && data.dataset.count == model.tableRows), let table = em.trainingEmbedding {
            return EmbeddingObject(points: table, labels: data.dataset.labels, labelNames: data.dataset.labelNames,
                                   highlighted: pinnedRows(model), origin: origin)
        }
        let t0 = Date()
        let z = try LabelRangeError.naming(data.dataset.name) {
            try em.fitFrozen(data.dataset, options: options, classes: data.dataset.labels, shouldStop: { session.interrupt.isSet })
        }
        try session.interrupt.check()
        if session.setting("timings").bool ?? true {
            session.print(String(format: "fitted %d points with the decoder frozen in %.1f s", data.dataset.count, Date().timeIntervalSince(t0)))
        }
        return EmbeddingObject(points: z, labels: data.dataset.labels, labelNames: data.dataset.labelNames, origin: origin + " (frozen fit)")
    }

    static func pinnedRows(_ model: GenerativeModel) -> [Int] {
        if let m = model as? GNEModel { return m.table.pinned.sorted() }
        if let m = model as? GNDModel { return m.mean.pinned.sorted() }
        return []
    }

    static func kaleidoSamples(_ model: KaleidoModel, _ object: ModelObject, _ args: Arguments, _ session: Session) throws -> Value {
        let count = try args.intIfPresent("count") ?? (try args.intIfPresent("grid")).map { $0 * $0 } ?? 64
        guard (1...100_000).contains(count) else { throw args.invalid("count", "must be between 1 and 100000") }
        let burn = try args.int("burn")
        guard (0...100_000).contains(burn) else { throw args.invalid("burn", "must be between 0 and 100000") }
        let noise = Float(try args.number("noise"))
        guard noise >= 0 else { throw args.invalid("noise", "must be zero or positive") }
        let keep = try args.bool("chain")
        // chain=true shows the first 8 chains, about 12 states each: only those are kept
        let shown = min(count, 8), every = max(1, (burn + 2) / 12)
        let result = model.sample(count: count, burnIn: burn, noise: noise,
                                  record: keep ? ChainRecording(chains: shown, every: every) : nil, rng: &session.rng)
        let settled = result.settleSteps.compactMap { $0 }.sorted()
        var line = "kaleidoscopic sampling: \(count) chains, \(burn) burn-in steps"
        if settled.isEmpty { line += "; no chain settled (moves stay above 1e-3 RMS, as expected with noise \(formatMetric(Double(noise))))" } else {
            line += "; \(settled.count) settled, median after \(settled[settled.count / 2]) steps"
        }
        session.print(line)
        if keep {
            // the recorded states of the first chains, one row per chain: a film strip per row
            let states = result.chain
            let film = Matrix(rows: shown * states.count, cols: model.featureCount)
            for c in 0..<shown { for (j, s) in states.enumerated() { film.row(c * states.count + j).update(from: s.row(c), count: model.featureCount) } }
            return .object(SamplesObject(values: film, imageShape: object.imageShape, gridColumns: states.count, origin: "kaleido chains, every \(every) steps"))
        }
        return .object(SamplesObject(values: result.samples, imageShape: object.imageShape, origin: "kaleido samples after \(burn) steps"))
    }
}
