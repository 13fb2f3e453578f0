import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentNeighbours
import LatentModels

/// The neighbour-aware GNE on MNIST, as scripts/quality/mnist-transform-train.latent makes it (PCA init,
/// `neighbours` weight 0.3, lr 5e-3, batch 1024), timed in its parts: the graph (PCA-50 then the automatic
/// kNN search), seconds per epoch without and with the force (median of epochs 2-6), the 5-fold kNN of the
/// map after `--map-epochs` and its trustworthiness (k = 10, 5000 rows), and the transform: `embed` of the 10000 test images (start from 15 graph
/// neighbours, pulled frozen fit) with its seconds and test kNN (k = 5 fitted on the train map). The same
/// protocol as ../shared/bench/bench_umap.py, which scripts/bench-peers --umap runs beside it.
enum NeighbourCase {
    static func run(_ o: BenchOptions) throws {
        guard let mnist = try o.mnistTrainAndTest(case: "neighbour") else { return }
        let (train, test) = mnist
        var r: [String: Any] = ["case": "neighbour", "n": train.count, "test_n": test.count, "threads": o.threads,
                                "map_epochs": o.mapEpochs, "load_average_at_start": GraphCase.loadAverage()]
        // the graph, as the `neighbours` command builds it
        var pca: PCA!, points: Matrix!, nb: Neighbors!
        let pcaSeconds = try Measure.time {
            pca = try PCAProjection.fit(train, components: GraphCase.components)
            points = try PCAProjection.apply(pca, to: train)
        }
        let knnSeconds = try Measure.time { nb = try KNNGraph.selfNeighbors(points, k: GraphCase.k, method: .auto, seed: o.seed) }
        r["graph_method"] = KNNGraph.resolve(.auto, count: train.count).rawValue
        r["graph_sec"] = Measure.round(pcaSeconds + knnSeconds, 2)
        r["graph_pca_sec"] = Measure.round(pcaSeconds, 2)

        func model(force: Bool) throws -> GenerativeModel? {
            var rng = Rng(seed: o.seed)
            let m = try ModelFactory.make(TrainCase.config(.gne), samples: train.count, features: train.features, rng: &rng)
            guard let tables = m.asTables, let layout = m.asLayoutForce else { return nil }
            try tables.initialisePositions(try PCAProjection.project(train, components: 2))
            if force {
                var term = NeighbourTerm(graph: NeighbourGraph(nb), weight: 0.3)
                term.form = .umap
                term.space = NeighbourSpace(pca: pca, points: points)
                try layout.setNeighbourTerm(term, dataset: train.name)
            }
            return m
        }
        /// Trains `m` for `epochs` epochs; returns the epoch times.
        func fit(_ m: GenerativeModel, epochs: Int) throws -> [Double] {
            var rng = Rng(seed: o.seed ^ 0x7A)
            var times: [Double] = []
            _ = try Trainer.train(m, data: train, options: TrainOptions(epochs: epochs, batchSize: 1024, learningRate: 5e-3),
                                  rng: &rng, onEpoch: { times.append($0.seconds) })
            return times
        }
        func median26(_ t: [Double]) -> Double { Measure.median(t.count >= 6 ? Array(t[1..<6]) : t) ?? .nan }
        guard let plain = try model(force: false), let forced = try model(force: true) else { return }
        let plainTimes = try fit(plain, epochs: max(6, min(o.epochs, o.mapEpochs)))
        let forcedTimes = try fit(forced, epochs: o.mapEpochs)
        r["epoch_sec_plain"] = Measure.round(median26(plainTimes))
        r["epoch_sec_force"] = Measure.round(median26(forcedTimes))
        r["force_over_plain"] = Measure.round(median26(forcedTimes) / median26(plainTimes), 3)
        r["train_sec"] = Measure.round(forcedTimes.reduce(0, +), 2)
        r["graph_and_train_sec"] = Measure.round(pcaSeconds + knnSeconds + forcedTimes.reduce(0, +), 2)
        guard let tables = forced.asTables, let layout = forced.asLayoutForce else { return }
        let table = tables.positions.table.value, labels = train.labels ?? []
        var cvRng = Rng(seed: 0)
        r["cv5_knn"] = Measure.round(try KNNClassifierReport.crossValidate(data: table, labels: labels, k: 5, rng: &cvRng).accuracy, 4)
        // the transform, as `embed m te` with its defaults
        var z: Matrix!
        let transformSeconds = try Measure.time {
            let pull = try layout.neighbourPull(for: test, weight: NeighbourPull.defaultWeight)
            z = try tables.fitFrozen(test, options: NeighbourPull.defaultFit, pull: pull)
        }
        let predicted = try KNNClassifier(train: table, labels: labels, k: 5).predict(z)
        let truth = test.labels ?? []
        r["transform_sec"] = Measure.round(transformSeconds, 2)
        r["test_knn"] = Measure.round(Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(max(truth.count, 1)), 4)
        r["peak_rss_mib"] = Measure.round(Measure.peakRSSMiB(), 1)   // before the score below, which holds the pixels as floats
        var trustRng = Rng(seed: 0)
        r["trust10"] = Measure.round(try NeighborhoodPreservation.evaluate(data: train.floatMatrix(), embedding: table, k: 10, subsample: 5000,
                                                                           rng: &trustRng).trustworthiness, 4)
        JSONLine.emit(r)
    }
}
