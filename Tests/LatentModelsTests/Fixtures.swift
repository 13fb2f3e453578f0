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

/// |a - n| / max(1e-2, |a| + |n|): an analytic gradient `a` against a numerical one `n`.
func relErr(_ a: Double, _ n: Double) -> Double { abs(a - n) / max(1e-2, abs(a) + abs(n)) }

/// The largest relative error of an embedding table's gradient for the batch `rows` (`gradient` (B, k), row b
/// for table row rows[b]) against central differences of `loss` with step 1e-3 on every entry of those rows
/// of `table` (n, k). `loss` recomputes the gradients with the same noise draws.
func tableGradientError(_ table: Matrix, rows: [Int], gradient: Matrix, _ loss: () -> Double) -> Double {
    var worst = 0.0
    for (bi, row) in rows.enumerated() { for j in 0..<table.cols {
        let p = table.row(row) + j, old = p.pointee
        p.pointee = old + 1e-3; let up = loss(); p.pointee = old - 1e-3; let down = loss(); p.pointee = old
        worst = max(worst, relErr(Double(gradient[bi, j]), (up - down) / 2e-3))
    } }
    return worst
}
