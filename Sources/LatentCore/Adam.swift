import Foundation

/// Adam's hyperparameters (Kingma & Ba 2015; defaults as Keras and PyTorch).
public struct AdamConfig: Sendable, Codable, Equatable {
    /// Step size; 1e-3 is the GNE paper's setting.
    public var learningRate: Float = 1e-3
    /// Decay of the first-moment estimate.
    public var beta1: Float = 0.9
    /// Decay of the second-moment estimate.
    public var beta2: Float = 0.999
    /// Added to the denominator for stability (Keras uses 1e-7, PyTorch 1e-8).
    public var epsilon: Float = 1e-7

    /// The defaults, with an optional learning rate.
    public init(learningRate: Float = 1e-3) { self.learningRate = learningRate }

    /// Throws a sentence naming the first invalid setting.
    public func validate() throws {
        guard learningRate > 0, learningRate.isFinite else { throw ConfigError("lr must be positive") }
        guard (0..<1).contains(beta1) else { throw ConfigError("beta1 must be in [0, 1)") }
        guard (0..<1).contains(beta2) else { throw ConfigError("beta2 must be in [0, 1)") }
        guard epsilon > 0 else { throw ConfigError("epsilon must be positive") }
    }
}

/// The Adam optimizer: a step counter plus the moments stored in each `Parameter`.
public final class Adam {
    /// Hyperparameters; may be changed between steps (e.g. a new lr for the next `train`).
    public var config: AdamConfig
    /// Number of steps taken (bias correction uses it).
    public private(set) var step: Int = 0

    /// An optimizer with `config`, at step 0.
    public init(_ config: AdamConfig = AdamConfig()) { self.config = config }

    /// The factors of the steps taken through `updateDeferred`, which deferred steps replay.
    let log = AdamStepLog()

    /// Restores the step counter (checkpoint loading, rollback). Deferred steps recorded before are
    /// forgotten: the tables they belonged to are being restored too.
    public func restore(step: Int) {
        self.step = step
        log.restart(after: step)
    }

    /// Advances the step counter; call once per batch before the `update` calls of that batch.
    public func beginStep() { step += 1 }

    private var corrections: (lr: Float, c2: Float) {
        let t = Float(step)
        let c1 = 1 - powf(config.beta1, t)
        let c2 = 1 - powf(config.beta2, t)
        return (config.learningRate / c1, c2)
    }

    /// Dense update of every element of `p` from `p.grad`.
    public func update(_ p: Parameter) {
        let (lrc, c2) = corrections
        applyParallel(p.value.base, p.grad.base, p.moment1.base, p.moment2.base, count: p.count, lrc: lrc, c2: c2)
    }

    /// Dense update of a whole embedding table whose gradient is nonzero only in `rows` (given as
    /// `grads`, one row each): every row's moments decay and every row moves, as PyTorch/Keras dense
    /// Adam on an embedding does, in one pass over the whole table. Pinned rows stay put.
    ///
    /// The batch rows' new values are computed first into a small buffer, then one pass applies the
    /// zero-gradient step to the whole table (reading no gradient), then the batch rows are written
    /// back: the same numbers as a dense step over a gradient that is zero outside the batch, with a
    /// quarter less memory traffic. `updateDeferred` gives the same numbers at a cost independent of n.
    public func updateDense(_ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>, grads: Matrix) {
        table.stopDeferring()
        let p = table.table
        let k = p.value.cols
        let (lrc, c2) = corrections
        if !table.pinned.isEmpty {
            table.prepareGradientScratch()
            for (i, r) in rows.enumerated() { p.grad.row(r).update(from: grads.row(i), count: k) }
            for r in 0..<p.value.rows where !table.pinned.contains(r) {
                apply(p.value.row(r), p.grad.row(r), p.moment1.row(r), p.moment2.row(r), count: k, lrc: lrc, c2: c2)
            }
            for r in rows { p.grad.row(r).update(repeating: 0, count: k) }
            return
        }
        let stepped = stepRows(table, rows: rows, grads: grads, lrc: lrc, c2: c2)
        let (w, m, v) = (p.value.base, p.moment1.base, p.moment2.base)
        Parallel.forRanges(p.count) { _, r in
            let o = r.lowerBound
            applyZeroGradient(w + o, m + o, v + o, count: r.count, lrc: lrc, c2: c2)
        }
        writeBack(stepped, table, rows: rows)
    }

    /// Dense Adam on a whole embedding table, as `updateDense`, with the zero-gradient steps of the rows
    /// outside the batch deferred until the rows are read (`EmbeddingTable.gather`, `settle`;
    /// `DeferredAdamSteps`): the numbers of dense Adam at a cost per step independent of n. A table with
    /// pinned rows takes `updateDense`.
    public func updateDeferred(_ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>, grads: Matrix) {
        if !table.pinned.isEmpty { updateDense(table, rows: rows, grads: grads); return }
        let (lrc, c2) = corrections
        let deferred = table.deferring(with: self, through: step - 1)
        deferred.catchUp(table.table, rows: rows, through: step - 1)
        log.record(step: step, lrc: lrc, c2: c2)
        let stepped = stepRows(table, rows: rows, grads: grads, lrc: lrc, c2: c2)
        writeBack(stepped, table, rows: rows)
        for r in rows { deferred.current[r] = Int32(step); deferred.lastGradient[r] = Int32(step) }
    }

    /// The Adam step of the batch `rows` from their gradients (B, k), computed in the table's (3B, k)
    /// scratch (values, first moments, second moments) and returned there for `writeBack`.
    private func stepRows(_ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>, grads: Matrix,
                          lrc: Float, c2: Float) -> UnsafeMutablePointer<Float> {
        let p = table.table, k = p.value.cols, b = rows.count
        let scratch = table.updateScratch(rows: 3 * b)
        let sw = scratch.base, sm = scratch.base + b * k, sv = scratch.base + 2 * b * k
        for (i, r) in rows.enumerated() {
            (sw + i * k).update(from: p.value.row(r), count: k)
            (sm + i * k).update(from: p.moment1.row(r), count: k)
            (sv + i * k).update(from: p.moment2.row(r), count: k)
        }
        apply(sw, grads.base, sm, sv, count: b * k, lrc: lrc, c2: c2)
        return sw
    }

    /// Copies the stepped rows from `stepRows`'s scratch back into the table.
    private func writeBack(_ scratch: UnsafeMutablePointer<Float>, _ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>) {
        let p = table.table, k = p.value.cols, b = rows.count
        for (i, r) in rows.enumerated() {
            p.value.row(r).update(from: scratch + i * k, count: k)
            p.moment1.row(r).update(from: scratch + (b + i) * k, count: k)
            p.moment2.row(r).update(from: scratch + (2 * b + i) * k, count: k)
        }
    }

    /// `apply` with g = 0 (m = b1·m, v = b2·v, same rounding as `apply` gives for a zero gradient).
    @inline(__always)
    func applyZeroGradient(_ w: UnsafeMutablePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                           _ v: UnsafeMutablePointer<Float>, count: Int, lrc: Float, c2: Float) {
        let b1 = config.beta1, b2 = config.beta2, eps = config.epsilon
        let inv = 1 / c2.squareRoot()
        typealias V = SIMD8<Float>
        let vb1 = V(repeating: b1), vb2 = V(repeating: b2)
        let vinv = V(repeating: inv), veps = V(repeating: eps), vlr = V(repeating: lrc)
        var i = 0
        while i + 8 <= count {
            let mi = vb1 * UnsafeRawPointer(m + i).loadUnaligned(as: V.self)
            let vi = vb2 * UnsafeRawPointer(v + i).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
            let wi = UnsafeRawPointer(w + i).loadUnaligned(as: V.self)
            let denom = veps.addingProduct(vi.squareRoot(), vinv)
            UnsafeMutableRawPointer(w + i).storeBytes(of: wi - vlr * mi / denom, as: V.self)
            i += 8
        }
        while i < count {
            let mi = b1 * m[i], vi = b2 * v[i]
            m[i] = mi
            v[i] = vi
            w[i] -= lrc * mi / eps.addingProduct(vi.squareRoot(), inv)
            i += 1
        }
    }

    /// Row-sparse ("lazy") update: only `rows` change, each from its row of `grads` (B, k); the others'
    /// moments are left as they were. Cost is independent of the table size.
    public func updateRows(_ table: EmbeddingTable, rows: UnsafeBufferPointer<Int>, grads: Matrix) {
        table.stopDeferring()
        let p = table.table
        let k = p.value.cols
        let (lrc, c2) = corrections
        for (i, r) in rows.enumerated() where !table.pinned.contains(r) {
            apply(p.value.row(r), grads.row(i), p.moment1.row(r), p.moment2.row(r), count: k, lrc: lrc, c2: c2)
        }
    }

    /// `apply` split over the thread team in contiguous ranges (element-wise, so results do not depend on
    /// the split).
    private func applyParallel(_ w: UnsafeMutablePointer<Float>, _ g: UnsafeMutablePointer<Float>,
                               _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                               count: Int, lrc: Float, c2: Float) {
        Parallel.forRanges(count) { _, r in
            let o = r.lowerBound
            apply(w + o, g + o, m + o, v + o, count: r.count, lrc: lrc, c2: c2)
        }
    }

    /// The Adam step on `count` elements, 8 lanes at a time:
    /// m = b1·m + (1-b1)·g, v = b2·v + (1-b2)·g², w -= lr/c1 · m / (sqrt(v)/sqrt(c2) + eps)
    /// (the PyTorch/Keras formulation).
    @inline(__always)
    func apply(_ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
               _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
               count: Int, lrc: Float, c2: Float) {
        let b1 = config.beta1, b2 = config.beta2, eps = config.epsilon
        let sc2 = c2.squareRoot(), inv = 1 / sc2
        typealias V = SIMD8<Float>
        let vb1 = V(repeating: b1), vb2 = V(repeating: b2), va1 = V(repeating: 1 - b1), va2 = V(repeating: 1 - b2)
        let vinv = V(repeating: inv), veps = V(repeating: eps), vlr = V(repeating: lrc)
        var i = 0
        while i + 8 <= count {
            let gi = UnsafeRawPointer(g + i).loadUnaligned(as: V.self)
            let mi = (va1 * gi).addingProduct(vb1, UnsafeRawPointer(m + i).loadUnaligned(as: V.self))
            let vi = (va2 * gi * gi).addingProduct(vb2, UnsafeRawPointer(v + i).loadUnaligned(as: V.self))
            UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
            let wi = UnsafeRawPointer(w + i).loadUnaligned(as: V.self)
            let denom = veps.addingProduct(vi.squareRoot(), vinv)               // sqrt(v)/sqrt(c2) + eps
            UnsafeMutableRawPointer(w + i).storeBytes(of: wi - vlr * mi / denom, as: V.self)
            i += 8
        }
        while i < count {
            let gi = g[i]
            let mi = ((1 - b1) * gi).addingProduct(b1, m[i])             // same operations as the lanes
            let vi = ((1 - b2) * gi * gi).addingProduct(b2, v[i])
            m[i] = mi
            v[i] = vi
            w[i] -= lrc * mi / eps.addingProduct(vi.squareRoot(), inv)
            i += 1
        }
    }
}

/// An invalid hyperparameter or setting, described in one sentence.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// The sentence, e.g. "lr must be positive".
    public let description: String
    /// The option the sentence is about, by its script name ("lr"), when it is about one.
    public let option: String?
    /// An error with the given sentence, about `option` when given.
    public init(_ description: String, option: String? = nil) {
        self.description = description
        self.option = option
    }
}

@inline(__always) func powf(_ x: Float, _ y: Float) -> Float { Float(pow(Double(x), Double(y))) }
