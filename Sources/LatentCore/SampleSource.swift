/// Rows of training data that a trainer can pull in batches, whatever their storage (uint8, float).
///
/// `LatentData.Dataset` conforms; tests use `Matrix` directly. Implementations must be cheap to call
/// once per batch: the trainer asks for exactly the rows of each shuffled batch.
public protocol SampleSource: AnyObject {
    /// Number of samples (rows).
    var sampleCount: Int { get }
    /// Number of features per sample (columns).
    var featureCount: Int { get }
    /// Writes rows `indices` as floats into `out` (shape `indices.count x featureCount`, row-major).
    func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>)
    /// Integer class labels (0-based), when known.
    var classLabels: [Int32]? { get }
}

extension Matrix: SampleSource {
    public var sampleCount: Int { rows }
    public var featureCount: Int { cols }
    public func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) {
        for (i, r) in indices.enumerated() { (out + i * cols).update(from: row(r), count: cols) }
    }
    public var classLabels: [Int32]? { nil }
}
