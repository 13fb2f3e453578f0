import LatentCore

/// A spectral layout of a weighted graph, UMAP's default initialisation: the
/// eigenvectors of the symmetric normalised Laplacian L = I - D^-1/2 W D^-1/2 for its 2nd to (dims+1)th
/// smallest eigenvalues, one coordinate each, scaled so that the largest |coordinate| is 10 (as UMAP's
/// `spectral_layout`). Those are the largest eigenvectors of A = D^-1/2 W D^-1/2 orthogonal to its top one,
/// D^1/2 1 (eigenvalue 1), found by LOBPCG on the sparse graph: memory O(n (edges per row + dims)).
///
/// A disconnected graph has eigenvalue 1 once per component, so its layout would only say which
/// component a point is in: then there is no layout, and the caller falls back (to PCA).
public enum SpectralLayout {
    /// Extra vectors in the LOBPCG block beyond `dims`: the wanted eigenvalues of clustered data lie close
    /// together, and a wider block converges them faster.
    public static let extraVectors = 4
    /// Largest residual norm |A x - lambda x| (unit x) accepted (UMAP's eigsh: 1e-4 on L).
    public static let tolerance = 1e-4
    /// Iterations before giving up.
    public static let maxIterations = 300

    /// The layout, or why there is none.
    public enum Outcome: Sendable {
        /// The layout (n, dims), with the solver's iterations and the eigenvalues of L it used.
        case layout(Matrix, iterations: Int, eigenvalues: [Double])
        /// The graph has this many connected components (more than one).
        case disconnected(components: Int)
        /// LOBPCG did not reach the tolerance; the largest residual norm it reached.
        case notConverged(iterations: Int, residual: Double)
    }

    /// The spectral layout in `dims` dimensions of `graph` (positive weights, both directions of every
    /// edge stored, as in a fuzzy graph). `seed` draws the solver's starting block.
    public static func compute(_ graph: FuzzyGraph, dims: Int, seed: UInt64 = 1,
                               maxIterations: Int = maxIterations) throws -> Outcome {
        let (start, targets, weights) = (graph.start, graph.targets, graph.weights)
        let n = graph.count
        try NeighbourError.require(dims >= 1, "the spectral layout needs dims >= 1, got \(dims).")
        try NeighbourError.require(n >= dims + 2, "the spectral layout of \(n) nodes needs at least dims + 2 = \(dims + 2) nodes.")
        // One traversal gives both the components and the order the solver works in: breadth-first
        // (`order[p]` is the node at place p), so that a node's neighbours sit near it in memory; the products
        // A x read neighbours' rows at random otherwise, from a block of n x 2m doubles far larger than the
        // caches at a million nodes.
        let (order, components) = ConnectedComponents.breadthFirst(start: start, targets: targets)
        if components > 1 { return .disconnected(components: components) }
        var place = [Int32](repeating: 0, count: n)
        for (p, i) in order.enumerated() { place[i] = Int32(p) }
        var rowStart = [Int](repeating: 0, count: n + 1), rowTargets = [Int32](repeating: 0, count: targets.count)
        for (p, i) in order.enumerated() { rowStart[p + 1] = rowStart[p] + start[i + 1] - start[i] }
        // degrees and the normalised weights w_ij / sqrt(d_i d_j), in that order
        var degree = [Double](repeating: 0, count: n)
        for i in 0..<n { for e in start[i]..<start[i + 1] { degree[i] += Double(weights[e]) } }
        let root = degree.map { $0.squareRoot() }
        var normalised = [Double](repeating: 0, count: targets.count)
        for (p, i) in order.enumerated() {
            var f = rowStart[p]
            for e in start[i]..<start[i + 1] {
                rowTargets[f] = place[Int(targets[e])]
                normalised[f] = Double(weights[e]) / (root[i] * root[Int(targets[e])])
                f += 1
            }
        }
        let norm = root.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let trivial = order.map { root[$0] / norm }                                     // D^1/2 1, unit
        let m = min(dims + extraVectors, n - 1)
        var rng = Rng(seed: seed)
        let drawn = (0..<(n * m)).map { _ in Double(rng.normal()) }                     // (n, m), by node
        var initial = [Double](repeating: 0, count: n * m)
        for (p, i) in order.enumerated() { for c in 0..<m { initial[p * m + c] = drawn[i * m + c] } }
        let result = LOBPCG.largest(n: n, m: m, wanted: dims, start: initial, deflate: [trivial], tolerance: tolerance,
                                    maxIterations: maxIterations) { x, s in
            // A x, x (n, s): row i of the result is sum_j a_ij x_j
            var y = [Double](repeating: 0, count: n * s)
            x.withUnsafeBufferPointer { xb in
                y.withUnsafeMutableBufferPointer { yb in
                    rowStart.withUnsafeBufferPointer { st in
                        rowTargets.withUnsafeBufferPointer { tg in
                            normalised.withUnsafeBufferPointer { a in
                                // rows are independent: split over the thread team, the same sums whatever the split
                                let xp = xb.baseAddress!, yp = yb.baseAddress!, st = st, tg = tg, a = a
                                Parallel.forRanges(n, minCount: 4096, align: 1) { _, rows in
                                    for i in rows {
                                        let yi = yp + i * s
                                        for e in st[i]..<st[i + 1] {
                                            let w = a[e], xj = xp + Int(tg[e]) * s
                                            for c in 0..<s { yi[c] += w * xj[c] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return y
        }
        guard result.converged else { return .notConverged(iterations: result.iterations, residual: result.residual) }
        // coordinates: the first `dims` vectors, largest |value| scaled to 10
        let layout = Matrix(rows: n, cols: dims)
        var largest = 0.0
        for i in 0..<n { for c in 0..<dims { largest = max(largest, abs(result.vectors[i * m + c])) } }
        let expansion = largest > 0 ? 10 / largest : 1
        for (p, i) in order.enumerated() { for c in 0..<dims { layout[i, c] = Float(result.vectors[p * m + c] * expansion) } }
        return .layout(layout, iterations: result.iterations, eigenvalues: result.values.prefix(dims).map { 1 - $0 })
    }
}
