import LatentCore
import LatentData
import LatentEval
import LatentNeighbours

/// The neighbour graph of MNIST train on its PCA-50 projection, exact vs NN-descent (seconds, recall@15),
/// then NN-descent on `--graph-rows` points (MNIST copies shifted by up to 2 pixels) with a sampled recall.
enum GraphCase {
    static let k = 15, components = 50

    static func run(_ o: BenchOptions) throws {
        guard let data = try TrainCase.loadMNIST(o) else {
            JSONLine.emit(["case": "graph", "skipped": "MNIST not found (\(o.data ?? "../shared/data/mnist")); pass --data PATH"])
            return
        }
        let images = data.floatMatrix()     // (60000, 784)
        // as the `neighbours` command: PCA fitted on 10000 rows drawn with seed 0x9CA, applied to all
        var pca: PCA!, points: Matrix!
        let pcaSeconds = try Measure.time {
            var rng = Rng(seed: 0x9CA)
            let fitRows = Array(rng.permutation(images.rows).prefix(10_000)).sorted()
            pca = try PCA.fit(images.gatherRows(fitRows), components: components)
            points = try pca.transform(images)
        }
        var options = NNDescent.Options()
        options.seed = o.seed
        var exact: Neighbors!, approx: Neighbors!, trace = NNDescent.Trace()
        let exactSeconds = try Measure.time { exact = try KNNIndex(points: points).selfNeighbors(k: k) }
        let approxSeconds = try Measure.time {
            approx = try NNDescent.selfNeighbors(points, k: k, options: options, trace: &trace)
        }
        var r: [String: Any] = [
            "case": "graph", "n": points.rows, "d": components, "k": k, "threads": o.threads,
            "pca_sec": Measure.round(pcaSeconds, 3),
            "exact_sec": Measure.round(exactSeconds, 3), "approx_sec": Measure.round(approxSeconds, 3),
            "approx_over_exact": Measure.round(approxSeconds / exactSeconds, 3),
            "recall_at_15": Measure.round(try KNNGraph.recall(approx, of: exact), 4),
            "trees": trace.trees, "leaf_size": trace.leafSize, "max_candidates": trace.maxCandidates,
            "changes_per_iteration": trace.changes,
            "init_sec": Measure.round(trace.initSeconds, 3), "iteration_sec": trace.iterationSeconds.map { Measure.round($0, 3) },
            "auto_approx_above": KNNGraph.approximateAbove,
            "load_average_at_start": loadAverage(),
            "peak_rss_after_60000_mib": Measure.round(Measure.peakRSSMiB(), 1),
        ]
        // where exact and approximate cross: prefixes of the projection
        var sizes: [[String: Any]] = []
        for m in [5_000, 10_000, 20_000, 40_000] {
            let sub = points.gatherRows(Array(0..<m))
            var e: Neighbors!, a: Neighbors!
            let te = try Measure.time { e = try KNNIndex(points: sub).selfNeighbors(k: k) }
            let ta = try Measure.time { a = try NNDescent.selfNeighbors(sub, k: k, options: options) }
            sizes.append(["n": m, "exact_sec": Measure.round(te, 3), "approx_sec": Measure.round(ta, 3),
                          "recall_at_15": Measure.round(try KNNGraph.recall(a, of: e), 4)])
        }
        r["sizes"] = sizes
        if o.graphRows > 0 {
            let big = shiftedCopies(images, rows: o.graphRows, pca: pca, seed: o.seed)
            r["large_points_mib"] = Measure.round(Double(big.count * 4) / 1_048_576, 1)
            r["rss_before_large_mib"] = Measure.round(Measure.currentRSSMiB(), 1)
            var nb: Neighbors!, bigTrace = NNDescent.Trace()
            let seconds = try Measure.time {
                nb = try NNDescent.selfNeighbors(big, k: k, options: options, trace: &bigTrace)
            }
            r["large_rows"] = big.rows
            r["large_sec"] = Measure.round(seconds, 2)
            r["large_changes_per_iteration"] = bigTrace.changes
            r["large_trees"] = bigTrace.trees
            r["large_init_sec"] = Measure.round(bigTrace.initSeconds, 2)
            r["large_iteration_sec"] = bigTrace.iterationSeconds.map { Measure.round($0, 2) }
            r["large_recall_at_15_sampled"] = Measure.round(try sampledRecall(nb, big, samples: 1000, seed: o.seed), 4)
            r["large_recall_samples"] = 1000
        }
        JSONLine.emit(r)
    }

    /// The first three fields of /proc/loadavg (the machine is often shared), or "unknown".
    static func loadAverage() -> String {
        guard let s = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return s.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// `rows` PCA rows (rows, 50): copy 0 of MNIST as is, copy c of image i shifted by the c-th of the 24
    /// non-zero (dx, dy) in -2...2 in an order drawn per image (so no two copies of an image coincide),
    /// projected in chunks so the (rows, 784) float set is never held.
    static func shiftedCopies(_ images: Matrix, rows: Int, pca: PCA, seed: UInt64) -> Matrix {
        let n = images.rows, side = 28, chunk = 4096
        let shifts = (-2...2).flatMap { dy in (-2...2).map { dx in (dx, dy) } }.filter { $0 != (0, 0) }
        let out = Matrix(rows: rows, cols: components)
        let buffer = Matrix(rows: chunk, cols: side * side)
        var r0 = 0
        while r0 < rows {
            let b = min(chunk, rows - r0)
            buffer.resize(rows: b)
            for t in 0..<b {
                let row = r0 + t, image = row % n, copy = row / n
                let src = images.row(image), dst = buffer.row(t)
                var rng = Rng(seed: seed &* 0x9E37_79B9 &+ UInt64(image))
                let (dx, dy) = copy == 0 ? (0, 0) : shifts[rng.permutation(shifts.count)[(copy - 1) % shifts.count]]
                for y in 0..<side {
                    for x in 0..<side {
                        let sx = x - dx, sy = y - dy
                        dst[y * side + x] = sx >= 0 && sx < side && sy >= 0 && sy < side ? src[sy * side + sx] : 0
                    }
                }
            }
            let projected = try! pca.transform(buffer)
            out.row(r0).update(from: projected.base, count: b * components)
            r0 += b
        }
        return out
    }

    /// Recall@k of `nb` on `samples` random rows, against exact search of those rows over all points.
    static func sampledRecall(_ nb: Neighbors, _ points: Matrix, samples: Int, seed: UInt64) throws -> Double {
        var rng = Rng(seed: seed ^ 0x7EC)
        let rows = (0..<samples).map { _ in rng.int(below: points.rows) }
        let truth = try KNNIndex(points: points, method: .bruteForce).query(points.gatherRows(rows), k: k + 1)
        var hits = 0
        for (s, q) in rows.enumerated() {
            var exact = Array(truth.indices(of: s))
            if let self_ = exact.firstIndex(of: Int32(q)) { exact.remove(at: self_) } else { exact.removeLast() }
            for j in nb.indices(of: q) where exact.contains(j) { hits += 1 }
        }
        return Double(hits) / Double(samples * k)
    }
}
