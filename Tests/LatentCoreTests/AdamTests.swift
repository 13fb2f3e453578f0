import XCTest
@testable import LatentCore

final class AdamTests: XCTestCase {
    /// Two steps by hand: m1 = 0.1 g, v1 = 0.001 g², w1 = w0 - lr * (m1/0.1) / (sqrt(v1/0.001) + eps) = w0 - lr*sign(g)...
    func testTwoStepsAgainstHandComputation() {
        let p = Parameter(name: "w", rows: 1, cols: 2)
        p.value.base[0] = 1; p.value.base[1] = -2
        let adam = Adam(AdamConfig(learningRate: 0.1))
        adam.config.epsilon = 0
        p.grad.base[0] = 0.5; p.grad.base[1] = -4
        adam.beginStep(); adam.update(p)
        // step 1: the update is lr * sign(g) exactly
        XCTAssertEqual(p.value.base[0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(p.value.base[1], -1.9, accuracy: 1e-6)
        p.grad.base[0] = 1.5; p.grad.base[1] = 0
        adam.beginStep(); adam.update(p)
        // step 2 for element 0: m = 0.9*0.05 + 0.1*1.5 = 0.195; v = 0.999*0.00025 + 0.001*2.25 = 0.00249975
        // mhat = 0.195/0.19, vhat = 0.00249975/0.001999
        let mhat = 0.195 / 0.19, vhat = 0.00249975 / (1 - 0.999 * 0.999)
        XCTAssertEqual(Double(p.value.base[0]), 0.9 - 0.1 * mhat / vhat.squareRoot(), accuracy: 1e-5)
        // element 1: m = 0.9*(-0.4) = -0.36, v = 0.999*0.016
        let mhat1 = -0.36 / 0.19, vhat1 = 0.999 * 0.016 / (1 - 0.999 * 0.999)
        XCTAssertEqual(Double(p.value.base[1]), -1.9 - 0.1 * mhat1 / vhat1.squareRoot(), accuracy: 1e-5)
    }

    func testRowSparseUpdateTouchesOnlyBatchRowsAndRespectsPins() {
        var rng = Rng(seed: 31)
        let table = EmbeddingTable(count: 5, dims: 2, rng: &rng)
        let before = table.table.value.copy()
        table.setPinned([3], true)
        let adam = Adam()
        let grads = Matrix([[1, 1], [1, 1]])
        let rows = [1, 3]
        adam.beginStep()
        rows.withUnsafeBufferPointer { adam.updateRows(table, rows: $0, grads: grads) }
        for r in 0..<5 {
            let moved = table.table.value.rowValues(r) != before.rowValues(r)
            XCTAssertEqual(moved, r == 1, "row \(r)")
        }
    }

    func testDenseEmbeddingUpdateKeepsMovingRowsByMomentum() {
        var rng = Rng(seed: 32)
        let table = EmbeddingTable(count: 3, dims: 1, rng: &rng)
        let adam = Adam()
        let g = Matrix([[1]])
        adam.beginStep()
        [0].withUnsafeBufferPointer { adam.updateDense(table, rows: $0, grads: g) }
        let afterFirst = table.table.value[0, 0]
        adam.beginStep()
        [2].withUnsafeBufferPointer { adam.updateDense(table, rows: $0, grads: g) }
        XCTAssertLessThan(table.table.value[0, 0], afterFirst, "momentum keeps moving row 0")
    }

    /// Runs `steps` steps of dense Adam on two copies of a table, eagerly (`updateDense`) and deferred
    /// (`updateDeferred`), with batches of `batch` rows drawn as epochs of permutations and random
    /// gradients; every few steps a deferred batch is gathered and must match the eager rows to within
    /// `gatherTolerance`. Returns the two tables after settling.
    private func eagerAndDeferred(rows n: Int, batch: Int, steps: Int, beta1: Float = 0.9, gatherTolerance: Float = 0)
        -> (eager: EmbeddingTable, deferred: EmbeddingTable) {
        var rng = Rng(seed: 41), init1 = Rng(seed: 42), init2 = Rng(seed: 42)
        let eager = EmbeddingTable(count: n, dims: 2, rng: &init1), deferred = EmbeddingTable(count: n, dims: 2, rng: &init2)
        var config = AdamConfig(learningRate: 0.01)
        config.beta1 = beta1
        let a1 = Adam(config), a2 = Adam(config)
        var order: [Int] = []
        for step in 0..<steps {
            if order.count < batch { order += rng.permutation(n) }
            let rows = Array(order.prefix(batch))
            order.removeFirst(batch)
            let grads = Matrix(rows: batch, cols: 2)
            rng.fillUniform(grads.base, count: grads.count, -1, 1)
            rows.withUnsafeBufferPointer { r in
                if step % 7 == 3 {
                    let d = deferred.gather(r).values, e = eager.gather(r).values
                    var worst: Float = 0
                    for (a, b) in zip(d, e) { worst = max(worst, abs(a - b)) }
                    XCTAssertLessThanOrEqual(worst, gatherTolerance, "gathered rows at step \(step)")
                }
                a1.beginStep(); a2.beginStep()
                a1.updateDense(eager, rows: r, grads: grads)
                a2.updateDeferred(deferred, rows: r, grads: grads)
            }
        }
        deferred.settle()
        return (eager, deferred)
    }

    /// Rows that get a gradient within the deferral window (here at most 2 · 300/50 steps apart) are
    /// replayed with the eager pass's operations: the same bits, values and moments.
    func testDeferredDenseAdamHasTheBitsOfTheEagerPass() {
        let (eager, deferred) = eagerAndDeferred(rows: 300, batch: 50, steps: 40)
        XCTAssertEqual(deferred.table.value.values, eager.table.value.values)
        XCTAssertEqual(deferred.table.moment1.values, eager.table.moment1.values)
        XCTAssertEqual(deferred.table.moment2.values, eager.table.moment2.values)
    }

    /// With beta1 = 0.5 the window is 24 steps, and rows here wait up to 2 · 2000/50 = 80 steps: the steps
    /// past the window are not replayed (momentum below 2^-24 of its size), so values agree to within a
    /// few units of rounding, not necessarily bit for bit.
    func testDeferredDenseAdamPastTheWindowStaysWithinRounding() {
        let (eager, deferred) = eagerAndDeferred(rows: 2000, batch: 50, steps: 120, beta1: 0.5, gatherTolerance: 1e-6)
        var worst: Float = 0
        for (a, b) in zip(eager.table.value.values, deferred.table.value.values) { worst = max(worst, abs(a - b)) }
        XCTAssertLessThan(worst, 1e-6)
        var worstV: Float = 0
        for (a, b) in zip(eager.table.moment2.values, deferred.table.moment2.values) {
            worstV = max(worstV, abs(a - b) / max(abs(a), 1e-30))
        }
        XCTAssertLessThan(worstV, 1e-4, "second moments decayed in one go agree with the step-by-step decay")
    }

    func testValidateNamesTheOption() {
        XCTAssertThrowsError(try AdamConfig(learningRate: 0).validate()) { error in
            XCTAssertEqual("\(error)", "lr must be positive")
        }
    }
}
