import Foundation
import LatentCore

/// The k nearest neighbours of every training sample in data space, (n, k) row-major indices.
///
/// Built once outside the model (LatentEval's kNN on a PCA projection) and handed to `NeighbourTerm`.
public struct NeighbourGraph: Sendable {
    /// Neighbours per sample.
    public let k: Int
    /// Row-major (n, k) neighbour indices, nearest first, self excluded.
    public let indices: [Int32]

    /// A graph of `k` neighbours per row; `indices.count` must be a multiple of `k`.
    public init(k: Int, indices: [Int32]) {
        precondition(k >= 1 && indices.count % k == 0, "neighbour indices must be n x k")
        self.k = k
        self.indices = indices
    }

    /// Number of samples n.
    public var count: Int { indices.count / k }
}

/// An optional neighbour-preserving force on an embedding table, trained jointly with reconstruction
/// (GNE paper, future work 1). For each batch row i it samples `attractive` graph neighbours j and
/// `repulsive` uniformly random rows l, with the UMAP-style similarity q(d) = 1 / (1 + d²):
///
///     L_i = weight · [ Σ_j -log q(|e_i - e_j|) + Σ_l -log(1 - q(|e_i - e_l|)) ] / B
///
/// Gradients flow into row i only (over an epoch every row is a batch row, so pairs pull both ways).
public struct NeighbourTerm: Sendable {
    /// The data-space kNN graph.
    public var graph: NeighbourGraph
    /// Strength relative to the reconstruction loss (0 disables it).
    public var weight: Float
    /// Graph neighbours sampled per row and step.
    public var attractive: Int = 5
    /// Random rows pushed away per row and step.
    public var repulsive: Int = 5
    /// The force's form.
    public var form: Form = .smooth
    /// Length that counts as "near" in the UMAP form: distances are measured in units of it. GNE's training
    /// noise (0.1) sets the scale at which its decoder tells points apart, so that is the default.
    public var length: Float = 0.1

    /// How neighbours act on a row.
    public enum Form: String, Sendable, Codable {
        /// Quadratic pull towards the mean of the row's k graph neighbours, L = |e_i - mean_j e_j|²: a graph
        /// Laplacian smoothness prior; reconstruction keeps points apart, so no repulsion and no scale drift.
        case smooth
        /// UMAP-style sampled attraction and repulsion with q(d) = 1/(1+d²).
        case umap
    }

    /// A term with the given graph and weight.
    public init(graph: NeighbourGraph, weight: Float) {
        self.graph = graph
        self.weight = weight
    }

    /// Adds the term's gradient for the batch rows to `grad` (B, k) and returns the term's loss.
    func accumulate(table: Matrix, rows: UnsafeBufferPointer<Int>, grad: Matrix, rng: inout Rng) -> Float {
        let b = rows.count, dims = table.cols, n = table.rows
        guard weight > 0, b > 0 else { return 0 }
        let scale = weight / Float(b)
        var loss: Float = 0
        let kk = graph.k
        if form == .smooth {
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
        for (r, i) in rows.enumerated() {
            let ei = table.row(i), g = grad.row(r)
            for s in 0..<(attractive + repulsive) {
                let isAttractive = s < attractive
                let j = isAttractive ? Int(graph.indices[i * kk + rng.int(below: kk)]) : rng.int(below: n)
                if j == i { continue }
                let ej = table.row(j)
                let inv = 1 / length
                var d2: Float = 0
                for c in 0..<dims { let t = (ei[c] - ej[c]) * inv; d2 += t * t }
                // attractive: d/de_i -log(1/(1+d²)) = 2(e_i - e_j)/(1+d²)
                // repulsive:  d/de_i -log(d²/(1+d²)) = -2(e_i - e_l)/(d²(1+d²))  (d² floored at 1e-3)
                let coefficient: Float
                if isAttractive {
                    coefficient = 2 / (1 + d2)
                    loss += logf(1 + d2)
                } else {
                    let dd = max(d2, 1e-3)
                    coefficient = -2 / (dd * (1 + dd))
                    loss -= logf(dd / (1 + dd))
                }
                // each pair's pull or push is clipped to [-4, 4] per coordinate, as UMAP does, so that
                // near-coincident random pairs cannot fling points away
                for c in 0..<dims { g[c] += scale * inv * min(max(coefficient * (ei[c] - ej[c]) * inv, -4), 4) }
            }
        }
        return loss * scale
    }
}

