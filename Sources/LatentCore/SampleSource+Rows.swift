extension SampleSource {
    /// Rows `ids` as a float matrix (ids.count, d).
    public func sampleRows(_ ids: [Int]) -> Matrix {
        let m = Matrix(rows: ids.count, cols: featureCount)
        ids.withUnsafeBufferPointer { fillRows($0, into: m.base) }
        return m
    }

    /// Every row as floats (n, d). Costs 4·n·d bytes: callers subsample large data first.
    public func allSamples() -> Matrix { sampleRows(Array(0..<sampleCount)) }
}

extension Rng {
    /// `count` distinct indices of 0..<n, ascending, drawn with this generator (all of them, in order and
    /// without a draw, when count >= n).
    public mutating func subsample(_ n: Int, _ count: Int) -> [Int] {
        guard count < n else { return Array(0..<n) }
        return Array(permutation(n).prefix(count)).sorted()
    }
}
