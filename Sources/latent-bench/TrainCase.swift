import LatentCore
import LatentData
import LatentModels

/// Seconds per epoch of gne / gnd / vae on MNIST train with the peers' settings.
enum TrainCase {
    /// The peer settings of ../shared/bench/README.md: batch 1024, width 64, 4 residual blocks, Adam 1e-3.
    static func config(_ kind: ModelKind) -> ModelConfig {
        var c = ModelConfig(kind: kind)
        c.dims = 2
        c.width = 64
        c.blocks = 4
        c.decoder = .residual            // gnd too: the peer uses the shared residual decoder
        return c
    }

    /// Matrix-product FLOPs of one training step per sample: forward 2·in·out per dense layer, backward
    /// twice that (dW and dx), except no dx for the network's first layer when its input is data.
    static func gemmFlopPerSample(_ net: Sequential, inputIsData: Bool) -> Double {
        var total = 0.0
        var first = true
        func dense(_ d: Dense) {
            let f = 2.0 * Double(d.inputSize * d.outputSize)
            total += f * ((first && inputIsData) ? 2 : 3)
            first = false
        }
        for layer in net.layers {
            if let d = layer as? Dense { dense(d) }
            else if let r = layer as? ResidualBlock { dense(r.inner); dense(r.outer) }
        }
        return total
    }

    static func gemmFlopPerSample(_ model: GenerativeModel) -> Double {
        if let v = model.asEncoder {
            return gemmFlopPerSample(v.encoder, inputIsData: true) + gemmFlopPerSample(v.decoder, inputIsData: false)
        }
        if let e = model.asLatent { return gemmFlopPerSample(e.decoder, inputIsData: false) }
        return 0
    }

    /// Trains a fresh `kind` model on `data` for `epochs` epochs and reports per-epoch times.
    ///
    /// As `ConvTrainCase`, a peak sgemm product of about one step's FLOP (1024 x 512 x 512 through the
    /// same thread team) is timed after every step (`PeakBesideSteps`): an epoch's time is the sum of the
    /// intervals between its steps with the peak products taken out, and `fraction_of_peak` is the
    /// median over epochs 2-6 of (epoch FLOP / epoch time) / (the epoch's peak FLOP / the peak products'
    /// time): the share of the sgemm floor the epoch reaches.
    static func train(_ kind: ModelKind, data: Dataset, epochs: Int, o: BenchOptions, label: String)
        throws -> [String: Any] {
        var rng = Rng(seed: o.seed)
        let cfg = config(kind)
        let model = try ModelFactory.make(cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        var losses: [Double] = []
        let rssBefore = Measure.peakRSSMiB()
        var peakRng = Rng(seed: o.seed &+ 1)
        let timer = PeakBesideSteps(ConvCase.Peak(&peakRng, m: 1024, k: 512, n: 512))
        _ = try Trainer.train(model, data: data, options: TrainOptions(epochs: epochs, batchSize: 1024,
                                                                       learningRate: 1e-3),
                              rng: &rng, onBatch: { _ in timer.afterStep() }, onEpoch: { r in
            timer.endEpoch()
            losses.append(r.losses["loss"] ?? .nan)
        })
        let window = timer.window, times = timer.seconds, peakRates = timer.peakGFlops
        let med = Measure.median(Array(times[window])) ?? .nan
        let flop = gemmFlopPerSample(model) * Double(data.sampleCount)
        let fractions = timer.fractions(flopPerEpoch: flop)
        return [
            "case": label, "model": kind.rawValue, "n": data.sampleCount, "d": data.featureCount,
            "epochs": epochs, "batch": 1024, "width": cfg.width, "blocks": cfg.blocks,
            "decoder": cfg.decoder.rawValue, "threads": o.threads,
            "threading": o.splitInLatent ? "latent" : "openblas",
            "sec_per_epoch_median_2_6": Measure.round(med),
            "epoch_times": times.map { Measure.round($0) },
            // user+system CPU seconds of the process in the steps of each epoch (peak products excluded):
            // with --threads 1, a figure that a busy machine disturbs far less than the wall clock
            "cpu_sec_per_epoch_median_2_6": Measure.round(Measure.median(Array(timer.cpuSeconds[window])) ?? .nan),
            "loss_curve": losses.map { Measure.round($0, 6) },
            "gemm_gflop_per_epoch": Measure.round(flop / 1e9, 2),
            "gflops_achieved": Measure.round(flop / med / 1e9, 1),
            "peak_sgemm_gflops": Measure.round(Measure.median(Array(window.map { peakRates[$0] })) ?? .nan, 1),
            "peak_sgemm_gflops_each": peakRates.map { Measure.round($0, 1) },
            "fraction_of_peak": Measure.round(Measure.median(fractions) ?? .nan, 3),
            "fraction_of_peak_each": fractions.map { Measure.round($0, 3) },
            "peak_rss_before_train_mib": Measure.round(rssBefore, 1),
            "load_average": GraphCase.loadAverage(),
        ]
    }

    /// MNIST train (60000 x 784, bytes / 255) through LatentData's IDX loader.
    static func loadMNIST(_ o: BenchOptions) throws -> Dataset? {
        guard let folder = o.mnistFolder(), let files = MNISTFiles(folder: folder) else { return nil }
        return try DataLoader.loadIDX(files.trainImages, labelsPath: files.trainLabels).dividedBy(255)
    }

    static func run(_ kind: ModelKind, _ o: BenchOptions) throws {
        guard let data = try loadMNIST(o) else {
            JSONLine.emit(["case": kind.rawValue, "skipped": "MNIST not found (\(o.data ?? "../shared/data/mnist")); pass --data PATH"])
            return
        }
        JSONLine.emit(try train(kind, data: data, epochs: o.epochs, o: o, label: kind.rawValue))
    }
}
