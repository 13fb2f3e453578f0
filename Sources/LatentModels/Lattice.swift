import LatentCore
import LatentNeighbours

/// Points on a regular 2-D lattice of a latent box and the search for each data row's best lattice point.
public enum Lattice {
    /// A `side` x `side` lattice over [lo, hi] in the first two latent dimensions (others held at `fill`),
    /// row-major from the top-left (high y) so image grids read like a plot. Returns (side², k).
    public static func points(side: Int, lo: [Float], hi: [Float], dims: Int, fill: [Float]? = nil) -> Matrix {
        precondition(side >= 1 && dims >= 1 && lo.count >= min(dims, 2) && hi.count >= min(dims, 2))
        let z = Matrix(rows: side * side, cols: dims)
        for r in 0..<side {
            for c in 0..<side {
                let row = z.row(r * side + c)
                if let fill { for j in 0..<dims { row[j] = fill[j] } }
                let fx = side == 1 ? 0.5 : Float(c) / Float(side - 1)
                let fy = side == 1 ? 0.5 : 1 - Float(r) / Float(side - 1)
                row[0] = lo[0] + fx * (hi[0] - lo[0])
                if dims > 1 { row[1] = lo[1] + fy * (hi[1] - lo[1]) }
            }
        }
        return z
    }

    /// Per-dimension `q`-quantile of an embedding (n, k), by sorting each column (O(n log n)).
    public static func quantiles(_ e: Matrix, _ q: Float) -> [Float] {
        (0..<e.cols).map { j in
            var col = (0..<e.rows).map { e[$0, j] }
            col.sort()
            guard !col.isEmpty else { return 0 }
            let i = min(col.count - 1, max(0, Int((q * Float(col.count - 1)).rounded())))
            return col[i]
        }
    }

    /// For each row of `data` (or of its `rows`), the index of the nearest row of `decoded` and the squared
    /// Euclidean distance to it, by LatentNeighbours' exact brute-force search (`KNNIndex`, k = 1) over blocks
    /// of 1024 data rows, so no n x m matrix is formed for large n.
    public static func nearest(_ data: SampleSource, rows: [Int]? = nil, decoded g: Matrix) throws -> (index: [Int], distance: [Float]) {
        let ids = rows ?? Array(0..<data.sampleCount)
        let index = KNNIndex(points: g, method: .bruteForce)
        var best = [Int](repeating: 0, count: ids.count)
        var bestD = [Float](repeating: .infinity, count: ids.count)
        let x = Matrix(rows: 0, cols: data.featureCount)
        var start = 0
        while start < ids.count {
            let b = min(1024, ids.count - start)
            x.resize(rows: b)
            ids.withUnsafeBufferPointer { data.fillRows(UnsafeBufferPointer(rebasing: $0[start..<(start + b)]), into: x.base) }
            let found = try index.query(x, k: 1)                         // (b,d) against (m,d) -> (b,1)
            for i in 0..<b {
                best[start + i] = Int(found.indices[i])
                bestD[start + i] = found.distances[i] * found.distances[i]
            }
            start += b
        }
        return (best, bestD)
    }
}
