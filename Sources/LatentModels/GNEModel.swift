import LatentCore

/// Generative Neural Embeddings: a learned table E (n, k) and a decoder G; loss MSE(G(E[i] + eps), x_i).
///
/// The Gaussian noise eps ~ N(0, noise²) regularises the embedding (paper: 0.1). Decoder gradients
/// reach the table through the decoder's input gradient; the table is updated with Adam (dense by default,
/// as the PyTorch/Keras peers, or row-sparse with `tableOptimizer = .lazy`).
public final class GNEModel: EmbeddingModel, DataParallelModel {
    public let config: ModelConfig
    public let featureCount: Int
    public var history = LossHistory()
    public let optimizer: Adam
    /// The per-sample embedding table (n, k).
    public let table: EmbeddingTable
    public let decoder: Sequential
    private let noisy: Matrix
    private let dy: Matrix

    /// A model for `samples` rows of `features` values, initialised from `rng`.
    /// With `keeping`, only those rows of the table are held (a data-parallel rank's shard), initialised
    /// with the draws a whole table would get.
    public init(config: ModelConfig, samples: Int, features: Int, rng: inout Rng, keeping rows: Range<Int>? = nil) {
        self.config = config
        featureCount = features
        optimizer = Adam()
        table = EmbeddingTable(count: samples, dims: config.dims, initRange: config.initRange, rng: &rng, keeping: rows)
        decoder = makeDecoder(config, inputs: config.dims, outputs: features, rng: &rng)
        noisy = Matrix(rows: 0, cols: config.dims)
        dy = Matrix(rows: 0, cols: features)
    }

    public var dims: Int { config.dims }
    public var tableRows: Int { table.count }
    public var parameters: [Parameter] { [table.table] + decoder.parameters }
    /// Optional neighbour-preserving force on the table, making the embedding neighbour-aware.
    public var neighbourTerm: NeighbourTerm?
    /// The force's state in a data-parallel `train` call (NeighbourTerm+DataParallel.swift); nil otherwise.
    public var shardedLayout: ShardedLayout?
    public var lossComponents: [String] { neighbourTerm == nil ? ["loss"] : forceComponents(["loss", "recon"]) }
    public var trainingEmbedding: Matrix? { table.table.value.copy() }

    /// The reconstruction loss (and the smooth neighbour form's, added into the table gradient).
    public func stepGradients(_ batch: TrainingBatch, rng: inout Rng) -> [Float] {
        let recon = computeGradients(batch, rng: &rng)
        return neighbourTerm == nil ? [recon] : withNeighbourGradient([recon, recon], batch)
    }

    public func applyStep(_ batch: TrainingBatch) {
        optimizer.beginStep()
        for p in decoder.parameters { optimizer.update(p) }
        optimizer.update(table, rows: batch.indices, grads: tableGradient, mode: config.tableOptimizer)
    }

    public var replicatedParameters: [Parameter] { decoder.parameters }
    public var normalsPerRow: Int { dims }
    public func scaleRowGradients(by factor: Float) { tableGradient.scale(by: factor) }

    /// The gradient of the last `computeGradients` with respect to the batch's table rows (B, k).
    private(set) var tableGradient = Matrix(rows: 0, cols: 1)

    /// The batch loss; writes the decoder's gradients and `tableGradient`. Draws the noise from `rng`.
    func computeGradients(_ batch: TrainingBatch, rng: inout Rng) -> Float {
        let b = batch.indices.count
        let z = table.gather(batch.indices)                        // (B,k)
        noisy.resize(rows: b)
        batch.fillNormal(noisy.base, width: dims, rng: &rng)
        for i in 0..<(b * dims) { noisy.base[i] = z.base[i] + config.noise * noisy.base[i] }
        let y = decoder.forward(noisy)                             // (B,d)
        dy.resize(rows: b)
        let loss = config.loss.evaluate(prediction: y, target: batch.x, grad: dy, reduction: .mean)
        tableGradient = decoder.backward(dy, needInputGradient: true)   // (B,k)
        return loss
    }

    public func decode(_ z: Matrix) -> Matrix { decodeInBatches(decoder, z) }
}

extension GNEModel: NeighbourForceModel {
    public var tables: [EmbeddingTable] { [table] }
    /// The table's gradient for the batch rows (B, k).
    public var positionGradient: Matrix { tableGradient }

    /// gne has no prior: random training embeddings plus its training noise N(0, noise²), the distribution
    /// its decoder was trained on (count, k).
    public func priorDraws(count: Int, rng: inout Rng) -> Matrix {
        let z = Matrix(rows: count, cols: dims)
        let e = table.table.value
        for r in 0..<count {
            let src = e.row(rng.int(below: e.rows)), dst = z.row(r)
            for j in 0..<dims { dst[j] = src[j] + config.noise * rng.normal() }
        }
        return z
    }
}
