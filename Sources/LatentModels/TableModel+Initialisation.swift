import LatentCore
import LatentNeighbours

extension TableModel {
    /// Copies `points` (n, k) into the position table, each dimension standardised to mean 0 and standard
    /// deviation 1, and restarts the table's Adam moments (GNE paper: an initial embedding, e.g. PCA or a
    /// VAE's, lowered ImageNet MSE 0.376 -> 0.322). Throws when `points` is not the table's shape.
    public func initialisePositions(_ points: Matrix) throws {
        let table = positions.table
        guard points.rows == table.value.rows, points.cols == table.value.cols else {
            throw ConfigError("the initial embedding is \(points.rows)x\(points.cols), the model's table is \(table.value.rows)x\(table.value.cols)", option: "init")
        }
        let k = points.cols, n = points.rows
        for j in 0..<k {
            var mean = 0.0, sq = 0.0
            for r in 0..<n { mean += Double(points[r, j]) }
            mean /= Double(max(n, 1))
            for r in 0..<n { let d = Double(points[r, j]) - mean; sq += d * d }
            let std = max((sq / Double(max(n, 1))).squareRoot(), 1e-12)
            for r in 0..<n { table.value[r, j] = Float((Double(points[r, j]) - mean) / std) }
        }
        table.resetMoments()
    }
}

/// How `initialiseSpectral` started a table.
public enum SpectralStart: Sendable, Equatable {
    /// At the spectral layout, found in this many solver iterations.
    case spectral(iterations: Int)
    /// At the fallback (PCA), for the reason given (a sentence).
    case fallback(reason: String)
}

extension TableModel {
    /// Starts the positions at the spectral layout of `graph`'s fuzzy graph (UMAP's default init: the
    /// normalised Laplacian's eigenvectors for its 2nd to (k+1)th smallest eigenvalues, scaled to [-10, 10]),
    /// then standardised per dimension like any initial embedding. When the graph is disconnected, or the
    /// eigen solver does not converge, starts at `fallback()` (n, k) instead and says why. `seed` draws
    /// the solver's start.
    public func initialiseSpectral(_ graph: NeighbourGraph, seed: UInt64, fallback: () throws -> Matrix) throws -> SpectralStart {
        let f = graph.fuzzy
        guard f.count == tableRows else {
            throw ConfigError("init=spectral needs a neighbour graph with distances over the table's \(tableRows) rows", option: "init")
        }
        let reason: String
        switch try SpectralLayout.compute(f, dims: dims, seed: seed) {
        case .layout(let points, let iterations, _):
            try initialisePositions(points)
            return .spectral(iterations: iterations)
        case .disconnected(let components):
            reason = "the neighbour graph has \(components) connected components"
        case .notConverged(let iterations, let residual):
            reason = "the eigen solver did not converge in \(iterations) iterations (residual \(residual))"
        }
        try initialisePositions(try fallback())
        return .fallback(reason: reason)
    }
}
