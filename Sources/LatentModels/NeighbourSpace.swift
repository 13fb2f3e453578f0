import LatentCore
import LatentNeighbours

/// The data space a neighbour graph was built in: the PCA projection (or the raw features) and the
/// training rows in it, kept so that new points can find their neighbours among the training rows.
public struct NeighbourSpace: Sendable {
    /// The projection (nil: the raw features).
    public let pca: PCA?
    /// The training rows in this space (n, p).
    public let points: Matrix

    /// The training rows `points` (n, p), projected from data space by `pca` (nil: they are the raw features).
    public init(pca: PCA?, points: Matrix) {
        precondition(pca.map { $0.components.rows == points.cols } ?? true, "one point column per component")
        self.pca = pca
        self.points = points
    }

    /// Columns p of the space.
    public var dims: Int { points.cols }
    /// Features d of the data it projects.
    public var features: Int? { pca?.mean.count }

    /// The rows of `data` (m, d) in this space (m, p).
    public func project(_ data: SampleSource) throws -> Matrix {
        if let pca { return try PCAProjection.apply(pca, to: data) }
        guard data.featureCount == points.cols else {
            throw ConfigError("the neighbour graph was built on \(points.cols) features, but the data have \(data.featureCount)")
        }
        return data.allSamples()
    }

    /// The `k` nearest training rows of every row of `data`: (m, k) indices and distances, nearest first.
    public func neighbours(of data: SampleSource, k: Int) throws -> Neighbors {
        try KNNIndex(points: points).query(project(data), k: k)
    }
}
