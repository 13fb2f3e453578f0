import LatentCore
import LatentNeighbours

/// New points' neighbours among a model's training rows, for placing them on the map the neighbour force
/// trained (UMAP's `transform`): each new point starts at the membership-weighted mean of
/// its neighbours' table rows, and `fitFrozen` adds an attraction towards each of those rows to the
/// reconstruction loss, L_r = recon_r + weight · sum_t w_rt · (-log q(|z_r - e_t| / length)), with the
/// layout's curve q. The attraction saturates with distance, so a point whose neighbours straddle two
/// clusters settles in the one holding most of their membership instead of between them.
public struct NeighbourPull: Sendable {
    /// The default weight: the attraction dominates and reconstruction breaks its ties (MNIST, 2-D map of
    /// scripts/quality/mnist-transform-train.latent: test kNN 0.945 at 0, 0.948 at 3, 0.960 at 30, 0.964 at 100).
    public static let defaultWeight: Float = 100
    /// Frozen-fit settings for a pulled fit: the start is already close, so fewer, larger steps than a fit
    /// from a lattice (MNIST: 30 steps at 0.1 score as 150 at 0.02, in a third of the time).
    public static var defaultFit: FitOptions {
        var o = FitOptions(); o.steps = 30; o.learningRate = 0.1; return o
    }

    /// Neighbours per new point.
    public let k: Int
    /// Row-major (m, k) training rows nearest to each new point in the graph's data space.
    public let indices: [Int32]
    /// Row-major (m, k) memberships exp(-(d - rho) / sigma) of those neighbours, as the fuzzy graph's.
    public let memberships: [Float]
    /// The training positions (n, dims) the new points are pulled towards (a copy).
    public let positions: Matrix
    /// Strength of the attraction relative to the per-sample reconstruction error (0: start only).
    public var weight: Float
    /// The layout's similarity curve and its table units per layout unit.
    public let curve: LayoutCurve, length: Float

    /// Number of new points m.
    public var count: Int { indices.count / k }

    /// The pull of new points with (m, k) `neighbours` among `positions` (n, dims).
    public init(neighbours: Neighbors, positions: Matrix, weight: Float, curve: LayoutCurve, length: Float) {
        k = neighbours.k
        indices = neighbours.indices
        memberships = FuzzyGraph.memberships(k: neighbours.k, distances: neighbours.distances)
        self.positions = positions
        self.weight = weight
        self.curve = curve
        self.length = length
    }

    /// The starting points (m, dims): each new point's membership-weighted mean of its neighbours' rows.
    public func start() -> Matrix {
        let m = count, dims = positions.cols
        let z = Matrix(rows: m, cols: dims)
        for r in 0..<m {
            let zr = z.row(r)
            var total: Float = 0
            for t in 0..<k {
                let w = memberships[r * k + t], e = positions.row(Int(indices[r * k + t]))
                total += w
                for c in 0..<dims { zr[c] += w * e[c] }
            }
            for c in 0..<dims { zr[c] /= max(total, .leastNormalMagnitude) }
        }
        return z
    }

    /// Adds the attraction's gradient for new points `first ..< first + b` at `z` (b, dims) to `grad` (b, dims).
    func accumulate(z: Matrix, first: Int, grad: Matrix) {
        guard weight > 0 else { return }
        let dims = positions.cols, inv2 = 1 / (length * length)
        for r in 0..<z.rows {
            let zr = z.row(r), g = grad.row(r), i = first + r
            for t in 0..<k {
                let e = positions.row(Int(indices[i * k + t]))
                var d2: Float = 0
                for c in 0..<dims { let u = zr[c] - e[c]; d2 += u * u }
                // d/dz of -log q(y), y = z / length: c (z - e) / length^2
                let s = weight * memberships[i * k + t] * curve.attraction(d2: d2 * inv2).coefficient * inv2
                for c in 0..<dims { g[c] += s * (zr[c] - e[c]) }
            }
        }
    }
}

extension LayoutForceModel {
    /// The pull of the rows of `data` towards their neighbours among the training rows, found in the data
    /// space the force's graph was built in; nil when the model has no force or the force kept no space.
    public func neighbourPull(for data: SampleSource, weight: Float) throws -> NeighbourPull? {
        guard let term = neighbourTerm, let space = term.space, let table = trainingEmbedding else { return nil }
        guard weight >= 0, weight.isFinite else { throw ConfigError("pull must be zero or positive, got \(weight)", option: "pull") }
        guard space.points.rows == table.rows else {
            throw ConfigError("the neighbour graph's space holds \(space.points.rows) training rows, but the table has \(table.rows)")
        }
        if let d = space.features, d != data.featureCount {
            throw TrainingError.featureCountMismatch(expected: d, got: data.featureCount)
        }
        let k = min(term.graph.k, table.rows)
        return NeighbourPull(neighbours: try space.neighbours(of: data, k: k), positions: table, weight: weight,
                             curve: term.curve, length: term.length)
    }
}
