import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentNeighbours
import LatentModels

extension CommandRegistry {
    /// `eval`: classification and neighbourhood scores of embeddings, quality scores of samples.
    func registerEvalCommands() {
        register(Command("eval", group: "Evaluation", dataParallel: .needsWholeData, returns: .object(ReportObject.self), summary: "Scores an embedding (kNN accuracy, P/R/F1, trustworthiness, MSE) or generated samples.",
                         details: """
                         eval m d            the model's embedding of d: k-fold kNN (folds=5) + trustworthiness/continuity
                         eval m d test=t     kNN fitted on d's embedding, scored on t embedded with the decoder frozen
                         eval e d            an Embedding of d (from embed)
                         eval p d            points loaded as a Dataset, one row per row of d (another tool's map:
                                             p = load "umap.npy"), scored as an Embedding of d
                         eval g d test=t     Samples: nearest-real-neighbour distance vs t's, and the share a kNN classifier
                                             on d assigns to the intended class (class-conditional samples)
                         Labelled data also get island_share: per class, the share of its points in the largest connected
                         component of the kNN graph (k=15) of its points on the map, averaged over classes (1: one island each).
                         Samples of labelled data also get the Fréchet score (r.frechet): the Fréchet distance between the
                         samples and (up to 20000 of) d's images in the feature space of a small classifier (d's features
                         -> 256 -> 64) trained on (up to 60000 of) d's labelled images; lower is better. It is trained once
                         and kept in the out folder under feature-classifiers/, named after d and a hash of its contents (a
                         changed dataset trains anew; a damaged file is refused and replaced). With test=t,
                         r.frechet_baseline is the same distance for as many of t's real images as there are samples: what
                         a perfect generator would score, small-sample bias included. Use a thousand samples or more
                         (generate m count=2000); frechet=false skips it.
                         Unlabelled data get trustworthiness, continuity and (for a model) reconstruction MSE, without kNN.
                         Trustworthiness uses a seeded subsample (subsample=5000) so large sets stay fast; trust=0 skips it.
                         """,
                         positionals: [Eval.value, Eval.data],
                         options: [Eval.test, Eval.knn, Eval.folds, Eval.trust, Eval.subsample, Eval.confusion, Eval.frechet, Eval.quiet],
                         examples: ["r = eval m d knn=5", "eval m tr test=te", "eval g tr test=te", "r = eval m d quiet=true", "r = eval (generate v count=300) tr test=te", "print (eval (generate v count=300) tr test=te quiet=true).frechet_baseline"]) { args, session in
            let data = try args[Eval.data]
            let k = try args[Eval.knn]
            guard k >= 1 else { throw args.invalid(Eval.knn, "must be at least 1") }
            var metrics: [String: Double] = [:]
            var lines: [String] = []
            if let samples = args.value(Eval.value).object as? SamplesObject {
                try Self.evalSamples(samples, data: data.dataset, args: args, k: k, session: session, metrics: &metrics, lines: &lines)
            } else {
                try Self.evalMap(data: data, args: args, k: k, session: session, metrics: &metrics, lines: &lines)
            }
            guard !metrics.isEmpty else {
                throw args.invalid(Eval.data, "has no labels and trust=0 skips trustworthiness, so there is nothing to score; give trust=K (K >= 1)")
            }
            if try !args[Eval.quiet] { for l in lines { session.print(l) } }
            return .object(ReportObject(metrics: metrics, text: lines.joined(separator: "\n")))
        })
    }

    /// `eval` of a map of `data` (a model's embedding, an Embedding or points loaded as a Dataset): kNN
    /// classification, reconstruction error (a model), island share (labelled data), trustworthiness and continuity.
    private static func evalMap(data: DatasetObject, args: Arguments, k: Int, session: Session,
                                metrics: inout [String: Double], lines: inout [String]) throws {
        let train: EmbeddingObject
        if let e = args.value(Eval.value).object as? EmbeddingObject { train = e } else if let p = args.value(Eval.value).object as? DatasetObject {
            train = EmbeddingObject(points: p.dataset.allSamples(), labels: data.dataset.labels,
                                    labelNames: data.dataset.labelNames, origin: "points of \(p.dataset.name)")
        } else {
            train = try Self.embed(try args.object(Eval.value, as: ModelObject.self), data, session: session, request: "eval", argument: Eval.value)
        }
        guard train.points.rows == data.dataset.count else {
            throw args.invalid(Eval.data, "has \(data.dataset.count) samples but the embedding has \(train.points.rows) points")
        }
        var testEmbedding: Matrix? = nil
        if let t = args.value(Eval.test).object as? DatasetObject {
            guard let model = args.value(Eval.value).object as? ModelObject else {
                throw args.invalid(Eval.test, "must be an Embedding when scoring an Embedding (embed the test data first)")
            }
            testEmbedding = try Self.embed(model, t, session: session, request: "eval", argument: Eval.value).points
        }
        var report: KNNClassifierReport? = nil
        if let labels = data.dataset.labels {
            report = try Self.classify(train, labels: labels, testEmbedding: testEmbedding, args: args, k: k,
                                       session: session, lines: &lines)
        } else {
            lines.append("\(data.dataset.name) has no labels: no kNN accuracy; scoring neighbourhoods and reconstruction")
        }
        if let model = (args.value(Eval.value).object as? ModelObject)?.model {
            Self.reconstructionError(model, data: data.dataset, embedding: train.points, name: "train",
                                     session: session, metrics: &metrics, lines: &lines)
            if let t = args.value(Eval.test).object as? DatasetObject, let te = testEmbedding,
               let object = args.value(Eval.value).object as? ModelObject {
                Self.reconstructionError(model, data: try object.placing(t, session: session), embedding: te, name: "test",
                                         session: session, metrics: &metrics, lines: &lines)
            }
        }
        if let report { try Self.record(report, args: args, session: session, metrics: &metrics, lines: &lines) }
        if let labels = data.dataset.labels {
            let island = try checked { try IslandShare.evaluate(embedding: train.points, labels: labels) }
            metrics["island_share"] = island.share
            lines.append("island share \(formatMetric(island.share)) (per class, the share of its points in the largest component of its k=\(IslandShare.defaultK) kNN graph on the map, mean over \(island.classes.count) classes; \(island.components.filter { $0 > 1 }.count) of them in more than one piece)")
        }
        let trustK = try args[Eval.trust]
        if trustK > 0 {
            let m = min(try args[Eval.subsample], train.points.rows)
            guard m > 2 * trustK else { throw args.invalid(Eval.subsample, "must exceed twice trust=\(trustK)") }
            let rows = session.rng.subsample(train.points.rows, m)
            let np = try NeighborhoodPreservation.evaluate(data: data.dataset.sampleRows(rows),
                                                           embedding: train.points.gatherRows(rows), k: trustK)
            metrics["trustworthiness"] = np.trustworthiness
            metrics["continuity"] = np.continuity
            lines.append("trustworthiness \(formatMetric(np.trustworthiness))  continuity \(formatMetric(np.continuity))  (k=\(trustK), \(m) points)")
        }
    }

    /// k-nearest-neighbour classification of `train` (labelled `labels`): on the test set when `test=`
    /// gives one (a Dataset, embedded as `testEmbedding`, or an Embedding), else by cross-validation;
    /// adds the line saying which.
    static func classify(_ train: EmbeddingObject, labels: [Int32], testEmbedding: Matrix?, args: Arguments, k: Int,
                         session: Session, lines: inout [String]) throws -> KNNClassifierReport {
        let report: KNNClassifierReport
        switch args.value(Eval.test).object {
        case let t as DatasetObject:
            guard let te = testEmbedding else { throw args.invalid(Eval.test, "could not be embedded") }
            guard let tl = t.dataset.labels else { throw args.invalid(Eval.test, "has no labels") }
            report = try KNNClassifierReport.evaluate(train: train.points, trainLabels: labels, test: te, testLabels: tl, k: k)
            lines.append("kNN (k=\(k)) fitted on \(train.points.rows) points, scored on \(te.rows) test points")
        case let te as EmbeddingObject:
            guard let tl = te.labels else { throw args.invalid(Eval.test, "has no labels") }
            report = try KNNClassifierReport.evaluate(train: train.points, trainLabels: labels, test: te.points, testLabels: tl, k: k)
            lines.append("kNN (k=\(k)) fitted on \(train.points.rows) points, scored on \(te.points.rows) test points")
        default:
            let folds = try args[Eval.folds]
            guard folds >= 2 && folds <= train.points.rows else { throw args.invalid(Eval.folds, "must be between 2 and the number of points") }
            report = try KNNClassifierReport.crossValidate(data: train.points, labels: labels, k: k, folds: folds, rng: &session.rng)
            lines.append("kNN (k=\(k)), \(folds)-fold cross-validation on \(train.points.rows) points")
        }
        return report
    }

    /// The scores of a kNN classification: metrics, a line of them, the confusion matrix when asked.
    static func record(_ report: KNNClassifierReport, args: Arguments, session: Session,
                       metrics: inout [String: Double], lines: inout [String]) throws {
        metrics["accuracy"] = report.accuracy
        metrics["precision"] = report.macroPrecision
        metrics["recall"] = report.macroRecall
        metrics["f1"] = report.macroF1
        if let warning = report.classCountWarning { session.printError("warning: \(warning)") }
        lines.append("accuracy \(formatMetric(report.accuracy))  macro precision \(formatMetric(report.macroPrecision))  recall \(formatMetric(report.macroRecall))  F1 \(formatMetric(report.macroF1))")
        if try args[Eval.confusion] { lines.append(report.description) }
    }

    /// Reports the per-feature squared error of decoding `embedding` against `data` (a seeded subsample),
    /// when the model decodes without a class.
    static func reconstructionError(_ model: GenerativeModel, data: Dataset, embedding: Matrix, name: String,
                                    session: Session, metrics: inout [String: Double], lines: inout [String]) {
        guard let latent = model.asLatent,
              let r = ReconstructionError.measure(latent, data: data, embedding: embedding, rng: &session.rng) else { return }
        metrics["mse_\(name)"] = r.mse
        lines.append("reconstruction MSE per feature (\(name), \(r.samples) samples): \(formatMetric(r.mse))")
    }

    /// Scores of generated samples against the real `data`: the Fréchet score (labelled data), the nearest-real
    /// distance beside the test set's (test=), and the share a kNN classifier recognises.
    static func evalSamples(_ samples: SamplesObject, data: Dataset, args: Arguments, k: Int, session: Session,
                            metrics: inout [String: Double], lines: inout [String]) throws {
        let test = args.value(Eval.test).object as? DatasetObject
        try checkPairing(samples, data, argument: Eval.data, args: args)
        if let t = test { try checkPairing(samples, t.dataset, argument: Eval.test, args: args) }
        let cap = 20_000
        let trainRows = session.rng.subsample(data.count, cap)
        let real = data.sampleRows(trainRows)
        if try args[Eval.frechet] {
            try frechet(samples, data: data, real: real, test: test?.dataset, args: args, session: session, metrics: &metrics, lines: &lines)
        }
        if let t = test {
            let testRows = session.rng.subsample(t.dataset.count, min(cap, 5000))
            let d = try NearestRealDistance.evaluate(generated: samples.values, train: real, test: t.dataset.sampleRows(testRows))
            metrics["generated_distance"] = d.generatedMean
            metrics["test_distance"] = d.testMean
            metrics["distance_ratio"] = d.meanRatio
            lines.append("nearest real neighbour: generated \(formatMetric(d.generatedMean)), test \(formatMetric(d.testMean)), ratio \(formatMetric(d.meanRatio)) (mean Euclidean distance to \(real.rows) real samples)")
        }
        if let labels = data.labels {
            let realLabels = trainRows.map { labels[$0] }
            let share = try ClassShare.evaluate(generated: samples.values, realData: real,
                                                realLabels: realLabels, intended: samples.intended, k: k)
            let threshold = ConfidentShare.defaultThreshold
            let confidentShare = try ConfidentShare.evaluate(generated: samples.values, realData: real, realLabels: realLabels,
                                                             k: k, threshold: threshold)
            metrics["confident_share"] = confidentShare
            lines.append("\(formatMetric(confidentShare)) of the samples are recognised confidently (at least \(Int((threshold * 100).rounded()))% of their \(k) nearest real neighbours share a class)")
            if let s = share.intendedShare {
                metrics["class_share"] = s
                lines.append("a kNN classifier (k=\(k)) on real data assigns \(formatMetric(s)) of the samples to their intended class")
            } else {
                let counts = share.counts.enumerated().map { "\(share.classes[$0.offset]):\($0.element)" }.joined(separator: " ")
                lines.append("kNN (k=\(k)) classes of the samples: \(counts)")
            }
        }
    }

    /// Refuses samples whose width is not `data`'s, naming both (e.g. 8x8 samples scored against 28x28 images).
    static func checkPairing(_ samples: SamplesObject, _ data: Dataset, argument: some ParameterKey, args: Arguments) throws {
        guard samples.values.cols != data.features else { return }
        func shape(_ s: (height: Int, width: Int)?) -> String { s.map { " (\($0.height)x\($0.width) images)" } ?? "" }
        throw args.invalid(argument, "is \(data.name) with \(data.features) features\(shape(data.imageShape)), but the samples "
            + "(\(samples.origin)) have \(samples.values.cols)\(shape(samples.imageShape)): score samples against the data their model was trained on")
    }

    /// The Fréchet score of `samples` against `real` (rows of `data`) in the cached classifier's feature space,
    /// and beside it the score of as many of `test`'s images (when given).
    static func frechet(_ samples: SamplesObject, data: Dataset, real: Matrix, test: Dataset?, args: Arguments, session: Session,
                        metrics: inout [String: Double], lines: inout [String]) throws {
        guard let labels = data.labels else {
            lines.append("\(data.name) has no labels: no Fréchet score (its feature classifier learns the labels)")
            return
        }
        guard Set(labels).count >= 2 else {
            lines.append("\(data.name) has one class: no Fréchet score (its feature classifier needs at least 2)")
            return
        }
        let n = samples.values.rows
        guard n >= 2 else {
            lines.append("1 sample: no Fréchet score (it needs at least 2)")
            return
        }
        let classifier = try checked { try FeatureClassifierCache.classifier(for: data, labels: labels, session: session, notes: &lines) }
        // the baseline's rows come from a fixed stream, so adding the score leaves the session's draws as they were
        var rng = Rng(seed: 0x4652_4543)
        let testRows = test.map { rng.subsample($0.count, n) }
        let (generated, baseline): (Double, Double?) = try checked {
            if let t = test, let rows = testRows {
                let score = try FrechetScore.evaluate(generated: samples.values, test: t.sampleRows(rows), train: real, classifier: classifier)
                return (score.generated, score.baseline)
            }
            return (try FrechetDistance.distance(classifier.features(samples.values), classifier.features(real)), nil)
        }
        metrics["frechet"] = generated
        var line = "Fréchet score \(formatMetric(generated)) (\(n) samples vs \(real.rows) real images, \(classifier.featureSize) classifier features)"
        if let baseline, let rows = testRows {
            metrics["frechet_baseline"] = baseline
            line += "; real test images score \(formatMetric(baseline)) (\(rows.count) of them)"
        }
        lines.append(line)
    }
}

/// The parameters of `eval`.
private enum Eval {
    static let value = Positional<Value>("value", .oneOf([.object(ModelObject.self), .object(EmbeddingObject.self), .object(SamplesObject.self), .object(DatasetObject.self)]), "what to score")
    static let data = Positional<DatasetObject>("data", "the data it embeds (or the real data, for samples)")
    static let test = Option<Value?>("test", .oneOf([.object(DatasetObject.self), .object(EmbeddingObject.self)]), "held-out data (or its embedding)")
    static let knn = Option<Int>("knn", default: 5, "neighbours of the kNN classifier")
    static let folds = Option<Int>("folds", default: 5, "cross-validation folds when there is no test set")
    static let trust = Option<Int>("trust", default: 10, "k of trustworthiness and continuity (0: skip)")
    static let subsample = Option<Int>("subsample", default: 5000, "points used for trustworthiness")
    static let confusion = Option<Bool>("confusion", default: false, "print the confusion matrix and per-class scores")
    static let frechet = Option<Bool>("frechet", default: true, "Samples: the Fréchet score in a classifier's feature space")
    static let quiet = Option<Bool>("quiet", default: false, "print nothing (the report's members hold the scores)")
}
