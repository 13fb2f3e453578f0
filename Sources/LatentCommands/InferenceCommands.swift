import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentModels

extension CommandRegistry {
    /// `embed`, `generate`, `infer`.
    func registerInferenceCommands() {
        let fit = FitOptions(), pulled = NeighbourPull.defaultFit, iterated = IteratedSamplingOptions()
        register(Command("embed", group: "Models", dataParallel: .needsWholeData, returns: .object("Embedding"), summary: "Embeds a dataset: the learned table for the training data, a frozen-decoder fit for new data.",
                         details: """
                         gne/gnd: the training data's embedding is the learned table (means for gnd); other data are fitted
                         by gradient descent on the latent coordinates with the decoder frozen, starting from the best node
                         of a decoded lattice (GNE paper, future work 3). vae: the encoder's means. fit=true forces a fit.
                         A gne model trained with the neighbour force (neighbours) places new points as UMAP's transform
                         does: each starts at the membership-weighted mean of its k graph neighbours among the training
                         rows (found in the PCA space the graph was built in), then the fit adds pull * UMAP's attraction
                         -log q towards each of those rows (weighted by membership) to the per-sample reconstruction error,
                         so new points land in their neighbours' cluster, not between clusters (pull=100: the attraction
                         leads and reconstruction breaks ties; pull=0 keeps the start and fits by reconstruction alone;
                         neighbours=false ignores the graph). Such a fit takes steps=30 at lr=0.1 unless given.
                         """,
                         positionals: [Parameter("model", .object("Model"), "a trained model with an encoder or per-sample tables (vae, gne, gnd)"),
                                       Parameter("data", .object("Dataset"), "the data to embed")],
                         options: [Parameter("fit", .bool, default: .bool(EmbedOptions().refit), "fit even the training data with the decoder frozen"),
                                   Parameter("steps", .int, "Adam steps per batch when fitting (default: \(fit.steps)), \(pulled.steps) from graph neighbours"),
                                   Parameter("lr", .number, "step size when fitting (default: \(fit.learningRate)), \(pulled.learningRate) from graph neighbours"),
                                   Parameter("lattice", .int, default: .int(fit.latticeSide), "side of the decoded lattice that seeds the fit (0: none)"),
                                   Parameter("neighbours", .bool, default: true, "with a neighbour force: start from and pull towards the new points' graph neighbours"),
                                   Parameter("pull", .number, default: .float(EmbedOptions().pull), "with a neighbour force: weight of the attraction towards those neighbours")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let data = try args.object("data", as: DatasetObject.self)
            var options = EmbedOptions()
            options.refit = try args.bool("fit")
            options.steps = try args.intIfPresent("steps")
            options.learningRate = try args.numberIfPresent("lr").map(Float.init)
            options.fit.latticeSide = try args.int("lattice")
            options.useNeighbours = try args.bool("neighbours")
            options.pull = Float(try args.number("pull"))
            guard options.pull >= 0, options.pull.isFinite else { throw args.invalid("pull", "must be zero or positive") }
            return .object(try Self.embed(object, data, options: options, session: session))
        })

        register(Command("generate", group: "Models", summary: "Decodes a lattice (grid=N), prior draws (count=N) or given points; kaleido samples by iteration.",
                         details: """
                         grid=12 decodes a 12x12 lattice over the embedding's central box (quantile=0.05 trims 5% per side;
                         G-NeuroDAVIS uses 0.2). count=64 draws from the prior (gnd/vae: N(0, I); gne: training points plus
                         its training noise). class=3 conditions a supervised gnd. at=E decodes an Embedding's points.
                         kaleido: count chains from noise, burn=50 applications, noise=0.01 per step (chain=true keeps every state);
                         s.settled is the share of chains whose move fell below 1e-3 RMS, s.settle_steps their median step.
                         """,
                         positionals: [Parameter("model", .object("Model"), "a trained model")],
                         options: [Parameter("grid", .int, "lattice side"),
                                   Parameter("count", .int, "number of prior draws or kaleido chains"),
                                   Parameter("class", .oneOf([.int, .list(.int)]), "class(es) for a supervised gnd"),
                                   Parameter("at", .object("Embedding"), "decode these latent points"),
                                   Parameter("quantile", .number, default: .float(Generation.defaultQuantile), "lattice box: quantile..1-quantile of the embedding"),
                                   Parameter("burn", .int, default: .int(iterated.burnIn), "kaleido: burn-in applications"),
                                   Parameter("noise", .number, default: .float(iterated.noise), "kaleido: noise std per step"),
                                   Parameter("chain", .bool, default: .bool(iterated.keepChain), "kaleido: keep every state (plot images shows the chain)")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let model = try object.requireModel()
            if let map = model.asIteratedMap { return try Self.iteratedSamples(map, object, args, session) }
            guard let em = model.asLatent else {
                throw CapabilityError("generate", needs: [.iteratedMap, .latentDecoder], model: model).at("model")
            }
            let conditional = em.asConditional
            var classes: [Int]? = nil
            if args.has("class") {
                guard let conditional else {
                    throw CapabilityError("generate with class=", needs: [.classConditioning], model: model).at("class")
                }
                if let single = args["class"].int { classes = [single] } else { classes = try args.ints("class") }
                for c in classes ?? [] where c < 0 || c >= conditional.conditionClasses {
                    throw args.invalid("class", "must be between 0 and \(conditional.conditionClasses - 1), got \(c)")
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
                let count = try args.intIfPresent("count") ?? Generation.defaultPriorCount
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
            } else if conditional != nil {
                throw args.invalid("class", "is required for a supervised \(model.config.kind.rawValue) model")
            }
            let x = Generation.decode(em, z, classes: classes)
            return .object(SamplesObject(values: x, imageShape: object.imageShape, intended: intended, gridColumns: columns, origin: origin,
                                         latent: z))
        })

        register(Command("infer", group: "Models", dataParallel: .needsWholeData, summary: "Repeated inference with a vae: x -> decode(encode(x)) for N steps, returning the latent paths.",
                         details: """
                         noise=0.3 adds Gaussian noise to the inputs first (denoising analysis). seeds/002 finds that the
                         trajectories approach cluster centres (docs/claims.md measures it on MNIST); print t.moves for the
                         mean step sizes. t[i] is the Embedding of step i + 1 (t[0] the encoded inputs), t.final the last.
                         With labelled data, t.centre_distance is per step the mean distance of the points to their class's
                         centre, t.centre_ratio the mean of that distance over the distance to the nearest other centre
                         (below 1: nearer their own), t.nearest_centre the mean distance to the nearest centre of any class;
                         the centres are the class means of centres=D encoded (e.g. the clean training data), or of step 1.
                         """,
                         positionals: [Parameter("model", .object("Model"), "a trained vae"),
                                       Parameter("data", .object("Dataset"), "starting points")],
                         options: [Parameter("steps", .int, default: 10, "iterations"),
                                   Parameter("noise", .number, default: 0, "std of Gaussian noise added to the inputs"),
                                   Parameter("centres", .object("Dataset"), "labelled data whose encoded class means are the centres"),
                                   Parameter("quiet", .bool, default: false, "print nothing (t.moves holds the step sizes)")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let encoder = try object.require(.encoder, for: "infer") { $0.asEncoder }
            let data = try object.placing(try args.object("data", as: DatasetObject.self), session: session)
            let steps = try args.int("steps")
            guard (1...1000).contains(steps) else { throw args.invalid("steps", "must be between 1 and 1000") }
            let noise = Float(try args.number("noise"))
            guard noise >= 0 else { throw args.invalid("noise", "must be zero or positive") }
            let x = data.allSamples()
            if noise > 0 { for i in 0..<x.count { x.base[i] = min(max(x.base[i] + noise * session.rng.normal(), 0), 1) } }
            let (trajectory, _) = encoder.repeatedInference(x, steps: steps)
            var centres: ClassCentres? = nil
            if let c = try args.objectIfPresent("centres", as: DatasetObject.self)?.dataset {
                guard c.features == data.features else { throw args.invalid("centres", "is \(c.name) with \(c.features) features, \(data.name) has \(data.features)") }
                guard let cl = c.labels else { throw args.invalid("centres", "is \(c.name), which has no labels") }
                centres = try checked { try ClassCentres(points: encoder.encode(c), labels: cl) }
            } else if let labels = data.labels, Set(labels).count >= 2 {
                centres = try checked { try ClassCentres(points: trajectory[0], labels: labels) }
            }
            let t = try checked {
                try TrajectoryObject(steps: trajectory, labels: data.labels, origin: "vae repeated inference" + (noise > 0 ? ", noise \(formatMetric(Double(noise)))" : ""),
                                     centres: centres)
            }
            if try !args.bool("quiet") {
                if !t.stepSizes.isEmpty { session.print("moves per step: " + t.stepSizes.map { formatMetric($0) }.joined(separator: " ")) }
                if !t.centreDistances.isEmpty {
                    session.print("distance to the class centre per step: " + t.centreDistances.map { formatMetric($0) }.joined(separator: " ")
                                  + " (ratio to the nearest other centre: " + t.centreRatios.map { formatMetric($0) }.joined(separator: " ") + ")")
                }
            }
            return .object(t)
        })
    }

    /// The embedding of `data` by `object`'s model: the encoder's means (vae); the tables (gne, gnd) for the
    /// data the model was built for, unless `options.refit`; else a fit with the decoder frozen. A model
    /// that can do neither is refused in the name of `request`, at its `argument`.
    static func embed(_ object: ModelObject, _ data: DatasetObject, options: EmbedOptions = EmbedOptions(),
                      session: Session, request: String = "embed", argument: String = "model") throws -> EmbeddingObject {
        let model = try object.requireModel()
        var dataset = data.dataset
        let origin = "\(model.config.kind.rawValue) on \(dataset.name)"
        if let encoder = model.asEncoder {
            dataset = try object.placing(data, session: session)
            return EmbeddingObject(points: encoder.encode(dataset), labels: dataset.labels, labelNames: dataset.labelNames, origin: origin)
        }
        guard let tables = model.asTables else {
            throw CapabilityError(request, needs: [.encoder, .tables], model: model).at(argument)
        }
        try checked { try options.fitOptions(pulled: false).validate(); try options.fitOptions(pulled: true).validate() }   // even when no fit is needed
        // a loaded model knows its training data by the digest its checkpoint stored (older files: by the row count)
        let isTrainingData = object.trainingData === data || (object.trainingData == nil && dataset.count == model.tableRows
            && object.trainingDigest.map { $0 == dataset.contentDigest } ?? true)
        if !options.refit, isTrainingData, let table = tables.trainingEmbedding {
            return EmbeddingObject(points: table, labels: dataset.labels, labelNames: dataset.labelNames,
                                   highlighted: tables.pinnedRows, origin: origin)
        }
        dataset = try object.placing(data, session: session)
        let t0 = Date()
        let pull = options.useNeighbours ? try checked { try model.asLayoutForce?.neighbourPull(for: dataset, weight: options.pull) } : nil
        let fit = options.fitOptions(pulled: pull != nil)
        let z = try LabelRangeError.naming(dataset.name) {
            try tables.fitFrozen(dataset, options: fit, classes: dataset.labels, pull: pull, shouldStop: { session.interrupt.isSet })
        }
        try session.interrupt.check()
        if session.setting("timings").bool ?? true {
            let how = pull.map { "from \($0.k) graph neighbours each, pull \(formatMetric(Double($0.weight))), " } ?? ""
            session.print("fitted \(dataset.count) points with the decoder frozen " + how + String(format: "in %.1f s", Date().timeIntervalSince(t0)))
        }
        return EmbeddingObject(points: z, labels: dataset.labels, labelNames: dataset.labelNames, origin: origin + " (frozen fit)")
    }

    /// Samples of an iterated map (kaleido): the final states, or a film strip of the chains with chain=true.
    static func iteratedSamples(_ map: IteratedMapModel, _ object: ModelObject, _ args: Arguments, _ session: Session) throws -> Value {
        var options = IteratedSamplingOptions()
        options.count = try args.intIfPresent("count") ?? (try args.intIfPresent("grid")).map { try Lattice.pointCount(side: $0) } ?? options.count
        options.burnIn = try args.int("burn")
        options.noise = Float(try args.number("noise"))
        options.keepChain = try args.bool("chain")
        let result = try checked { try map.sample(options, rng: &session.rng) }
        let settled = result.settleSteps.compactMap { $0 }.sorted()
        var line = "kaleidoscopic sampling: \(options.count) chains, \(options.burnIn) burn-in steps"
        if settled.isEmpty { line += "; no chain settled (moves stay above 1e-3 RMS, as expected with noise \(formatMetric(Double(options.noise))))" } else {
            line += "; \(settled.count) settled, median after \(settled[settled.count / 2]) steps"
        }
        session.print(line)
        if options.keepChain {
            let strip = result.filmStrip()          // every state of the first chains, one row per chain
            return .object(SamplesObject(values: strip.images, imageShape: object.imageShape, gridColumns: strip.columns,
                                         origin: "kaleido chains, every \(strip.stride) steps"))
        }
        return .object(SamplesObject(values: result.samples, imageShape: object.imageShape, origin: "kaleido samples after \(options.burnIn) steps",
                                     settleSteps: result.settleSteps))
    }
}

/// What `embed` does: the frozen fit's settings, and whether to fit even the data the tables were learned on.
struct EmbedOptions {
    /// Fit the training data too, instead of returning the learned table.
    var refit = false
    /// The frozen-decoder fit (its steps and step size unless given below).
    var fit = FitOptions()
    /// Steps and step size given by the caller; nil: the fit's, or `NeighbourPull.defaultFit`'s when pulled.
    var steps: Int?, learningRate: Float?
    /// With a neighbour force: start new points from their graph neighbours and pull them towards them.
    var useNeighbours = true
    /// The weight of that pull (`NeighbourPull.weight`).
    var pull: Float = NeighbourPull.defaultWeight

    /// The fit's settings, with the pulled defaults for a fit from graph neighbours.
    func fitOptions(pulled: Bool) -> FitOptions {
        var o = fit
        if pulled { o.steps = NeighbourPull.defaultFit.steps; o.learningRate = NeighbourPull.defaultFit.learningRate }
        if let steps { o.steps = steps }
        if let learningRate { o.learningRate = learningRate }
        return o
    }
}
