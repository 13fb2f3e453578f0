import LatentCore
import LatentData
import LatentEval
import LatentNeighbours
import LatentModels

/// Seconds per MNIST epoch of the nets of ../shared/bench/bench_torch.py's `--model gne_conv` and
/// `--model kaleido`, built exactly as there (batch 1024, Adam lr 1e-3, as the script's defaults):
///
///     gne_conv     2-D table U(-0.05, 0.05), noise N(0, 0.1²), Dense(2 -> 128x7x7, relu)
///                  -> ConvT(128->64, 4, s2, p1, relu) -> ConvT(64->1, 4, s2, p1) -> sigmoid, per-pixel MSE
///     gne_conv32   the same with latent's default channels=32 (ConvT 32->16->1)
///     kaleido      784 -> 10 x Dense(500, relu) -> Dense(784, tanh), data mapped to [-1, 1], MSE
///
/// FLOP per epoch counts the matrix products of every layer (forward, weight gradient, input gradient
/// except for a network's first layer when its input is data). The whole training loop is measured (table
/// gather, noise, loss, backward, Adam and the table step included): after every step one peak sgemm
/// product (`ConvCase.Peak`, 2048x1024x1024 through the same thread team) is timed, so each step has a
/// peak measured right beside it, as the load of a shared machine changes. An epoch's time is the sum of
/// the intervals between its steps with the peak products taken out; `fraction_of_peak` is the median
/// over epochs 2-6 of (epoch FLOP / epoch time) / (the epoch's peak FLOP / the peak products' time).
enum ConvTrainCase {
    static let cases = ["gne_conv", "gne_conv32", "kaleido", "conv_quality", "conv_quality32"]

    static func config(_ name: String) -> ModelConfig {
        switch name {
        case "kaleido":
            return ModelConfig(kind: .kaleido)            // width 500, depth 10, tanh: the script's net
        default:
            var c = ModelConfig(kind: .gne)
            c.decoder = .conv
            c.channels = name == "gne_conv" ? 128 : 32
            c.image = [28, 28]
            return c
        }
    }

    /// Matrix-product FLOP of one training step per sample through `net`.
    static func flopPerSample(_ net: Sequential, inputIsData: Bool) -> Double {
        var total = 0.0
        for (i, layer) in net.layers.enumerated() {
            let products = (i == 0 && inputIsData) ? 2.0 : 3.0
            if let c = layer as? Conv2D { total += products * 2 * Double(c.geometry.macsPerSample) }
            if let c = layer as? ConvTranspose2D { total += products * 2 * Double(c.geometry.macsPerSample) }
            if let d = layer as? Dense { total += products * 2 * Double(d.inputSize * d.outputSize) }
        }
        return total
    }

    static func run(_ name: String, _ o: BenchOptions) throws {
        if name.hasPrefix("conv_quality") { return try quality(o, wide: name == "conv_quality") }
        guard let data = try TrainCase.loadMNIST(o) else {
            JSONLine.emit(["case": name, "skipped": "MNIST not found (\(o.data ?? "../shared/data/mnist")); pass --data PATH"])
            return
        }
        var rng = Rng(seed: o.seed)
        let cfg = config(name)
        let model = try ModelFactory.make(cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        let net: Sequential
        let inputIsData: Bool
        if let k = model as? KaleidoModel { net = k.network; inputIsData = true } else {
            net = model.asLatent!.decoder; inputIsData = false
        }
        let flop = flopPerSample(net, inputIsData: inputIsData) * Double(data.sampleCount)
        var peakRng = Rng(seed: o.seed &+ 1)                   // its own stream: training draws as before
        let peak = ConvCase.Peak(&peakRng)
        peak.run()
        var times: [Double] = [], losses: [Double] = [], wall: [Double] = []
        var stepSum = 0.0, peakSum = 0.0, peakRuns = 0, peakRates: [Double] = []
        var last = Measure.now()
        _ = try Trainer.train(model, data: data, options: TrainOptions(epochs: o.epochs, batchSize: 1024, learningRate: 1e-3),
                              rng: &rng, onBatch: { _ in
            stepSum += Measure.now() - last
            peakSum += Measure.time { peak.run() }
            peakRuns += 1
            last = Measure.now()
        }, onEpoch: { r in
            times.append(stepSum)
            wall.append(r.seconds)
            peakRates.append(Double(peakRuns) * peak.flop / peakSum / 1e9)
            losses.append(r.losses["loss"] ?? .nan)
            stepSum = 0; peakSum = 0; peakRuns = 0
        })
        let window = times.count >= 6 ? 1..<6 : (times.count > 1 ? 1 : 0)..<times.count
        let med = Measure.median(Array(times[window])) ?? .nan
        let epochRates = times.map { flop / $0 / 1e9 }
        let fractions = window.map { epochRates[$0] / peakRates[$0] }
        let rss = Measure.peakRSSMiB()
        JSONLine.emit([
            "case": name, "model": name, "n": data.sampleCount, "d": data.featureCount, "epochs": o.epochs, "batch": 1024,
            "channels": cfg.decoder == .conv ? cfg.convChannels : 0, "threads": o.threads,
            "params": model.parameterCount,
            "sec_per_epoch_median_2_6": Measure.round(med), "epoch_times": times.map { Measure.round($0) },
            "loss_curve": losses.map { Measure.round($0, 6) },
            "gemm_tflop_per_epoch": Measure.round(flop / 1e12, 3),
            "gflops_achieved": Measure.round(flop / med / 1e9, 1),
            "epoch_gflops": Measure.round(Measure.median(Array(window.map { epochRates[$0] })) ?? .nan, 1),
            "epoch_gflops_each": epochRates.map { Measure.round($0, 1) },
            "peak_sgemm_gflops": Measure.round(Measure.median(Array(window.map { peakRates[$0] })) ?? .nan, 1),
            "peak_sgemm_gflops_each": peakRates.map { Measure.round($0, 1) },
            "epoch_wall_times_with_peaks": wall.map { Measure.round($0, 2) },
            "fraction_of_peak": Measure.round(Measure.median(fractions) ?? .nan, 3),
            "fraction_of_peak_each": fractions.map { Measure.round($0, 3) },
            "peak_rss_train_mib": Measure.round(rss, 1),
        ])
    }

    /// `conv_quality`: MNIST 2-D gne with the residual MLP decoder, `decoder=conv` (channels 32, the default)
    /// and channels 128, `--epochs` epochs each (batch 1024, lr 1e-3): seconds per epoch, per-pixel MSE of
    /// the training reconstruction and of the first 2000 test images embedded through the frozen decoder,
    /// test kNN accuracy (k=5, 2000 embedded test points against the 60000 training points), and the
    /// Fréchet score of 10000 samples (training points plus the training noise) against the training
    /// set, beside the real-test-vs-train floor, in the features of a FeatureClassifier trained once.
    /// `conv_quality32` leaves out the 128-channel net (14.6x the default's FLOPs), for longer runs.
    static func quality(_ o: BenchOptions, wide: Bool) throws {
        guard let mnist = try o.mnistTrainAndTest(case: wide ? "conv_quality" : "conv_quality32") else { return }
        let (train, test) = mnist
        let x = train.floatMatrix(), xt = test.floatMatrix()
        let testHead = try test.head(2000), xh = testHead.floatMatrix()
        let classifier = try FeatureClassifier.train(data: x, labels: train.labels ?? [], epochs: 3, seed: o.seed)
        var residual = ModelConfig(kind: .gne)
        residual.decoder = .residual
        var rows: [[String: Any]] = []
        let nets = [("residual mlp", residual), ("conv 32", config("gne_conv32"))] + (wide ? [("conv 128", config("gne_conv"))] : [])
        for (label, cfg) in nets {
            var rng = Rng(seed: o.seed)
            let model = try ModelFactory.make(cfg, samples: train.sampleCount, features: train.featureCount, rng: &rng)
            guard let latent = model.asLatent else { continue }
            var times: [Double] = []
            _ = try Trainer.train(model, data: train, options: TrainOptions(epochs: o.epochs, batchSize: 1024, learningRate: 1e-3),
                                  rng: &rng, onEpoch: { times.append($0.seconds) })
            let e = latent.trainingEmbedding!
            let trainMSE = mse(latent.decode(e), x)
            let fitStart = Measure.now()
            let et = try latent.fitFrozen(testHead)
            let fitSec = Measure.now() - fitStart
            let testMSE = mse(latent.decode(et), xh)
            let knn = try KNNClassifier(train: e, labels: train.labels ?? [], k: 5)
            let predicted = try knn.predict(et)
            let correct = zip(predicted, testHead.labels ?? []).filter { $0 == $1 }.count
            let samples = latent.decode(latent.priorDraws(count: 10_000, rng: &rng))
            let frechet = try FrechetScore.evaluate(generated: samples, test: xt, train: x, classifier: classifier)
            rows.append(["decoder": label, "params": model.parameterCount, "epochs": o.epochs,
                         "sec_per_epoch_median": Measure.round(Measure.median(Array(times.dropFirst())) ?? .nan),
                         "train_mse": Measure.round(trainMSE, 5), "test_mse_2000": Measure.round(testMSE, 5),
                         "test_knn5_accuracy_2000": Measure.round(Double(correct) / Double(xh.rows), 4),
                         "test_fit_sec": Measure.round(fitSec, 1),
                         "frechet_samples_vs_train": Measure.round(frechet.generated, 2),
                         "frechet_real_test_vs_train": Measure.round(frechet.baseline, 2)])
        }
        JSONLine.emit(["case": wide ? "conv_quality" : "conv_quality32", "threads": o.threads, "models": rows])
    }

    /// Mean squared difference per value of two equal-shaped matrices.
    static func mse(_ a: Matrix, _ b: Matrix) -> Double {
        var s = 0.0
        for i in 0..<a.count { let d = Double(a.base[i] - b.base[i]); s += d * d }
        return s / Double(a.count)
    }
}
