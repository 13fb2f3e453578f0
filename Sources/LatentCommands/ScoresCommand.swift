import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentModels
import LatentNeighbours

/// Per-point scores of a map, one number per row: how badly the model reconstructs each row, and how far
/// each point's map neighbours are from it in data space (`scores m d`).
public final class ScoresObject: ScriptObject {
    /// Squared error per feature of decoding each row's map point (nil for an Embedding, which has no decoder).
    public let error: [Double]?
    /// `NeighbourhoodScore` of each row (1: its map neighbours are its data neighbours; larger: strangers).
    public let outlier: [Double]?
    /// The rows' IDs, when the data have them.
    public let ids: [String]?
    /// What was scored ("gne on digits").
    public let origin: String

    init(error: [Double]?, outlier: [Double]?, ids: [String]?, origin: String) {
        self.error = error
        self.outlier = outlier
        self.ids = ids
        self.origin = origin
    }

    var count: Int { error?.count ?? outlier?.count ?? 0 }
    public static let typeName = "Scores"
    public var summary: String { "\(count) rows (\(origin))" }
    /// A line per score: its mean and the rows of its largest values.
    public var printedText: String? {
        var lines = ["\(typeName): \(summary)"]
        func describe(_ name: String, _ member: String, _ xs: [Double]?) {
            guard let xs, !xs.isEmpty else { return }
            let top = CommandRegistry.order(xs, descending: true).prefix(3)
            let rows = top.map { r in "row \(r)\(ids.map { " ('\($0[r])')" } ?? "") \(formatMetric(xs[r]))" }.joined(separator: ", ")
            lines.append("  \(member): \(name), mean \(formatMetric(xs.reduce(0, +) / Double(xs.count))); largest \(rows)")
        }
        describe("reconstruction error per feature", "error", error)
        describe("map neighbours' data distance / data neighbours'", "outlier", outlier)
        return lines.joined(separator: "\n")
    }
    public func member(_ name: String) -> Value? {
        switch name {
        case "error": return error.map { .numbers($0) } ?? Value.none
        case "outlier": return outlier.map { .numbers($0) } ?? Value.none
        case "ids": return ids.map { .list($0.map { .string($0) }) } ?? Value.none
        case "count": return .int(count)
        default: return nil
        }
    }
    public var memberNames: [String] { ["count", "error", "ids", "outlier"] }
    public var elementCount: Int? { count }
    /// `s[i]`: row i's scores as [error, outlier] (none where a score was not computed).
    public func element(at index: Int) -> Value {
        .list([error.map { .number($0[index]) } ?? .none, outlier.map { .number($0[index]) } ?? .none])
    }
}

extension CommandRegistry {
    /// `scores`: per-point reconstruction error and neighbourhood score.
    func registerScoresCommand() {
        register(Command("scores", group: "Evaluation", dataParallel: .needsWholeData, returns: .object(ScoresObject.self),
                         summary: "Per-point scores: each row's reconstruction error (s.error) and neighbourhood score (s.outlier), as lists.",
                         details: """
                         s.error[i] is the squared error per feature of decoding row i's map point (the model's table for its
                         training data, else embed's frozen fit). s.outlier[i] is the mean data-space distance from row i to its
                         k map neighbours divided by that to its k data neighbours (in a pca=50 projection): 1 when the map
                         keeps the point among its data neighbours, larger when it sits among strangers. Find the worst with
                         top (worst = top s.error 20), look at them (plot images d[worst]), colour the map by a score
                         (plot embedding m color=s.outlier) or select them. An Embedding instead of a model gives s.outlier only.
                         """,
                         positionals: [Scores.model, Scores.data],
                         options: [Scores.k, Scores.pca, Scores.outlier],
                         examples: ["sc = scores m d", "plot images d[top (scores m d).error 20] to \"worst.png\"", "print (top (scores m d k=10).outlier 5)"]) { args, session in
            let data = try args[Scores.data]
            let dataset = data.dataset
            let k = try args[Scores.k], dims = try args[Scores.pca]
            guard k >= 1 && k < dataset.count else { throw args.invalid(Scores.k, "must be between 1 and \(dataset.count - 1) for \(dataset.count) rows, got \(k)") }
            guard dims >= 0 else { throw args.invalid(Scores.pca, "must be zero or more, got \(dims)") }
            let stop = { session.interrupt.isSet }
            var error: [Double]? = nil
            let points: Matrix, origin: String
            if let e = args.value(Scores.model).object as? EmbeddingObject {
                points = e.points; origin = e.origin
            } else {
                let object = try args.object(Scores.model, as: ModelObject.self)
                let e = try Self.embed(object, data, session: session, request: "scores", argument: Scores.model)
                points = e.points; origin = e.origin
                if let latent = try object.requireModel().asLatent {
                    error = ReconstructionError.perRow(latent, data: dataset, embedding: points, classes: dataset.labels, shouldStop: stop)
                    try session.interrupt.check()
                }
            }
            guard points.rows == dataset.count else {
                throw args.invalid(Scores.data, "has \(dataset.count) rows, the embedding \(points.rows) points; give the data it embeds")
            }
            var outlier: [Double]? = nil
            if try args[Scores.outlier] {
                let x = dims > 0 && dims < dataset.features ? try PCAProjection.project(dataset, components: dims) : dataset.allSamples()
                try session.interrupt.check()
                outlier = try NeighbourhoodScore.scores(data: x, embedding: points, k: k, seed: session.seed, shouldStop: stop)
                try session.interrupt.check()
            }
            return .object(ScoresObject(error: error, outlier: outlier, ids: dataset.ids, origin: origin))
        })
    }
}

/// The parameters of `scores`.
private enum Scores {
    static let model = Positional<Value>("model", .oneOf([.object(ModelObject.self), .object(EmbeddingObject.self)]), "a trained model (or an Embedding of the data)")
    static let data = Positional<DatasetObject>("data", "the data the points stand for")
    static let k = Option<Int>("k", default: 15, "neighbours compared per point")
    static let pca = Option<Int>("pca", default: 50, "PCA dimensions the data neighbours are found in (0: raw features)")
    static let outlier = Option<Bool>("outlier", default: true, "compute the neighbourhood score (false: the error only, faster)")
}
