import LatentFiles
import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentNeighbours
import LatentModels

extension CommandRegistry {
    /// `embed`, `generate`, `infer`.
    func registerInferenceCommands() {
        register(Command("embed", group: "Models", dataParallel: .needsWholeData, returns: .object(EmbeddingObject.self), summary: "Embeds a dataset: the learned table for the training data, a frozen-decoder fit for new data.",
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
                         positionals: [Embed.model, Embed.data],
                         options: [Embed.fit, Embed.steps, Embed.lr, Embed.lattice, Embed.neighbours, Embed.pull]) { args, session in
            let object = try args[Embed.model]
            let data = try args[Embed.data]
            var options = EmbedOptions()
            options.refit = try args[Embed.fit]
            options.steps = try args[Embed.steps]
            options.learningRate = try args[Embed.lr].map(Float.init)
            options.fit.latticeSide = try args[Embed.lattice]
            options.useNeighbours = try args[Embed.neighbours]
            options.pull = Float(try args[Embed.pull])
            guard options.pull >= 0, options.pull.isFinite else { throw args.invalid(Embed.pull, "must be zero or positive") }
            return .object(try Self.embed(object, data, options: options, session: session, argument: Embed.model))
        })

        register(Command("generate", group: "Models", summary: "Decodes a lattice (grid=N), prior draws (count=N) or given points; kaleido samples by iteration.",
                         details: """
                         grid=12 decodes a 12x12 lattice over the embedding's central box (quantile=0.05 trims 5% per side;
                         G-NeuroDAVIS uses 0.2). count=64 draws from the prior (gnd/vae: N(0, I); gne: training points plus
                         its training noise). class=3 conditions a supervised gnd. at=[[0.5, -1], [1, 2]] decodes those points (or an
                         Embedding's, or a Dataset's with a column per latent dimension); from=A to=B steps=10 decodes a straight path
                         (interpolation) between two points [x, y] or two rows of the model's table, both ends included.
                         kaleido: count chains from noise, burn=50 applications, noise=0.01 per step (chain=true keeps every state);
                         s.settled is the share of chains whose move fell below 1e-3 RMS, s.settle_steps their median step.
                         """,
                         positionals: [Generate.model],
                         options: [Generate.grid, Generate.count, Generate.`class`, GivenPoints.at, GivenPoints.from, GivenPoints.to, GivenPoints.steps, Generate.quantile, Generate.burn, Generate.noise, Generate.chain],
                         examples: ["g = generate m grid=12", "generate m count=64", "generate c count=16 class=3", "generate k count=8 burn=5 chain=true", "print (generate k count=20 burn=30 noise=0).settled",
                                    "g2 = generate m at=[[0.5, -1], [1, 2]]", "plot images (generate m from=3 to=7 steps=10) to \"path.png\""]) { args, session in
            let object = try args[Generate.model]
            let model = try object.requireModel()
            if let map = model.asIteratedMap { return try Self.iteratedSamples(map, object, args, session) }
            guard let em = model.asLatent else {
                throw CapabilityError("generate", needs: [.iteratedMap, .latentDecoder], model: model).at(Generate.model)
            }
            var classes = try Self.generatedClasses(args, model: model, conditional: em.asConditional)
            var (z, columns, origin) = try Self.latentPoints(args, em, session: session)
            var intended: [Int32]? = nil
            if let cs = classes {
                let perRow = (0..<z.rows).map { cs[$0 % cs.count] }
                intended = perRow.map(Int32.init)
                classes = perRow
                origin += ", class " + (cs.count == 1 ? "\(cs[0])" : "\(cs)")
            } else if em.asConditional != nil {
                throw args.invalid(Generate.`class`, "is required for a supervised \(model.config.kind.rawValue) model")
            }
            try MemoryLimit.require(Double(z.rows) * Double(model.featureCount) * 8, for: "generating \(z.rows) samples of \(model.featureCount) values")
            let x = try Generation.decode(em, z, classes: classes)
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
                         positionals: [Infer.model, Infer.data],
                         options: [Infer.steps, Infer.noise, Infer.centres, Infer.quiet],
                         examples: ["paths = infer v te steps=10 noise=0.3", "print paths.moves", "t = infer v te steps=5 noise=0.4 centres=tr", "print paths.centre_ratio (eval (embed v tr) tr test=paths[2] quiet=true).accuracy"]) { args, session in
            let object = try args[Infer.model]
            let encoder = try object.require(.encoder, for: "infer", at: Infer.model) { $0.asEncoder }
            let data = try object.placing(try args[Infer.data], session: session)
            let steps = try args[Infer.steps]
            guard (1...1000).contains(steps) else { throw args.invalid(Infer.steps, "must be between 1 and 1000") }
            let noise = Float(try args[Infer.noise])
            guard noise >= 0 else { throw args.invalid(Infer.noise, "must be zero or positive") }
            let x = data.allSamples()
            if noise > 0 { for i in 0..<x.count { x.base[i] = min(max(x.base[i] + noise * session.rng.normal(), 0), 1) } }
            let (trajectory, _) = encoder.repeatedInference(x, steps: steps)
            let centres = try Self.inferCentres(args, encoder, data: data, firstStep: trajectory[0])
            let t = try checked {
                try TrajectoryObject(steps: trajectory, labels: data.labels, origin: "vae repeated inference" + (noise > 0 ? ", noise \(formatMetric(Double(noise)))" : ""),
                                     centres: centres)
            }
            if try !args[Infer.quiet] {
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
                      session: Session, request: String = "embed", argument: some ParameterKey) throws -> EmbeddingObject {
        let model = try object.requireModel()
        var dataset = data.dataset
        let origin = "\(model.config.kind.rawValue) on \(dataset.name)"
        if let encoder = model.asEncoder {
            dataset = try object.placing(data, session: session)
            return EmbeddingObject(points: encoder.encode(dataset), labels: dataset.labels, labelNames: dataset.labelNames, origin: origin,
                                   ids: dataset.ids)
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
                                   highlighted: tables.pinnedRows, origin: origin, ids: dataset.ids)
        }
        dataset = try object.placing(data, session: session)   // new rows go through the training data's preprocessing
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
        return EmbeddingObject(points: z, labels: dataset.labels, labelNames: dataset.labelNames, origin: origin + " (frozen fit)",
                               ids: dataset.ids)
    }

    /// `infer`'s class centres: of `centres=` encoded, else of the first step of labelled data (two
    /// classes or more); nil otherwise.
    private static func inferCentres(_ args: Arguments, _ encoder: EncoderModel, data: Dataset, firstStep: Matrix) throws -> ClassCentres? {
        if let c = try args[Infer.centres]?.dataset {
            guard c.features == data.features else { throw args.invalid(Infer.centres, "is \(c.name) with \(c.features) features, \(data.name) has \(data.features)") }
            guard let cl = c.labels else { throw args.invalid(Infer.centres, "is \(c.name), which has no labels") }
            return try checked { try ClassCentres(points: encoder.encode(c), labels: cl) }
        }
        guard let labels = data.labels, Set(labels).count >= 2 else { return nil }
        return try checked { try ClassCentres(points: firstStep, labels: labels) }
    }

    /// `generate`'s `class=`: one class or a list, each checked against the model's classes; nil when not given.
    private static func generatedClasses(_ args: Arguments, model: GenerativeModel, conditional: ConditionalModel?) throws -> [Int]? {
        guard args.has(Generate.`class`) else { return nil }
        guard let conditional else {
            throw CapabilityError("generate with class=", needs: [.classConditioning], model: model).at(Generate.`class`)
        }
        let classes = args.value(Generate.`class`).int.map { [$0] } ?? args.value(Generate.`class`).list?.compactMap(\.int)
        for c in classes ?? [] where c < 0 || c >= conditional.conditionClasses {
            throw args.invalid(Generate.`class`, "must be between 0 and \(conditional.conditionClasses - 1), got \(c)")
        }
        return classes
    }

    /// The latent points `generate` decodes: an Embedding's (`at=`), a lattice (`grid=`) or prior draws
    /// (`count=`), with the lattice's columns and a note of where they came from.
    private static func latentPoints(_ args: Arguments, _ em: EmbeddingModel, session: Session) throws -> (Matrix, Int?, String) {
        if let given = try Self.givenPoints(args, model: em) { return (given.points, nil, given.origin) }
        if let side = try args[Generate.grid] {
            guard (1...64).contains(side) else { throw args.invalid(Generate.grid, "must be between 1 and 64, got \(side)") }
            let q = try args[Generate.quantile]
            guard q >= 0 && q < 0.5 else { throw args.invalid(Generate.quantile, "must be in [0, 0.5), got \(formatMetric(q))") }
            return (Generation.latticePoints(em, side: side, quantile: Float(q)), side, "\(side)x\(side) lattice")
        }
        let count = try args[Generate.count] ?? Generation.defaultPriorCount
        guard (1...1_000_000).contains(count) else { throw args.invalid(Generate.count, "must be between 1 and 1000000, got \(count)") }
        return (Generation.priorPoints(em, count: count, rng: &session.rng), nil, "\(count) prior draws")
    }

    /// Samples of an iterated map (kaleido): the final states, or a film strip of the chains with chain=true.
    static func iteratedSamples(_ map: IteratedMapModel, _ object: ModelObject, _ args: Arguments, _ session: Session) throws -> Value {
        var options = IteratedSamplingOptions()
        options.count = try args[Generate.count] ?? (try args[Generate.grid]).map { try Lattice.pointCount(side: $0) } ?? options.count
        options.burnIn = try args[Generate.burn]
        options.noise = Float(try args[Generate.noise])
        options.keepChain = try args[Generate.chain]
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

/// The parameters of `embed`.
private enum Embed {
    static let model = Positional<ModelObject>("model", "a trained model with an encoder or per-sample tables (vae, gne, gnd)")
    static let data = Positional<DatasetObject>("data", "the data to embed")
    static let fit = Option<Bool>("fit", default: .bool(EmbedOptions().refit), "fit even the training data with the decoder frozen")
    static let steps = Option<Int?>("steps", "Adam steps per batch when fitting (default: \(FitOptions().steps)), \(NeighbourPull.defaultFit.steps) from graph neighbours")
    static let lr = Option<Double?>("lr", "step size when fitting (default: \(FitOptions().learningRate)), \(NeighbourPull.defaultFit.learningRate) from graph neighbours")
    static let lattice = Option<Int>("lattice", default: .int(FitOptions().latticeSide), "side of the decoded lattice that seeds the fit (0: none)")
    static let neighbours = Option<Bool>("neighbours", default: true, "with a neighbour force: start from and pull towards the new points' graph neighbours")
    static let pull = Option<Double>("pull", default: .float(EmbedOptions().pull), "with a neighbour force: weight of the attraction towards those neighbours")
}

/// The parameters of `generate`.
private enum Generate {
    static let model = Positional<ModelObject>("model", "a trained model")
    static let grid = Option<Int?>("grid", "lattice side")
    static let count = Option<Int?>("count", "number of prior draws or kaleido chains")
    static let `class` = Option<Value?>("class", .oneOf([.int, .list(.int)]), "class(es) for a supervised gnd")
    static let quantile = Option<Double>("quantile", default: .float(Generation.defaultQuantile), "lattice box: quantile..1-quantile of the embedding")
    static let burn = Option<Int>("burn", default: .int(IteratedSamplingOptions().burnIn), "kaleido: burn-in applications")
    static let noise = Option<Double>("noise", default: .float(IteratedSamplingOptions().noise), "kaleido: noise std per step")
    static let chain = Option<Bool>("chain", default: .bool(IteratedSamplingOptions().keepChain), "kaleido: keep every state (plot images shows the chain)")
}

/// The parameters of `infer`.
private enum Infer {
    static let model = Positional<ModelObject>("model", "a trained vae")
    static let data = Positional<DatasetObject>("data", "starting points")
    static let steps = Option<Int>("steps", default: 10, "iterations")
    static let noise = Option<Double>("noise", default: 0, "std of Gaussian noise added to the inputs")
    static let centres = Option<DatasetObject?>("centres", "labelled data whose encoded class means are the centres")
    static let quiet = Option<Bool>("quiet", default: false, "print nothing (t.moves holds the step sizes)")
}
