import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentNeighbours
import LatentPlot

/// Inference-side commands on 70000 MNIST points: kNN on a 2-D map, trustworthiness on a subsample,
/// and a 70000-point scatter plot to PNG.
///
/// The 2-D map is a fixed random projection of the pixels (the commands' cost does not depend on how
/// good the map is, and this keeps the case independent of training).
enum InferCase {
    static func run(_ o: BenchOptions) throws {
        guard let folder = o.mnistFolder(), let files = MNISTFiles(folder: folder) else {
            JSONLine.emit(["case": "infer", "skipped": "MNIST not found (\(o.data ?? "../shared/data/mnist")); pass --data PATH"])
            return
        }
        var parts = [try DataLoader.loadIDX(files.trainImages, labelsPath: files.trainLabels)]
        if let ti = files.testImages, let tl = files.testLabels { parts.append(try DataLoader.loadIDX(ti, labelsPath: tl)) }
        let data = try Dataset.concat(parts).dividedBy(255)
        let labels = data.labels ?? []
        let n = data.count, d = data.features
        var rng = Rng(seed: o.seed)
        let pixels = data.floatMatrix()                                     // (n, 784)
        let projection = Matrix(rows: d, cols: 2)
        rng.fillNormal(projection.base, count: projection.count)
        let emb = Matrix(rows: n, cols: 2)
        gemm(pixels, false, projection, false, emb)                         // (n,784)·(784,2) -> (n,2)

        var out: [String: Any] = ["case": "infer", "n": n]
        var accuracy = 0.0
        out["knn_sec"] = Measure.round(try Measure.time {
            let clf = try KNNClassifier(train: emb, labels: labels, k: 5)
            let pred = try clf.predictLeaveOneOut()
            accuracy = Double(zip(pred, labels).filter { $0 == $1 }.count) / Double(n)
        })
        out["knn_k"] = 5
        out["knn_loo_accuracy"] = Measure.round(accuracy)
        var trust = 0.0
        out["trustworthiness_sec"] = Measure.round(try Measure.time {
            var r = Rng(seed: o.seed)
            trust = try NeighborhoodPreservation.evaluate(data: pixels, embedding: emb, k: 10, subsample: 5000,
                                                          rng: &r).trustworthiness
        })
        out["trustworthiness_subsample"] = 5000
        out["trustworthiness_k10"] = Measure.round(trust)
        do {
            try FileManager.default.createDirectory(atPath: o.outDir, withIntermediateDirectories: true)
            let path = (o.outDir as NSString).appendingPathComponent("scatter-70000.png")
            let plot = ScatterPlot(points: emb, labels: labels)
            out["plot_sec"] = Measure.round(try Measure.time {
                _ = try Plotter().render(plot, to: try PlotOutput(path: path))
            })
            out["plot_path"] = path
        } catch {
            out["plot_skipped"] = "\(error)"
        }
        JSONLine.emit(out)
    }
}
