import LatentCore

/// The mean point of each class in a latent space, and how close labelled points lie to their own class's
/// mean (repeated inference, seeds/002: trajectories approach their cluster's centre).
public struct ClassCentres: Sendable {
    /// The classes, ascending.
    public let classes: [Int32]
    /// One centre per class: (classes.count, k) row-major.
    public let centres: [Double]
    /// Dimension k of the points.
    public let dimension: Int

    /// The class means of the rows of `points` (n, k) labelled `labels` (n); at least 2 classes.
    public init(points: Matrix, labels: [Int32]) throws {
        try EvalError.require(points.rows == labels.count,
                              "Class centres need one label per point (\(points.rows) points, \(labels.count) labels).")
        let classes = Array(Set(labels)).sorted()
        try EvalError.require(classes.count >= 2, "Class centres need at least 2 classes, got \(classes.count).")
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let k = points.cols
        var sums = [Double](repeating: 0, count: classes.count * k), counts = [Int](repeating: 0, count: classes.count)
        for r in 0..<points.rows {
            let c = index[labels[r]]!, p = points.row(r)
            counts[c] += 1
            for j in 0..<k { sums[c * k + j] += Double(p[j]) }
        }
        for c in 0..<classes.count { for j in 0..<k { sums[c * k + j] /= Double(counts[c]) } }
        self.classes = classes; centres = sums; dimension = k
    }

    /// For labelled `points` (n, k): the mean Euclidean distance to the own class's centre, the mean over
    /// points of (distance to own centre) / (distance to the nearest other centre), which is scale-free (below
    /// 1: nearer the own centre than any other), and the mean distance to the nearest centre of any class.
    /// Points of a class without a centre are refused.
    public func distances(_ points: Matrix, labels: [Int32]) throws -> (own: Double, ratio: Double, nearest: Double) {
        try EvalError.require(points.cols == dimension, "Points of \(points.cols) dimensions cannot be compared with \(dimension)-D class centres.")
        try EvalError.require(points.rows == labels.count && points.rows > 0,
                              "Class-centre distances need one label per point (\(points.rows) points, \(labels.count) labels).")
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let k = dimension
        var own = 0.0, ratio = 0.0, nearest = 0.0
        for r in 0..<points.rows {
            guard let c = index[labels[r]] else { throw EvalError("Point \(r) has class \(labels[r]), which has no centre (classes \(classes)).") }
            let p = points.row(r)
            var mine = 0.0, nearestOther = Double.infinity
            for o in 0..<classes.count {
                var d = 0.0
                for j in 0..<k { let e = Double(p[j]) - centres[o * k + j]; d += e * e }
                if o == c { mine = d.squareRoot() } else { nearestOther = min(nearestOther, d.squareRoot()) }
            }
            own += mine
            ratio += mine / max(nearestOther, 1e-12)
            nearest += min(mine, nearestOther)
        }
        let n = Double(points.rows)
        return (own / n, ratio / n, nearest / n)
    }
}
