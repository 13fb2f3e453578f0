import LatentCore
import LatentEval
import LatentNeighbours

/// Evaluation kernels on synthetic data (no MNIST needed): the kd-tree kNN index over 70000 2-D points
/// (build, then k=10 self-queries) and trustworthiness/continuity of a 2-D map of 6000 points in 784
/// dimensions on a 5000-point subsample. These were timing printouts inside KNNIndexTests and
/// TrustworthinessTests; as tests they could not fail, here they are figures to compare. Each part
/// reports wall seconds and CPU seconds (all threads; steadier on a shared machine).
enum EvalCase {
    static func run(_ o: BenchOptions) throws {
        var rng = Rng(seed: o.seed)
        var out: [String: Any] = ["case": "eval"]

        let points = Matrix(rows: 70_000, cols: 2)
        rng.fillNormal(points.base, count: points.count)
        var index: KNNIndex? = nil
        let build = Measure.times { index = KNNIndex(points: points) }
        var queries = 0
        let query = try Measure.times { queries = try index!.selfNeighbors(k: 10).queryCount }
        out["knn_build_sec"] = build.wall
        out["knn_build_cpu_sec"] = build.cpu
        out["knn_self_query_sec"] = query.wall
        out["knn_self_query_cpu_sec"] = query.cpu
        out["knn_points"] = queries
        out["knn_k"] = 10
        out["knn_method"] = "\(index!.method)"

        let x = Matrix(rows: 6000, cols: 784)
        rng.fillUniform(x.base, count: x.count, 0, 1)
        let y = Matrix(rows: x.rows, cols: 2)            // the first two coordinates as the "map"
        for i in 0..<x.rows { y[i, 0] = x[i, 0]; y[i, 1] = x[i, 1] }
        var score: NeighborhoodPreservation? = nil
        let trust = try Measure.times {
            score = try NeighborhoodPreservation.evaluate(data: x, embedding: y, k: 10, subsample: 5000, rng: &rng)
        }
        out["trustworthiness_sec"] = trust.wall
        out["trustworthiness_cpu_sec"] = trust.cpu
        out["trustworthiness_rows"] = 6000
        out["trustworthiness_subsample"] = score!.sampleCount
        out["trustworthiness_k10"] = Measure.round(score!.trustworthiness)
        out["continuity_k10"] = Measure.round(score!.continuity)
        JSONLine.emit(out)
    }
}
