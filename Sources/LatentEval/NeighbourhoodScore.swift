import LatentCore
import LatentNeighbours

/// Per point: how far its map neighbours are from it in data space, relative to its data neighbours.
///
/// For point i with data rows x (n, d) and map points z (n, k'):
///   score_i = mean_{j in mapNN_k(i)} |x_i - x_j|  /  mean_{j in dataNN_k(i)} |x_i - x_j|
/// With exact data neighbours the score is at least 1; 1 means the map put the point among its data
/// neighbours, and large values mark points placed among strangers (misplaced points, outliers, or
/// points whose class sits elsewhere). Neither neighbour list is ever an n x n matrix.
public enum NeighbourhoodScore {
    /// The score of every row. `method` chooses exact or NN-descent neighbours in both spaces (auto:
    /// approximate above `KNNGraph.approximateAbove` points); `shouldStop` is polled between the stages,
    /// and nil is returned once it says so.
    public static func scores(data x: Matrix, embedding z: Matrix, k: Int, method: KNNGraph.Method = .auto,
                              seed: UInt64 = 1, shouldStop: () -> Bool = { false }) throws -> [Double]? {
        try EvalError.require(x.rows == z.rows, "the data have \(x.rows) rows but the embedding has \(z.rows) points.")
        let dataNN = try KNNGraph.selfNeighbors(x, k: k, method: method, seed: seed)      // (n, k)
        if shouldStop() { return nil }
        let mapNN = try KNNGraph.selfNeighbors(z, k: k, method: method, seed: seed)       // (n, k)
        if shouldStop() { return nil }
        var out = [Double](repeating: 0, count: x.rows)
        let d = x.cols
        out.withUnsafeMutableBufferPointer { scores in
            Parallel.forRanges(x.rows, minCount: 256, align: 1) { _, part in
                for i in part {
                    let xi = x.row(i)
                    func distance(_ j: Int32) -> Double {
                        let xj = x.row(Int(j))
                        var s: Float = 0
                        for c in 0..<d { let t = xi[c] - xj[c]; s += t * t }
                        return Double(s.squareRoot())
                    }
                    let mapMean = mapNN.indices(of: i).reduce(0.0) { $0 + distance($1) }
                    let dataMean = dataNN.indices(of: i).reduce(0.0) { $0 + distance($1) }
                    // duplicates of a point have data distance 0: their score is 1 when the map keeps them together
                    scores[i] = dataMean > 0 ? mapMean / dataMean : (mapMean > 0 ? .infinity : 1)
                }
            }
        }
        return out
    }
}
