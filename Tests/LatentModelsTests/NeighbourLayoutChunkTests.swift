import XCTest
import LatentTestSupport
@testable import LatentCore
@testable import LatentEval
@testable import LatentModels

/// The umap layout step split over threads (`layoutStep` in chunks): deterministic for a seed and a thread
/// count, pins respected, and the same behaviour as one thread within bounds.
final class NeighbourLayoutChunkTests: XCTestCase {
    /// One layout pass over all 600 rows (a step large enough to be split into chunks) with `threads`
    /// threads: the table after it and the pass's loss.
    func pass(threads: Int, pinned: Set<Int> = []) -> (table: [Float], loss: Float) {
        let saved = blasThreads()
        setBlasThreads(threads)
        defer { setBlasThreads(saved) }
        let data = NeighbourTermTests.NuisanceClusters(n: 600)
        var t = NeighbourTerm(graph: bruteForceGraph(data.x, k: 10), weight: 1)
        t.form = .umap
        var rng = Rng(seed: 5)
        let table = Matrix(rows: 600, cols: 2)
        rng.fillNormal(table.base, count: table.count)
        let rows = Array(0..<600)
        let loss = rows.withUnsafeBufferPointer { t.layoutStep(table: table, rows: $0, pinned: pinned, rng: &rng) }
        return (table.values, loss)
    }

    /// Two runs with two threads give the same table bit for bit; pinned rows do not move; the loss per row
    /// is finite and of the same size as one thread's (within 10%: the chunks read other rows from the
    /// step's start, one thread reads them as they move).
    /// What a layout step reads for the rows it does not move: the rows as they were before it, whether it
    /// moves a batch (a (B, k) snapshot searched by row) or most of the table (a whole copy).
    func testRowsBeforeTheStepAreTheTableAsItWas() {
        let n = 200, k = 3
        let table = Matrix(rows: n, cols: k)
        for i in 0..<table.count { table.base[i] = Float(i) * 0.5 - 7 }
        let original = table.copy()
        for rows in [[17, 3, 150, 99, 4], Array((0..<n).reversed()).filter { $0 % 3 != 1 }] {
            let before = rows.withUnsafeBufferPointer { NeighbourTerm.RowsBefore(table: table, rows: $0) }
            XCTAssertEqual(before.whole, rows.count * 8 > n)
            for i in rows { for c in 0..<k { table.row(i)[c] += 100 } }      // the step moves its rows
            for j in 0..<n { for c in 0..<k { XCTAssertEqual(before.row(j)[c], original.row(j)[c], "row \(j)") } }
            for i in rows { for c in 0..<k { table.row(i)[c] -= 100 } }
        }
    }

    func testChunkedStepIsDeterministic() throws {

        try SlowTests.skipWhenFast()
        let a = pass(threads: 2), b = pass(threads: 2), one = pass(threads: 1)
        XCTAssertEqual(a.table, b.table)
        XCTAssertEqual(a.loss, b.loss)
        XCTAssertTrue(a.loss.isFinite && a.loss > 0)
        XCTAssertEqual(a.loss, one.loss, accuracy: 0.1 * one.loss)
        XCTAssertNotEqual(a.table, one.table, "the split is in chunks of the thread count")
        var start = Rng(seed: 5)
        let before = Matrix(rows: 600, cols: 2)
        start.fillNormal(before.base, count: before.count)
        let pinned = pass(threads: 2, pinned: [3, 300])
        for r in [3, 300] {
            XCTAssertEqual(Array(pinned.table[(2 * r)..<(2 * r + 2)]), before.rowValues(r))
        }
    }
}
