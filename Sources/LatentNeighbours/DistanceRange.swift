import LatentCore

/// The coordinates a kNN search can measure: finite, and small enough that no squared distance overflows.
///
/// The searches compute squared distances in float32, the brute-force one as `||q||^2 + ||p||^2 - 2 q·p`:
/// with coordinates of magnitude at most M in d columns, every term stays below 8 · d · M^2, so
/// M <= sqrt(Float.greatestFiniteMagnitude / (8 d)) keeps all of them finite (about 2.9e18 for d = 5).
/// Beyond it a distance becomes inf or NaN, the search can no longer rank, and neighbour slots stay
/// empty (-1); the searches refuse such points with a sentence instead.
public enum DistanceRange {
    /// The largest coordinate magnitude for points of `columns` columns.
    public static func largest(columns: Int) -> Float {
        (Float.greatestFiniteMagnitude / (8 * Float(max(1, columns)))).squareRoot()
    }

    /// The sentence refusing the first coordinate of `points` (n, d) that is not finite or too large
    /// (`what`: "kNN queries"), or nil when all of them can be measured.
    public static func problem(_ points: Matrix, what: String) -> String? {
        let d = points.cols, limit = largest(columns: d)
        for i in 0..<(points.rows * d) where !(abs(points.base[i]) <= limit) {
            return "\(what) hold \(points.base[i]) at row \(i / d + 1), column \(i % d + 1); "
                + "distances need finite coordinates of magnitude at most \(limit) (\(d) columns)"
        }
        return nil
    }

    /// Throws `problem(points, what:)` when there is one.
    public static func require(_ points: Matrix, what: String) throws {
        if let problem = problem(points, what: what) { throw NeighbourError(problem) }
    }
}

extension Neighbors {
    /// Throws unless every query got `k` neighbours (a search that could not rank leaves -1 in a slot,
    /// which no caller may read as an index).
    func requireComplete() throws {
        if let slot = indices.firstIndex(where: { $0 < 0 }) {
            throw NeighbourError("the kNN search found fewer than \(k) neighbours for row \(slot / k + 1) (distances could not be compared)")
        }
    }
}
