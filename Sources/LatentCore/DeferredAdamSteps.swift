import Foundation

/// The step factors (lr/c1, c2) of every step an `Adam` has taken since it was created or restored:
/// what deferred zero-gradient steps replay.
final class AdamStepLog {
    /// The step number of entry 0.
    private(set) var first = 1
    private var lrc: [Float] = []
    private var c2: [Float] = []
    /// Bumped whenever the log restarts (`Adam.restore`): deferred steps recorded against an older
    /// generation refer to a state that no longer exists.
    private(set) var generation = 0

    /// The last step recorded (first - 1 when none).
    var last: Int { first + lrc.count - 1 }

    /// Records the factors of `step`; a step already recorded is left as it is (gnd's two tables).
    func record(step: Int, lrc l: Float, c2 c: Float) {
        if step == last + 1 { lrc.append(l); c2.append(c); return }
        if step <= last && step >= first { return }
        restart(after: step - 1)
        lrc.append(l); c2.append(c)
    }

    /// Forgets every step; the next is `step + 1`.
    func restart(after step: Int) {
        first = step + 1
        lrc.removeAll(keepingCapacity: true)
        c2.removeAll(keepingCapacity: true)
        generation += 1
    }

    /// (lr/c1, c2) of a recorded step.
    func factors(_ step: Int) -> (lrc: Float, c2: Float) { (lrc[step - first], c2[step - first]) }
}

/// Dense Adam on an embedding table with its zero-gradient steps deferred: the state behind
/// `Adam.updateDeferred`.
///
/// Dense Adam (PyTorch's and Keras's default on an embedding) moves every row at every step: a row
/// outside the batch has a zero gradient, so m <- b1·m, v <- b2·v and the row still moves by
/// lr/c1 · m / (sqrt(v)/sqrt(c2) + eps). Done eagerly that is a pass over the whole (n, k) table per
/// step, n/B passes per epoch: an O(n²/B) epoch. Deferred, a row is brought up to date only when it is
/// read: its missed steps are replayed with the same operations in the same order as the eager pass
/// (`Adam.applyZeroGradient`, the recorded factors of each step), so the bits are those of dense
/// Adam. After `window` steps without a gradient a row's momentum has decayed below 2^-24 of its size
/// (b1^window) and its further moves are below the rounding of its value; those steps are not replayed
/// (m and v are scaled by b1^s and b2^s at once), so a row that waits longer than `window` steps for its
/// next gradient can differ from the eager pass in its last bits. Each row is replayed at most `window`
/// steps per gradient, so an epoch costs O(n · window), linear in n.
public final class DeferredAdamSteps {
    let adam: Adam
    /// The `AdamStepLog` generation these steps refer to.
    let generation: Int
    /// Per row: the step through which its value and moments are up to date.
    var current: [Int32]
    /// Per row: the last step that gave it a gradient (far in the past for a row that never had one).
    var lastGradient: [Int32]
    /// Steps after a gradient that still move a row: the smallest s with b1^s < 2^-24.
    let window: Int

    /// Deferral from step `step` on for a table of `rows` rows whose moments are all zero (`fresh`: no
    /// row has momentum, nothing to replay) or not (every row may still be moving).
    init(adam: Adam, rows: Int, step: Int, fresh: Bool) {
        self.adam = adam
        generation = adam.log.generation
        current = [Int32](repeating: Int32(step), count: rows)
        lastGradient = [Int32](repeating: fresh ? Int32.min / 2 : Int32(step), count: rows)
        window = Self.window(beta1: adam.config.beta1)
    }

    /// Steps after a gradient that still move a row: the smallest s with beta1^s < 2^-24 (158 for 0.9).
    public static func window(beta1: Float) -> Int {
        let b1 = Double(beta1)
        return b1 <= 0 ? 1 : min(100_000, Int((-24 * log(2.0) / log(b1)).rounded(.up)))
    }

    /// Brings `rows` of `p` up to date through step `target` (recorded in the log): replays each row's
    /// missed steps inside its window, then decays the moments over the rest. Rows are replayed in groups that start
    /// at the same step, gathered into (count, k) scratch sorted by their last replayed step (latest
    /// first), so each step is one pass of `applyZeroGradient` over a prefix of the scratch.
    func catchUp(_ p: Parameter, rows: some Collection<Int>, through target: Int) {
        let k = p.value.cols
        // (first step to replay, last step to replay, row); the replayed range may be empty
        var todo: [(start: Int, end: Int, row: Int)] = []
        for r in rows where Int(current[r]) < target {
            let start = Int(current[r]) + 1
            todo.append((start, min(target, Int(lastGradient[r]) + window), r))
        }
        if todo.isEmpty { return }
        todo.sort { $0.start != $1.start ? $0.start < $1.start : ($0.end != $1.end ? $0.end > $1.end : $0.row < $1.row) }
        let config = adam.config
        var g0 = 0
        while g0 < todo.count {
            var g1 = g0
            while g1 < todo.count && todo[g1].start == todo[g0].start { g1 += 1 }
            let group = todo[g0..<g1], count = group.count * k
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * count)
            defer { scratch.deallocate() }
            let w = scratch, m = scratch + count, v = scratch + 2 * count
            for (i, t) in group.enumerated() {
                (w + i * k).update(from: p.value.row(t.row), count: k)
                (m + i * k).update(from: p.moment1.row(t.row), count: k)
                (v + i * k).update(from: p.moment2.row(t.row), count: k)
            }
            // steps start ... (latest end): at step s the rows whose end >= s are a prefix
            let start = group.first!.start, latest = group.first!.end
            var live = group.count
            if latest >= start {
                for s in start...latest {
                    while live > 0 && group[g0 + live - 1].end < s { live -= 1 }
                    let f = adam.log.factors(s)
                    Parallel.forRanges(live * k) { _, r in
                        adam.applyZeroGradient(w + r.lowerBound, m + r.lowerBound, v + r.lowerBound, count: r.count,
                                               lrc: f.lrc, c2: f.c2)
                    }
                }
            }
            for (i, t) in group.enumerated() {
                let rest = target - max(t.end, t.start - 1)            // steps past the window
                if rest > 0 {
                    let d1 = Float(pow(Double(config.beta1), Double(rest)))
                    let d2 = Float(pow(Double(config.beta2), Double(rest)))
                    for c in 0..<k { m[i * k + c] *= d1; v[i * k + c] *= d2 }
                }
                p.value.row(t.row).update(from: w + i * k, count: k)
                p.moment1.row(t.row).update(from: m + i * k, count: k)
                p.moment2.row(t.row).update(from: v + i * k, count: k)
                current[t.row] = Int32(target)
            }
            g0 = g1
        }
    }
}
