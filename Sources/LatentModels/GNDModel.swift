import Foundation
import LatentCore

/// G-NeuroDAVIS: per-sample mean and log-variance tables (the identity-input layer of the paper, stored as
/// two (n, k) lookups instead of an n x n identity times an n x 2k weight), z = mu + exp(logvar/2)·eps,
/// loss = reconstruction + beta·KL(N(mu, sigma²) || N(0, I)).
///
/// Reduction: reconstruction is summed over features and averaged over the batch; KL is summed over the k
/// latent dimensions and averaged over the batch (the ELBO per sample). With `loss = mse` the reported
/// "recon" is therefore d times the per-pixel MSE.
///
/// Supervised (class-conditional) mode: the decoder input is [z, onehot(class)] (k + C values). The tables
/// then learn within-class variation, the class enters through the one-hot, and `generate class=c` decodes
/// prior draws z ~ N(0, I) beside the one-hot of c. The paper gives no training code; this is the
/// conditional-VAE reading of its "class information in the input matrix", chosen because it makes
/// conditional samples reliably of the requested class.
public final class GNDModel: EmbeddingModel, DataParallelModel {
    public let config: ModelConfig
    public let featureCount: Int
    public var history = LossHistory()
    public let optimizer: Adam
    /// Per-sample means (n, k).
    public let mean: EmbeddingTable
    /// Per-sample log-variances (n, k).
    public let logVariance: EmbeddingTable
    public let decoder: Sequential
    private let eps: Matrix
    private let input: Matrix
    private let dy: Matrix
    private let dMean: Matrix
    private let dLogVar: Matrix

    /// A model for `samples` rows of `features` values. With `keeping`, only those rows of the tables are
    /// held (a data-parallel rank's shard), initialised with the draws whole tables would get.
    public init(config: ModelConfig, samples: Int, features: Int, rng: inout Rng, keeping rows: Range<Int>? = nil) {
        self.config = config
        featureCount = features
        optimizer = Adam()
        let k = config.dims
        mean = EmbeddingTable(count: samples, dims: k, initRange: config.initRange, name: "mean", rng: &rng, keeping: rows)
        logVariance = EmbeddingTable(count: samples, dims: k, initRange: config.initRange, name: "logvar", rng: &rng,
                                     keeping: rows)
        let extra = config.supervised ? config.classes : 0
        decoder = makeDecoder(config, inputs: k + extra, outputs: features, rng: &rng)
        eps = Matrix(rows: 0, cols: k)
        input = Matrix(rows: 0, cols: k + extra)
        dy = Matrix(rows: 0, cols: features)
        dMean = Matrix(rows: 0, cols: k)
        dLogVar = Matrix(rows: 0, cols: k)
    }

    public var dims: Int { config.dims }
    public var tableRows: Int { mean.count }
    public var parameters: [Parameter] { [mean.table, logVariance.table] + decoder.parameters }
    public var lossComponents: [String] { forceComponents(["loss", "recon", "kl"]) }
    /// Optional neighbour-preserving force on the means table (as gne's on its table; `neighbours`).
    public var neighbourTerm: NeighbourTerm?
    /// The force's state in a data-parallel `train` call (NeighbourTerm+DataParallel.swift); nil otherwise.
    public var shardedLayout: ShardedLayout?
    public var trainingEmbedding: Matrix? { mean.table.value.copy() }
    /// Number of classes the decoder is conditioned on (0 when unsupervised).
    public var conditionClasses: Int { config.supervised ? config.classes : 0 }
    /// The decoder's [z | onehot(class)] input layout when supervised.
    public var classConditioning: ClassConditioning? {
        conditionClasses > 0 ? ClassConditioning(latentDims: dims, classes: conditionClasses) : nil
    }

    /// The ELBO's components, with the smooth neighbour form's loss and gradient (on the means) when set.
    public func stepGradients(_ batch: TrainingBatch, rng: inout Rng) -> [Float] {
        withNeighbourGradient(computeGradients(batch, rng: &rng), batch)
    }

    public func applyStep(_ batch: TrainingBatch) {
        optimizer.beginStep()
        for p in decoder.parameters { optimizer.update(p) }
        let readsAnyRow = neighbourTerm != nil
        optimizer.update(mean, rows: batch.indices, grads: dMean, mode: config.tableOptimizer, readsAnyRow: readsAnyRow)
        optimizer.update(logVariance, rows: batch.indices, grads: dLogVar, mode: config.tableOptimizer, readsAnyRow: readsAnyRow)
    }

    public var replicatedParameters: [Parameter] { decoder.parameters }
    public var normalsPerRow: Int { dims }
    public func scaleRowGradients(by factor: Float) { dMean.scale(by: factor); dLogVar.scale(by: factor) }

    /// Loss components of `batch` and their gradients: the decoder's in its parameters, the tables' rows
    /// in `tableGradients` (B, k each). Draws eps from `rng`.
    func computeGradients(_ batch: TrainingBatch, rng: inout Rng) -> [Float] {
        typealias Rows = GaussianLatent.Rows
        let b = batch.indices.count, k = dims
        let mu = mean.gather(batch.indices), lv = logVariance.gather(batch.indices)     // (B,k) each
        eps.resize(rows: b)
        batch.fillNormal(eps.base, width: k, rng: &rng)
        input.resize(rows: b)                                                          // (B,k+C) = [z | onehot]
        let kl = GaussianLatent.sample(mu: Rows(mu), logVariance: Rows(lv), eps: Rows(eps), into: Rows(input),
                                       rows: b, dims: k)
        if let conditioning = classConditioning {
            for r in 0..<b { conditioning.setClass(input, row: r, label: batch.labels.map { Int($0[r]) }) }
        }
        let y = decoder.forward(input)
        dy.resize(rows: b)
        let recon = config.loss.evaluate(prediction: y, target: batch.x, grad: dy, reduction: .sumFeaturesMeanBatch)
        let dIn = decoder.backward(dy, needInputGradient: true)                          // (B,k+C)
        dMean.resize(rows: b); dLogVar.resize(rows: b)
        GaussianLatent.backward(dz: Rows(dIn), mu: Rows(mu), logVariance: Rows(lv), eps: Rows(eps), beta: config.beta,
                                rows: b, dims: k, dMu: Rows(dMean), dLogVariance: Rows(dLogVar))
        return [recon + config.beta * kl, recon, kl]
    }

    /// Decodes (m, k) latent points; in supervised mode `classes` gives each row's class (required, each
    /// in 0..<conditionClasses).
    public func decode(_ z: Matrix, classes: [Int]?) -> Matrix {
        guard let conditioning = classConditioning else { return decodeInBatches(decoder, z) }
        return decodeInBatches(decoder, conditioning.input(z, labels: classes))
    }
    public func decode(_ z: Matrix) -> Matrix { decode(z, classes: nil) }

    /// The table gradients written by the last `computeGradients` (B, k each).
    var tableGradients: (mean: Matrix, logVariance: Matrix) { (dMean, dLogVar) }
}

extension GNDModel: NeighbourForceModel, ConditionalModel {
    public var tables: [EmbeddingTable] { [mean, logVariance] }
    /// The means' gradient for the batch rows (B, k).
    public var positionGradient: Matrix { dMean }
}
