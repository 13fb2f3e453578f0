import XCTest
@testable import LatentCore
@testable import LatentModels

final class NeighbourTermTests: XCTestCase {
    /// Brute-force k nearest neighbours of the toy data (self excluded).
    func graph(_ data: ToyData, k: Int) -> NeighbourGraph {
        var indices: [Int32] = []
        for i in 0..<data.sampleCount {
            var d: [(Float, Int)] = []
            for j in 0..<data.sampleCount where j != i {
                var s: Float = 0
                for c in 0..<data.featureCount { let t = data.x[i, c] - data.x[j, c]; s += t * t }
                d.append((s, j))
            }
            d.sort { $0.0 < $1.0 }
            indices += d.prefix(k).map { Int32($0.1) }
        }
        return NeighbourGraph(k: k, indices: indices)
    }

    /// The term's gradient for one row against central differences of its loss (same sampled pairs).
    func testGradientOfBothForms() {
        let data = ToyData(n: 60)
        var rng = Rng(seed: 3)
        let table = Matrix(rows: 60, cols: 2)
        rng.fillUniform(table.base, count: table.count, -0.3, 0.3)
        for form in [NeighbourTerm.Form.smooth, .umap] {
            var term = NeighbourTerm(graph: graph(data, k: 5), weight: 0.7)
            term.form = form
            for row in [4, 17, 33] {
                func loss() -> Double {
                    var r = Rng(seed: 11)
                    let g = Matrix(rows: 1, cols: 2)
                    return Double([row].withUnsafeBufferPointer { term.accumulate(table: table, rows: $0, grad: g, rng: &r) })
                }
                var r = Rng(seed: 11)
                let g = Matrix(rows: 1, cols: 2)
                _ = [row].withUnsafeBufferPointer { term.accumulate(table: table, rows: $0, grad: g, rng: &r) }
                for c in 0..<2 {
                    let old = table[row, c]
                    table[row, c] = old + 1e-3; let up = loss()
                    table[row, c] = old - 1e-3; let down = loss()
                    table[row, c] = old
                    let numeric = (up - down) / 2e-3
                    XCTAssertEqual(Double(g[0, c]), numeric, accuracy: 2e-2 * max(1e-2, abs(numeric)), "\(form) row \(row) dim \(c)")
                }
            }
        }
    }

    /// With the smooth force, data-space neighbours end up closer together in the map, relative to random pairs.
    func testSmoothForceDrawsGraphNeighboursTogether() throws {
        let data = ToyData(n: 240, classes: 3)
        let g = graph(data, k: 8)
        func neighbourRatio(_ e: Matrix) -> Double {
            func dist(_ i: Int, _ j: Int) -> Double {
                Double(((e[i, 0] - e[j, 0]) * (e[i, 0] - e[j, 0]) + (e[i, 1] - e[j, 1]) * (e[i, 1] - e[j, 1])).squareRoot())
            }
            var near = 0.0, all = 0.0
            for i in 0..<e.rows {
                for t in 0..<g.k { near += dist(i, Int(g.indices[i * g.k + t])) }
                for j in stride(from: (i + 1) % e.rows, to: e.rows, by: 7) { all += dist(i, j) }
            }
            let pairs = Double((0..<e.rows).reduce(0) { n, i in n + stride(from: (i + 1) % e.rows, to: e.rows, by: 7).underestimatedCount })
            return (near / Double(e.rows * g.k)) / (all / pairs)
        }
        var ratios: [Double] = []
        for weight: Float in [0, 1] {
            var cfg = ModelConfig(kind: .gne); cfg.width = 16; cfg.blocks = 2
            var rng = Rng(seed: 4)
            let m = GNEModel(config: cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
            if weight > 0 { m.neighbourTerm = NeighbourTerm(graph: g, weight: weight) }
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 60, batchSize: 32, learningRate: 5e-3), rng: &rng)
            XCTAssertEqual(m.lossComponents.count, weight > 0 ? 3 : 1)
            ratios.append(neighbourRatio(m.table.table.value))
        }
        print("neighbour ratios", ratios)
        XCTAssertLessThan(ratios[1], 0.8 * ratios[0], "neighbour / random distance without and with the force: \(ratios)")
    }
}
