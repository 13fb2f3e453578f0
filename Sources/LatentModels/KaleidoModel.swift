import LatentCore

/// Generative Kaleidoscopic Network (seeds/003): a deep ReLU MLP f trained on f(x) = x with data mapped to
/// [-1, 1] (tanh output); sampling applies f repeatedly to noise, after a burn-in, with a little zero-mean
/// noise per step. Over-generalisation of deep ReLU nets maps unseen inputs near the training manifold.
///
/// Users give data in [0, 1]; the model maps it to [-1, 1] inside and back in every output.
public final class KaleidoModel: GenerativeModel, DataParallelModel {
    public let config: ModelConfig
    public let featureCount: Int
    public var history = LossHistory()
    public let optimizer: Adam
    /// f: (B, d) -> (B, d), `depth` hidden ReLU layers of `width`, tanh output (`decoder=conv`:
    /// `ConvNetworks.identityMap`).
    public let network: Sequential
    private let centred: Matrix
    private let dy: Matrix

    /// A model for data of `features` values.
    public init(config: ModelConfig, features: Int, rng: inout Rng) {
        self.config = config
        featureCount = features
        optimizer = Adam(AdamConfig(learningRate: 1e-4))
        if config.decoder == .conv, let image = config.image {
            network = ConvNetworks.identityMap(depth: config.depth, channels: config.convChannels, height: image[0],
                                               width: image[1], name: "kaleido", rng: &rng)
        } else {
            network = .mlp(inputs: features, hidden: Array(repeating: config.width, count: config.depth), outputs: features,
                           hiddenActivation: .relu, output: .tanh, name: "kaleido", rng: &rng)
        }
        centred = Matrix(rows: 0, cols: features)
        dy = Matrix(rows: 0, cols: features)
    }

    public var tableRows: Int { 0 }
    public var parameters: [Parameter] { network.parameters }
    public var lossComponents: [String] { ["loss"] }

    public var replicatedParameters: [Parameter] { parameters }
    public var normalsPerRow: Int { 0 }
    public func scaleRowGradients(by factor: Float) {}

    public func applyStep(_ batch: TrainingBatch) {
        optimizer.beginStep()
        for p in parameters { optimizer.update(p) }
    }

    public func stepGradients(_ batch: TrainingBatch, rng: inout Rng) -> [Float] {
        let b = batch.x.rows
        centred.resize(rows: b)
        toCentred(batch.x.base, centred.base, count: b * featureCount)   // [0,1] -> [-1,1]
        let y = network.forward(centred)
        dy.resize(rows: b)
        let loss = config.loss.evaluate(prediction: y, target: centred, grad: dy, reduction: .mean)
        _ = network.backward(dy, needInputGradient: false)
        return [loss]
    }

    /// One application of f to data-scale rows (m, d) in [0, 1].
    public func decode(_ x: Matrix) -> Matrix {
        let c = Matrix(rows: x.rows, cols: featureCount)
        toCentred(x.base, c.base, count: x.count)
        let y = decodeInBatches(network, c)
        fromCentred(y.base, count: y.count)
        return y
    }

    /// Kaleidoscopic sampling: `count` chains from U(-1, 1) noise, `burnIn` applications of f, then `steps`
    /// more whose states are the samples; each application adds N(0, noise²). Returns the final samples in
    /// [0, 1], the states `record` asks for (of its first chains, every so many steps; none when nil), and
    /// per chain the first step after which the state moves less than `tolerance` (RMS per feature).
    public func sample(count: Int, burnIn: Int, steps: Int = 1, noise: Float = 0.01, tolerance: Float = 1e-3,
                       record: ChainRecording? = nil, rng: inout Rng) -> KaleidoChain {
        var x = Matrix(rows: count, cols: featureCount)
        rng.fillUniform(x.base, count: x.count, -1, 1)
        var chain: [Matrix] = []
        let kept = min(record?.chains ?? 0, count), every = max(record?.every ?? 1, 1)
        func keep(_ m: Matrix, step t: Int) {
            guard kept > 0, t % every == 0 else { return }
            let c = Matrix(rows: kept, cols: featureCount)                  // (kept, d) of the first chains
            c.base.update(from: m.base, count: kept * featureCount)
            fromCentred(c.base, count: c.count)
            chain.append(c)
        }
        keep(x, step: 0)
        var settled = [Int?](repeating: nil, count: count)
        let total = burnIn + max(steps, 1)
        for t in 1...total {
            let y = decodeInBatches(network, x)
            if noise > 0 { for i in 0..<y.count { y.base[i] += noise * rng.normal() } }
            for r in 0..<count where settled[r] == nil {
                var s: Float = 0
                let a = x.row(r), b = y.row(r)
                for j in 0..<featureCount { let d = a[j] - b[j]; s += d * d }
                if (s / Float(featureCount)).squareRoot() < tolerance { settled[r] = t }
            }
            x = y
            keep(x, step: t)
        }
        let out = x.copy()
        for i in 0..<out.count { out.base[i] = min(max(out.base[i], -1), 1) }
        fromCentred(out.base, count: out.count)
        return KaleidoChain(samples: out, chain: chain, recordedEvery: every, settleSteps: settled)
    }

    private func toCentred(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { dst[i] = 2 * src[i] - 1 }
    }

    private func fromCentred(_ p: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { p[i] = 0.5 * (p[i] + 1) }
    }
}

/// The result of kaleidoscopic sampling.
public struct KaleidoChain {
    /// Final states (count, d) in [0, 1].
    public var samples: Matrix
    /// The recorded states, oldest first: states 0, every, 2·every, ... (state 0 is the noise) of the
    /// first `chains` chains, each (chains, d); empty when nothing was recorded.
    public var chain: [Matrix]
    /// Steps between two recorded states.
    public var recordedEvery: Int
    /// Per chain, the first step whose move was below the tolerance (nil: never settled).
    public var settleSteps: [Int?]
}

/// Which chain states kaleidoscopic sampling keeps: memory is chains x (states / every) x d floats, not
/// count x states x d.
public struct ChainRecording: Sendable, Equatable {
    /// The first `chains` chains are recorded.
    public var chains: Int
    /// Every `every`-th state is kept (1: every state).
    public var every: Int

    /// Records the first `chains` chains every `every` states.
    public init(chains: Int, every: Int = 1) {
        self.chains = chains
        self.every = every
    }
}

extension KaleidoModel: IteratedMapModel {}
