import LatentCore
import LatentNeighbours

/// An optional neighbour-preserving force on an embedding table, trained jointly with reconstruction
/// (GNE paper, future work 1). Two forms:
///
/// - `smooth`: a graph-Laplacian prior added to the reconstruction loss, L_i = weight · |e_i - mean_j e_j|² / B,
///   whose gradient goes through the model's optimiser with the reconstruction gradient.
/// - `umap`: a UMAP-style layout (see `NeighbourTerm+Layout.swift`): after each optimiser step, edges of the
///   fuzzy graph at the batch rows are sampled in proportion to their weight and move both ends together,
///   each followed by `negatives` random rows pushed away from the batch row; plain clipped SGD steps of
///   size `weight` (1 = UMAP's learning rate), decaying linearly to 0 over `decayEpochs`.
public struct NeighbourTerm: Sendable {
    /// The data-space kNN graph (the `umap` form needs its fuzzy graph, i.e. one built with distances).
    public var graph: NeighbourGraph
    /// `smooth`: strength relative to the reconstruction loss; `umap`: initial layout step size (0 disables it).
    public var weight: Float
    /// The force's form.
    public var form: Form = .smooth
    /// `umap`: random rows pushed away from the batch row per sampled edge (UMAP: 5).
    public var negatives: Int = 5
    /// `umap`: the similarity curve q(d) in layout units (UMAP's defaults, min_dist 0.1, spread 1).
    public var curve = LayoutCurve(minDistance: 0.1)
    /// `umap`: table units per layout unit. A PCA-initialised table has unit spread per axis, about UMAP's
    /// own scale, so 1 is the default; larger values spread the clusters relative to GNE's noise (0.1).
    public var length: Float = 1
    /// `umap`: epochs (counted from the term's first step) over which the step size falls linearly from
    /// `weight` to 0, after which reconstruction alone refines the table. 0 lets the next training run set it
    /// so that the decay ends with that run (UMAP's schedule); until then the step size stays at `weight`.
    public var decayEpochs: Int = 0
    /// The data space the graph was built in, to find new points' neighbours (nil: not kept; `embed`
    /// then fits new points by reconstruction alone).
    public var space: NeighbourSpace?
    /// `umap`: training passes over the table seen so far (batch rows / n), for the step-size schedule.
    public internal(set) var epochsDone: Double = 0

    /// How neighbours act on a row.
    public enum Form: String, Sendable, Codable {
        /// Quadratic pull towards the mean of the row's k graph neighbours, L = |e_i - mean_j e_j|²: a graph
        /// Laplacian smoothness prior; reconstruction keeps points apart, so no repulsion and no scale drift.
        case smooth
        /// UMAP-style layout steps on sampled fuzzy-graph edges and random pairs, q = 1/(1 + a d^2b).
        case umap
    }

    /// A term with the given graph and weight.
    public init(graph: NeighbourGraph, weight: Float) {
        self.graph = graph
        self.weight = weight
    }

    /// Throws a sentence naming the first invalid setting.
    public func validate() throws {
        guard weight >= 0, weight.isFinite else { throw ConfigError("weight must be zero or positive, got \(weight)") }
        guard negatives >= 0 else { throw ConfigError("negatives must be zero or more, got \(negatives)") }
        guard length > 0, length.isFinite else { throw ConfigError("length must be positive, got \(length)") }
        guard decayEpochs >= 0 else { throw ConfigError("decay epochs must be zero or more, got \(decayEpochs)") }
        if form == .umap && graph.fuzzy.count != graph.count {
            throw ConfigError("the umap form needs a graph built with neighbour distances")
        }
    }

    /// Throws unless the graph has exactly one row per table row and every neighbour index is a table row
    /// (the graph must be built from the data the model was created for). `dataset` names those data.
    public func check(tableRows: Int, dataset: String? = nil) throws {
        let data = dataset.map { "dataset '\($0)'" } ?? "the data"
        guard graph.count == tableRows else {
            throw TrainingError.graphMismatch("the neighbour graph of \(data) has \(graph.count) points, but the model's table has \(tableRows) rows; build it from the data the model was created for")
        }
        if let bad = graph.indices.first(where: { $0 < 0 || Int($0) >= tableRows }) {
            throw TrainingError.graphMismatch("the neighbour graph of \(data) refers to point \(bad), outside the table's rows 0 to \(tableRows - 1)")
        }
    }

    /// `smooth` form: adds the term's gradient for the batch rows to `grad` (B, k) and returns the term's loss.
    /// The `umap` form contributes no gradient here (0); it moves the table in `layoutStep`.
    func accumulate(table: Matrix, rows: UnsafeBufferPointer<Int>, grad: Matrix) -> Float {
        let b = rows.count, dims = table.cols
        guard form == .smooth, weight > 0, b > 0 else { return 0 }
        let scale = weight / Float(b)
        var loss: Float = 0
        let kk = graph.k
        var mean = [Float](repeating: 0, count: dims)
        for (r, i) in rows.enumerated() {
            let ei = table.row(i), g = grad.row(r)
            for c in 0..<dims { mean[c] = 0 }
            for t in 0..<kk {
                let ej = table.row(Int(graph.indices[i * kk + t]))
                for c in 0..<dims { mean[c] += ej[c] }
            }
            for c in 0..<dims {
                let diff = ei[c] - mean[c] / Float(kk)
                loss += diff * diff
                g[c] += scale * 2 * diff
            }
        }
        return loss * scale
    }
}
