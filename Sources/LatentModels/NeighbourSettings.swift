import Foundation
import LatentCore
import LatentNeighbours

/// How a neighbour force is built from training data: the settings `neighbours` takes, with their defaults
/// in one place. `neighbours m d` reads its option defaults from here, and `train` builds a gne or gnd map's
/// force from `NeighbourSettings()` when the model has none (ModelConfig.plain false), so the automatic
/// force is always the force `neighbours` gives with no options.
public struct NeighbourSettings: Sendable {
    /// `umap`: the layout's step size (1 = UMAP's learning rate); `smooth`: strength against reconstruction.
    /// Nil: the default for the force's place on the spectrum (`NeighbourTerm.Defaults.weight(exaggeration:)`).
    public var weight: Float? = nil
    /// Graph neighbours per point (UMAP's n_neighbors).
    public var k = 15
    /// PCA dimensions the graph is built in (0: the raw features; fewer features than this: the raw features).
    public var pcaDimensions = 50
    /// kNN search: exact, NN-descent, or auto (NN-descent above `KNNGraph.approximateAbove` points).
    public var graph: KNNGraph.Method = .auto
    /// How neighbours act.
    public var form: NeighbourTerm.Form = .umap
    /// `umap`: epochs over which the step size falls to 0 (0: those of the next train call).
    public var decayEpochs = 0
    /// `umap`: random rows pushed away per pulled edge; nil: the default for the force's place on the spectrum.
    public var negatives: Int? = nil
    /// `umap`: distance up to which neighbours count as identical (UMAP's min_dist; the curve is fitted to it).
    public var minDistance: Float = 0.1
    /// `umap`: table units per layout unit (the term's default).
    public var length = NeighbourTerm.defaults.length
    /// `umap`: the attraction-repulsion spectrum (0: UMAP's curve, 1: t-SNE's forces); nil: by the data's size
    /// (`NeighbourTerm.Defaults.exaggeration(points:)`).
    public var exaggeration: Float? = nil
    /// `umap` with exaggeration >= 1: the kernel's tail (1: Cauchy, t-SNE's).
    public var tail = NeighbourTerm.Defaults.tail
    /// `umap` with exaggeration >= 1: first epochs of early exaggeration.
    public var earlyEpochs = NeighbourTerm.Defaults.earlyEpochs

    /// The defaults.
    public init() {}

    /// Throws a sentence naming the first invalid setting, with the option's name.
    public func validate() throws {
        if let weight { guard weight >= 0, weight.isFinite else { throw ConfigError("weight must be zero or positive", option: "weight") } }
        guard (1...100).contains(k) else { throw ConfigError("k must be between 1 and 100, got \(k)", option: "k") }
        guard pcaDimensions >= 0 else { throw ConfigError("pca must be zero or more, got \(pcaDimensions)", option: "pca") }
        if let negatives, !(0...NeighbourTerm.maxNegatives).contains(negatives) {
            throw ConfigError("negatives must be between 0 and \(NeighbourTerm.maxNegatives), got \(negatives)", option: "negatives")
        }
        guard decayEpochs >= 0 else { throw ConfigError("decay must be zero or more, got \(decayEpochs)", option: "decay") }
        guard minDistance >= 0, minDistance < 3 else { throw ConfigError("mindist must be between 0 and 3", option: "mindist") }
        guard length > 0, length.isFinite else { throw ConfigError("length must be positive", option: "length") }
    }

    /// The force over `data`'s rows: the kNN graph (in a PCA projection to `pcaDimensions` when the data have
    /// more features), its fuzzy graph and the data space kept for placing new points. The approximate
    /// search's forest draws from a fixed seed (`NeighbourTerm.Defaults.graphSeed`), not the session's, so
    /// maps of different seeds share their graph. Cost: the PCA fit and the kNN search; never an n x n matrix.
    public func term(for data: SampleSource) throws -> NeighbourTerm {
        try validate()
        guard data.sampleCount > k else {
            throw ConfigError("the neighbour graph needs more than k=\(k) points, the data have \(data.sampleCount)", option: "k")
        }
        let dims = pcaDimensions
        let pca = dims > 0 && dims < data.featureCount ? try PCAProjection.fit(data, components: dims) : nil
        let points = try pca.map { try PCAProjection.apply($0, to: data) } ?? data.allSamples()
        let nb = try KNNGraph.selfNeighbors(points, k: k, method: graph, seed: NeighbourTerm.Defaults.graphSeed)
        let exaggeration = self.exaggeration ?? NeighbourTerm.Defaults.exaggeration(points: data.sampleCount)
        let weight = self.weight ?? (form == .umap ? NeighbourTerm.Defaults.weight(exaggeration: exaggeration) : 1)
        var term = NeighbourTerm(graph: NeighbourGraph(nb), weight: weight)
        term.form = form
        term.space = NeighbourSpace(pca: pca, points: points)   // embed finds new points' neighbours in it
        term.negatives = negatives ?? NeighbourTerm.Defaults.negatives(exaggeration: exaggeration)
        term.decayEpochs = decayEpochs
        term.curve = LayoutCurve(minDistance: minDistance)
        term.length = length
        term.spectrum = try NeighbourTerm.Spectrum.setting(exaggeration: exaggeration, tail: tail, earlyEpochs: earlyEpochs)
        try term.validate()
        return term
    }
}

extension NeighbourTerm {
    /// A term with every default (an empty graph): where the settings read the force's own defaults.
    static var defaults: NeighbourTerm { NeighbourTerm(graph: NeighbourGraph(Neighbors(k: 1, indices: [], distances: [])), weight: 1) }
}
