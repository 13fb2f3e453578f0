import LatentCore

/// Forward+backward throughput of the conv layers beside the measured peak sgemm rate.
///
/// Nets: the GNE paper's deconvolutional generator at MNIST size (bench_torch.py's gne_conv decoder:
/// Dense(2 -> 128x7x7, relu) -> ConvT(128->64, 4, s2, p1, relu) -> ConvT(64->1, 4, s2, p1, sigmoid)) and its
/// mirror encoder (Conv(1->64, 4, s2, p1, relu) -> Conv(64->128, 4, s2, p1, relu)), batch 1024.
/// A conv layer's step costs 3 products of 2·B·macsPerSample FLOP (forward, weight and input gradient).
/// The peak is a 2048x1024x1024 gemm through the same thread team, timed alternately with each step
/// (`fraction_of_peak` is the median per-pair ratio, robust to a machine shared with other jobs).
enum ConvCase {
    static let batch = 1024
    static let mnistRows = 60_000

    /// Median seconds of `body` over >= 5 calls and >= `seconds`, after one warm-up call.
    static func median(seconds: Double = 1, _ body: () -> Void) -> Double {
        body()
        var times: [Double] = []
        let start = Measure.now()
        while times.count < 5 || Measure.now() - start < seconds { times.append(Measure.time(body)) }
        return Measure.median(times)!
    }

    /// The peak-rate product: 2048x1024x1024 through the thread team.
    struct Peak {
        let a: Matrix, b: Matrix, c: Matrix
        let flop: Double
        /// A (m, k)·(k, n) product; 2048 x 1024 x 1024 (4.3 GFLOP) unless given.
        init(_ rng: inout Rng, m: Int = 2048, k: Int = 1024, n: Int = 1024) {
            a = Matrix(rows: m, cols: k); b = Matrix(rows: k, cols: n); c = Matrix(rows: m, cols: n)
            flop = 2.0 * Double(m) * Double(k) * Double(n)
            rng.fillUniform(a.base, count: a.count, -1, 1)
            rng.fillUniform(b.base, count: b.count, -1, 1)
        }
        func run() { gemm(a, false, b, false, c) }
    }

    /// `body` (of `flop` FLOP) alternated with peak products of about the same FLOP, >= 5 pairs and >=
    /// `seconds`: on a loaded machine both halves of a pair see about the same share of the cores.
    /// Returns the median seconds of `body`, the median peak GFLOP/s and the median per-pair ratio.
    static func paired(_ peak: Peak, flop: Double, seconds: Double = 1, _ body: () -> Void)
        -> (seconds: Double, peakGFlops: Double, fraction: Double) {
        body(); peak.run()
        let reps = max(1, Int((flop / peak.flop).rounded()))
        var times: [Double] = [], peaks: [Double] = [], ratios: [Double] = []
        let start = Measure.now()
        while times.count < 5 || Measure.now() - start < seconds {
            let t = Measure.time(body)
            let p = Measure.time { for _ in 0..<reps { peak.run() } }
            let rate = Double(reps) * peak.flop / p
            times.append(t); peaks.append(rate / 1e9); ratios.append(flop / t / rate)
        }
        return (Measure.median(times)!, Measure.median(peaks)!, Measure.median(ratios)!)
    }

    /// FLOP of one training step of `layer` (forward + backward with input gradient) at `batch`.
    static func stepFlop(_ layer: Layer) -> Double {
        if let c = layer as? Conv2D { return 3 * 2 * Double(batch * c.geometry.macsPerSample) }
        if let c = layer as? ConvTranspose2D { return 3 * 2 * Double(batch * c.geometry.macsPerSample) }
        if let d = layer as? Dense { return 3 * 2 * Double(batch * d.inputSize * d.outputSize) }
        return 0
    }

    static func measure(_ name: String, _ layers: [Layer], peak: Peak, rng: inout Rng) -> [String: Any] {
        let net = Sequential(layers)
        let x = Matrix(rows: batch, cols: net.inputSize), dy = Matrix(rows: batch, cols: net.outputSize)
        rng.fillUniform(x.base, count: x.count, -1, 1)
        var perLayer: [[String: Any]] = []
        var input = x
        for (i, layer) in layers.enumerated() {
            let xi = input.copy()
            let g = Matrix(rows: batch, cols: layer.outputSize)
            rng.fillUniform(g.base, count: g.count, -1e-3, 1e-3)
            let flop = stepFlop(layer) * (i > 0 ? 1 : 2.0 / 3)
            let fwd = median(seconds: 0.5) { _ = layer.forward(xi) }
            let step = paired(peak, flop: flop, seconds: 0.5) {
                _ = layer.forward(xi)
                _ = layer.backward(g.copy(), needInputGradient: i > 0)
            }
            var row: [String: Any] = ["layer": "\(type(of: layer))", "gflop_per_step": Measure.round(flop / 1e9, 3),
                                      "forward_ms": Measure.round(fwd * 1e3, 2),
                                      "step_ms": Measure.round(step.seconds * 1e3, 2),
                                      "step_gflops": Measure.round(flop / step.seconds / 1e9, 1),
                                      "peak_gflops_beside": Measure.round(step.peakGFlops, 1),
                                      "fraction_of_peak": Measure.round(step.fraction, 3)]
            if let c = layer as? Conv2D { row["geometry"] = c.geometry.description }
            if let c = layer as? ConvTranspose2D { row["geometry"] = c.geometry.description }
            perLayer.append(row)
            input = layer.forward(xi).copy()
        }
        rng.fillUniform(dy.base, count: dy.count, -1e-3, 1e-3)
        let flop = layers.enumerated().reduce(0.0) { $0 + stepFlop($1.element) * ($1.offset > 0 ? 1 : 2.0 / 3) }
        let step = paired(peak, flop: flop, seconds: 2) {
            _ = net.forward(x)
            _ = net.backward(dy.copy(), needInputGradient: false)
        }
        let steps = Double((mnistRows + batch - 1) / batch)
        return ["net": name, "batch": batch, "layers": perLayer, "step_ms": Measure.round(step.seconds * 1e3, 2),
                "gflop_per_step": Measure.round(flop / 1e9, 3),
                "step_gflops": Measure.round(flop / step.seconds / 1e9, 1),
                "peak_gflops_beside": Measure.round(step.peakGFlops, 1),
                "fraction_of_peak": Measure.round(step.fraction, 3),
                "mnist_epoch_s_forward_backward": Measure.round(step.seconds * steps, 2),
                "mnist_epoch_tflop": Measure.round(flop * steps / 1e12, 3)]
    }

    static func run(_ o: BenchOptions) {
        var rng = Rng(seed: o.seed)
        let peak = Peak(&rng)
        let decoder: [Layer] = [
            Dense(2, 128 * 7 * 7, activation: .relu, name: "in", rng: &rng),
            ConvTranspose2D(inChannels: 128, height: 7, width: 7, outChannels: 64, kernel: 4, stride: 2, padding: 1,
                            activation: .relu, name: "up1", rng: &rng),
            ConvTranspose2D(inChannels: 64, height: 14, width: 14, outChannels: 1, kernel: 4, stride: 2, padding: 1,
                            activation: .sigmoid, name: "up2", rng: &rng),
        ]
        let encoder: [Layer] = [
            Conv2D(inChannels: 1, height: 28, width: 28, outChannels: 64, kernel: 4, stride: 2, padding: 1,
                   activation: .relu, name: "down1", rng: &rng),
            Conv2D(inChannels: 64, height: 14, width: 14, outChannels: 128, kernel: 4, stride: 2, padding: 1,
                   activation: .relu, name: "down2", rng: &rng),
        ]
        let nets = [measure("gne_conv decoder", decoder, peak: peak, rng: &rng),
                    measure("conv encoder", encoder, peak: peak, rng: &rng)]
        JSONLine.emit(["case": "conv", "threads": o.threads, "nets": nets])
    }
}
