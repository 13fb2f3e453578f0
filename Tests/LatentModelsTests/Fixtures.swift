import XCTest
@testable import LatentCore
@testable import LatentModels

/// Small deterministic data for model tests: n points on a curved 2-D manifold in d dims, values in (0,1),
/// in `classes` clusters (label = cluster).
final class ToyData: SampleSource {
    let x: Matrix
    let labels: [Int32]
    init(n: Int = 240, d: Int = 16, classes: Int = 3, seed: UInt64 = 5) {
        var rng = Rng(seed: seed)
        x = Matrix(rows: n, cols: d)
        var l: [Int32] = []
        for i in 0..<n {
            let c = i % classes
            let a = Float(c) * 2.1 + 0.4 * rng.normal(), b = 0.5 * rng.normal()
            for j in 0..<d {
                let t = Float(j) / Float(d)
                x[i, j] = 1 / (1 + expf(-(2 * sinf(a + 3 * t) + b * cosf(5 * t))))
            }
            l.append(Int32(c))
        }
        labels = l
    }
    var sampleCount: Int { x.rows }
    var featureCount: Int { x.cols }
    var classLabels: [Int32]? { labels }
    func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) { x.fillRows(indices, into: out) }
}

func allValues(_ m: GenerativeModel) -> [Float] { m.parameters.flatMap { $0.value.values } }

func batch(_ data: ToyData, _ rows: [Int], _ body: (TrainingBatch) -> Void) {
    let x = data.x.gatherRows(rows)
    rows.withUnsafeBufferPointer { body(TrainingBatch(indices: $0, x: x, labels: rows.map { data.labels[$0] })) }
}
