import Foundation
import LatentCore

/// Variational autoencoder baseline: encoder x -> (mu, logvar) (a residual MLP of the decoder's family,
/// 784 -> 64 -> 4 blocks -> 2k as the peers), z = mu + sigma·eps, decoder z -> x; loss = reconstruction
/// (sum over features, mean over batch) + beta·KL.
///
/// Repeated inference (seeds/002) iterates x -> decode(mu(encode(x))): trajectories converge towards
/// cluster centres, which also denoises inputs.
public final class VAEModel: EmbeddingModel, DataParallelModel {
    public let config: ModelConfig
    public let featureCount: Int
    public var history = LossHistory()
    public let optimizer: Adam
    /// x (B, d) -> [mu | logvar] (B, 2k).
    public let encoder: Sequential
    public let decoder: Sequential
    private let eps: Matrix
    private let z: Matrix
    private let dy: Matrix
    private let dh: Matrix

    /// A model for data of `features` values.
    public init(config: ModelConfig, features: Int, rng: inout Rng) {
        self.config = config
        featureCount = features
        optimizer = Adam()
        let k = config.dims
        if config.encoderKind == .conv, let image = config.image {
            encoder = ConvNetworks.encoder(outputs: 2 * k, channels: config.convChannels, height: image[0], width: image[1],
                                           name: "encoder", rng: &rng)
        } else {
            encoder = .residualMLP(inputs: features, width: config.width, blocks: config.blocks, outputs: 2 * k,
                                   output: .identity, name: "encoder", rng: &rng)
        }
        decoder = makeDecoder(config, inputs: k, outputs: features, rng: &rng)
        eps = Matrix(rows: 0, cols: k)
        z = Matrix(rows: 0, cols: k)
        dy = Matrix(rows: 0, cols: features)
        dh = Matrix(rows: 0, cols: 2 * k)
    }

    public var dims: Int { config.dims }
    public var tableRows: Int { 0 }
    public var parameters: [Parameter] { encoder.parameters + decoder.parameters }
    public var lossComponents: [String] { ["loss", "recon", "kl"] }
    public var trainingEmbedding: Matrix? { nil }

    public func stepGradients(_ batch: TrainingBatch, rng: inout Rng) -> [Float] { computeGradients(batch, rng: &rng) }

    public func applyStep(_ batch: TrainingBatch) {
        optimizer.beginStep()
        for p in parameters { optimizer.update(p) }
    }

    public var replicatedParameters: [Parameter] { parameters }
    public var normalsPerRow: Int { dims }
    public func scaleRowGradients(by factor: Float) {}

    /// Loss components of `batch`; writes every parameter's gradient. Draws eps from `rng`.
    func computeGradients(_ batch: TrainingBatch, rng: inout Rng) -> [Float] {
        typealias Rows = GaussianLatent.Rows
        let b = batch.x.rows, k = dims
        let h = encoder.forward(batch.x)                                   // (B,2k) = [mu | logvar]
        eps.resize(rows: b); z.resize(rows: b)
        batch.fillNormal(eps.base, width: k, rng: &rng)
        let kl = GaussianLatent.sample(mu: Rows(h), logVariance: Rows(h, column: k), eps: Rows(eps), into: Rows(z),
                                       rows: b, dims: k)
        let y = decoder.forward(z)
        dy.resize(rows: b)
        let recon = config.loss.evaluate(prediction: y, target: batch.x, grad: dy, reduction: .sumFeaturesMeanBatch)
        let dz = decoder.backward(dy, needInputGradient: true)            // (B,k)
        dh.resize(rows: b)                                                 // (B,2k) = [dmu | dlogvar]
        GaussianLatent.backward(dz: Rows(dz), mu: Rows(h), logVariance: Rows(h, column: k), eps: Rows(eps),
                                beta: config.beta, rows: b, dims: k, dMu: Rows(dh), dLogVariance: Rows(dh, column: k))
        _ = encoder.backward(dh, needInputGradient: false)
        return [recon + config.beta * kl, recon, kl]
    }

    /// Posterior means mu(x) for every row of `data` (n, k), computed in batches.
    public func encode(_ data: SampleSource) -> Matrix {
        let n = data.sampleCount, k = dims
        let out = Matrix(rows: n, cols: k)
        let batch = Matrix(rows: 0, cols: data.featureCount)
        var start = 0
        while start < n {
            let b = min(1024, n - start)
            batch.resize(rows: b)
            let idx = Array(start..<(start + b))
            idx.withUnsafeBufferPointer { data.fillRows($0, into: batch.base) }
            let h = encoder.forward(batch)
            for r in 0..<b { out.row(start + r).update(from: h.row(r), count: k) }
            start += b
        }
        return out
    }

    public func decode(_ z: Matrix) -> Matrix { decodeInBatches(decoder, z) }

    /// Repeated inference from every row of `data`: z_t = mu(x_t), x_{t+1} = decode(z_t), for `steps` steps.
    /// Returns the latent trajectory (one (n, k) matrix per step) and the final reconstructions (n, d).
    public func repeatedInference(_ data: SampleSource, steps: Int) -> (trajectory: [Matrix], final: Matrix) {
        precondition(steps >= 1)
        var x = Matrix(rows: data.sampleCount, cols: featureCount)
        let all = Array(0..<data.sampleCount)
        all.withUnsafeBufferPointer { data.fillRows($0, into: x.base) }
        var trajectory: [Matrix] = []
        for _ in 0..<steps {
            let zt = encode(x)
            trajectory.append(zt)
            x = decode(zt)
        }
        return (trajectory, x)
    }
}

extension VAEModel: EncoderModel {}
