import Foundation
import XCTest
@testable import LatentCore

/// The thread-team kernels (split products, split elementwise loops, Adam) against plain serial
/// references, at sizes large enough to take the parallel paths.
final class ParallelKernelTests: XCTestCase {
    private var savedThreads = 1

    override func setUp() { savedThreads = blasThreads() }
    override func tearDown() { setBlasThreads(savedThreads, splitInLatent: false) }

    private func random(_ rows: Int, _ cols: Int, _ rng: inout Rng, _ lo: Float = -1, _ hi: Float = 1) -> Matrix {
        let m = Matrix(rows: rows, cols: cols)
        rng.fillUniform(m.base, count: m.count, lo, hi)
        return m
    }

    func testPartRangesCoverEveryIndexOnceWithAlignedBoundaries() {
        for count in [0, 1, 15, 16, 17, 100, 1024, 1000] {
            for parts in 1...9 {
                var seen = [Int](repeating: 0, count: count)
                var last = 0
                for p in 0..<parts {
                    let r = Parallel.partRange(count, parts: parts, part: p, align: 16)
                    XCTAssertEqual(r.lowerBound, last, "count \(count) parts \(parts) part \(p) is not contiguous")
                    if r.lowerBound != 0 && r.lowerBound != count { XCTAssertEqual(r.lowerBound % 16, 0) }
                    for i in r { seen[i] += 1 }
                    last = r.upperBound
                }
                XCTAssertEqual(last, count)
                XCTAssertTrue(seen.allSatisfy { $0 == 1 }, "count \(count) parts \(parts)")
            }
        }
    }

    func testForRangesVisitsEveryElementOnceOnEveryTeamSize() {
        for threads in [1, 2, 3] {
            setBlasThreads(threads)
            let n = 100_003
            var hits = [Int32](repeating: 0, count: n)
            hits.withUnsafeMutableBufferPointer { h in
                let p = h.baseAddress!
                Parallel.forRanges(n) { _, r in for i in r { p[i] += 1 } }
            }
            XCTAssertTrue(hits.allSatisfy { $0 == 1 }, "threads \(threads)")
        }
    }

    /// Idle workers sleep after a few microseconds of spinning instead of holding their cores, and wake for
    /// the next region; a caller that waits for a slow worker's chunk sleeps too and is woken when it ends.
    func testIdleWorkersSleepAndWakeForTheNextRegion() {
        let pool = ComputePool(size: 3)
        defer { pool.shutdown() }
        for round in 0..<3 {
            pool.run(chunks: 6) { _ in }
            let deadline = Date().addingTimeInterval(5)
            while pool.sleepingWorkers < 2 && Date() < deadline { usleep(1_000) }
            XCTAssertEqual(pool.sleepingWorkers, 2, "round \(round): both workers asleep between regions")
            final class Hits: @unchecked Sendable { var count = [Int32](repeating: 0, count: 3) }
            let hits = Hits()
            // every chunk outlasts the spin, so the caller ends up waiting asleep for the others
            pool.run(chunks: 3) { c in usleep(5_000); hits.count[c] += 1 }
            XCTAssertEqual(hits.count, [1, 1, 1], "round \(round)")
        }
    }

    func testSplitGemmMatchesNaiveForEveryTransposeAndBothSplitDirections() {
        var rng = Rng(seed: 7)
        // (m, k, n): rows split (m >= n) and columns split (n > m); both above the 2 MFLOP threshold
        for (m, k, n) in [(301, 67, 203), (45, 300, 517)] {
            for ta in [false, true] { for tb in [false, true] {
                let a = ta ? random(k, m, &rng) : random(m, k, &rng)
                let b = tb ? random(n, k, &rng) : random(k, n, &rng)
                let c0 = random(m, n, &rng)
                let expected = GemmTests.naive(a, ta, b, tb)
                for threads in [2, 3] {
                    setBlasThreads(threads)
                    let c = c0.copy()
                    gemm(a, ta, b, tb, c, alpha: 0.5, beta: 2)
                    var worst: Float = 0
                    for i in 0..<c.count { worst = max(worst, abs(c.base[i] - (0.5 * expected.base[i] + 2 * c0.base[i]))) }
                    XCTAssertLessThan(worst, 1e-3, "m=\(m) k=\(k) n=\(n) ta=\(ta) tb=\(tb) threads=\(threads)")
                }
            } }
        }
    }

    func testAdamKernelMatchesScalarFormula() {
        var rng = Rng(seed: 9)
        let count = 100_013                                  // parallel path plus a SIMD tail
        let p = Parameter(name: "w", rows: 1, cols: count)
        rng.fillUniform(p.value.base, count: count, -1, 1)
        var w = p.value.values, m = [Float](repeating: 0, count: count), v = m
        setBlasThreads(2)
        let adam = Adam(AdamConfig(learningRate: 0.01))
        for step in 1...3 {
            rng.fillUniform(p.grad.base, count: count, -1, 1)
            let g = p.grad.values
            adam.beginStep()
            adam.update(p)
            let c1 = 1 - Float(pow(0.9, Double(step))), c2 = 1 - Float(pow(0.999, Double(step)))
            for i in 0..<count {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                w[i] -= 0.01 / c1 * m[i] / (v[i].squareRoot() / c2.squareRoot() + 1e-7)
            }
        }
        var worst: Float = 0
        for i in 0..<count { worst = max(worst, abs(p.value.base[i] - w[i])) }
        XCTAssertLessThan(worst, 1e-5)
    }

    func testDenseTableUpdateEqualsAdamWithZeroGradientsOutsideTheBatch() {
        var rng = Rng(seed: 11)
        setBlasThreads(2)
        let n = 40_000, k = 2
        let table = EmbeddingTable(count: n, dims: k, rng: &rng)
        let reference = Parameter(name: "ref", rows: n, cols: k)
        reference.value.assign(table.table.value)
        let a1 = Adam(), a2 = Adam()
        for _ in 0..<3 {
            let rows = Array(rng.permutation(n).prefix(500))
            let grads = random(rows.count, k, &rng)
            a1.beginStep(); a2.beginStep()
            rows.withUnsafeBufferPointer { a1.updateDense(table, rows: $0, grads: grads) }
            reference.grad.fill(0)
            for (i, r) in rows.enumerated() { reference.grad.row(r).update(from: grads.row(i), count: k) }
            a2.update(reference)
        }
        XCTAssertEqual(table.table.value.values, reference.value.values)
        XCTAssertEqual(table.table.moment2.values, reference.moment2.values)
        XCTAssertTrue(table.table.grad.values.allSatisfy { $0 == 0 }, "the scratch gradient is left zero")
    }

    func testLossAndActivationsAgreeAcrossTeamSizes() {
        var rng = Rng(seed: 13)
        let y = random(300, 257, &rng, 0.01, 0.99), x = random(300, 257, &rng, 0, 1)
        for loss in Loss.allCases {
            var results: [(Float, [Float])] = []
            for threads in [1, 2, 2, 3] {
                setBlasThreads(threads)
                let g = Matrix(rows: 300, cols: 257)
                let l = loss.evaluate(prediction: y, target: x, grad: g, reduction: .mean)
                results.append((l, g.values))
            }
            for r in results.dropFirst() {
                XCTAssertEqual(r.0.bitPattern, results[0].0.bitPattern, "\(loss) value: parts follow the size, not the team")
                XCTAssertEqual(r.1, results[0].1, "\(loss) gradient is elementwise, so identical")
            }
        }
        for act in Activation.allCases {
            var outs: [[Float]] = []
            for threads in [1, 3] {
                setBlasThreads(threads)
                let z = y.copy()
                act.apply(z.base, count: z.count)
                let g = x.copy()
                act.backward(output: z.base, grad: g.base, count: g.count)
                outs.append(z.values + g.values)
            }
            XCTAssertEqual(outs[0], outs[1], "\(act)")
        }
    }

    func testDecoderStepIsDeterministicPerThreadCountAndCloseAcrossCounts() {
        func step(threads: Int) -> [Float] {
            setBlasThreads(threads)
            var rng = Rng(seed: 17)
            let net = Sequential.residualMLP(inputs: 2, width: 64, blocks: 2, outputs: 300, output: .sigmoid,
                                             name: "dec", rng: &rng)
            let z = random(700, 2, &rng), target = random(700, 300, &rng, 0, 1)
            let y = net.forward(z)
            let dy = Matrix(rows: 700, cols: 300)
            _ = Loss.mse.evaluate(prediction: y, target: target, grad: dy, reduction: .mean)
            let dz = net.backward(dy, needInputGradient: true)
            return y.values + dz.values + net.parameters.flatMap { $0.grad.values }
        }
        let one = step(threads: 1), two = step(threads: 2), three = step(threads: 3)
        XCTAssertEqual(one.map(\.bitPattern), two.map(\.bitPattern), "1 and 2 threads")
        XCTAssertEqual(one.map(\.bitPattern), three.map(\.bitPattern), "1 and 3 threads")
    }

    /// A Dense layer with a 2-wide input takes the fused `NarrowDense` kernels: forward, dW, db and dx
    /// against sums in Double, on a batch large enough for the column-split backward; dW and db do not
    /// depend on the split at all, and dx (partials summed in chunk order) is the same for every team size.
    func testNarrowDenseMatchesDoubleSumsOnEveryTeamSize() {
        let rows = 96, k = 2, n = 1500
        var runs: [[Float]] = []
        for threads in [1, 2, 3] {
            setBlasThreads(threads)
            for act in Activation.allCases {
                var rng = Rng(seed: 23)
                let layer = Dense(k, n, activation: act, rng: &rng)
                rng.fillUniform(layer.bias.value.base, count: n, -0.5, 0.5)
                let x = random(rows, k, &rng), dy = random(rows, n, &rng)
                let dyCopy = dy.copy()
                let y = layer.forward(x)
                let dx = layer.backward(dy, needInputGradient: true)
                XCTAssertEqual(dy.values, dyCopy.values, "narrow backward changed dy")
                var g = [Double](repeating: 0, count: rows * n), worst = 0.0
                for r in 0..<rows {
                    for c in 0..<n {
                        var a = Double(layer.bias.value.base[c])
                        for j in 0..<k { a += Double(x[r, j]) * Double(layer.weight.value[j, c]) }
                        let f: Double
                        switch act {
                        case .identity: f = a
                        case .relu: f = max(a, 0)
                        case .tanh: f = Foundation.tanh(a)
                        case .sigmoid: f = 1 / (1 + exp(-a))
                        }
                        worst = max(worst, abs(Double(y[r, c]) - f))
                        let yv = Double(y[r, c]), d = Double(dy[r, c])
                        switch act {
                        case .identity: g[r * n + c] = d
                        case .relu: g[r * n + c] = yv > 0 ? d : 0
                        case .tanh: g[r * n + c] = d * (1 - yv * yv)
                        case .sigmoid: g[r * n + c] = d * yv * (1 - yv)
                        }
                    }
                }
                XCTAssertLessThan(worst, 1e-4, "\(act) forward at \(threads) threads")
                worst = 0
                for c in 0..<n {
                    var db = 0.0
                    for r in 0..<rows { db += g[r * n + c] }
                    worst = max(worst, abs(db - Double(layer.bias.grad.base[c])))
                    for j in 0..<k {
                        var dw = 0.0
                        for r in 0..<rows { dw += Double(x[r, j]) * g[r * n + c] }
                        worst = max(worst, abs(dw - Double(layer.weight.grad[j, c])))
                    }
                }
                for r in 0..<rows {
                    for j in 0..<k {
                        var d = 0.0
                        for c in 0..<n { d += g[r * n + c] * Double(layer.weight.value[j, c]) }
                        worst = max(worst, abs(d - Double(dx[r, j])))
                    }
                }
                XCTAssertLessThan(worst, 1e-3, "\(act) backward at \(threads) threads")
                runs.append(layer.weight.grad.values + layer.bias.grad.values + dx.values + y.values)
            }
        }
        let perRun = Activation.allCases.count
        for a in 0..<perRun {
            XCTAssertEqual(runs[a], runs[perRun + a], "1 and 2 threads")
            XCTAssertEqual(runs[a], runs[2 * perRun + a], "1 and 3 threads")
        }
    }
}
