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

    func testValidateNamesTheOption() {
        XCTAssertThrowsError(try AdamConfig(learningRate: 0).validate()) { error in
            XCTAssertEqual("\(error)", "lr must be positive")
        }
    }
}
