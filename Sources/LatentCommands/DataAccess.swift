import Foundation
import LatentCore
import LatentData
import LatentEval

/// Float views of datasets for the evaluation and projection code, in bounded memory.
enum DataAccess {
    /// Rows `ids` of `data` as a float matrix (ids.count, d).
    static func rows(_ data: SampleSource, _ ids: [Int]) -> Matrix {
        let m = Matrix(rows: ids.count, cols: data.featureCount)
        ids.withUnsafeBufferPointer { data.fillRows($0, into: m.base) }
        return m
    }

    /// The whole dataset as floats (n, d). Costs 4·n·d bytes: callers subsample large data first.
    static func all(_ data: SampleSource) -> Matrix { rows(data, Array(0..<data.sampleCount)) }

    /// `count` distinct row indices drawn with `rng` (all rows, in order, when count >= n).
    static func subsample(_ n: Int, _ count: Int, rng: inout Rng) -> [Int] {
        guard count < n else { return Array(0..<n) }
        return Array(rng.permutation(n).prefix(count)).sorted()
    }
}

/// PCA of a dataset fitted on at most 10000 rows and applied to all rows in batches, so the n x d float
/// copy of a large set is never made.
enum PCAProjection {
    static func project(_ data: Dataset, components: Int) throws -> Matrix {
        var rng = Rng(seed: 0x9CA)
        let fitRows = DataAccess.subsample(data.count, 10_000, rng: &rng)
        let pca = try PCA.fit(DataAccess.rows(data, fitRows), components: components)
        let out = Matrix(rows: data.count, cols: components)
        var start = 0
        while start < data.count {
            let b = min(4096, data.count - start)
            let chunk = try pca.transform(DataAccess.rows(data, Array(start..<(start + b))))
            out.row(start).update(from: chunk.base, count: b * components)
            start += b
        }
        return out
    }
}
