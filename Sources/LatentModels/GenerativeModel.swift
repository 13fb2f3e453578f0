import LatentCore

/// The rows of one training step: which samples, their features, and their classes when known.
public struct TrainingBatch {
    /// Sample indices into the training set (and the embedding tables), B of them.
    public let indices: UnsafeBufferPointer<Int>
    /// Features (B, d), floats as the model sees them.
    public let x: Matrix
    /// Class per row when the data are labelled.
    public let labels: [Int32]?
    /// In a data-parallel step: where these rows sit in the step's global batch (B of them, ascending),
    /// nil in a single process. Noise is drawn for the whole global batch, identically on every rank,
    /// and each rank uses its rows' draws, so R ranks draw exactly what one process would.
    public var globalPositions: UnsafeBufferPointer<Int>? = nil
    /// Rows of the step's global batch (equals B in a single process).
    public var globalCount = 0

    /// Fills `out` (B, width) with standard normal draws for these rows.
    func fillNormal(_ out: UnsafeMutablePointer<Float>, width: Int, rng: inout Rng) {
        guard let positions = globalPositions else {
            rng.fillNormal(out, count: indices.count * width)
            return
        }
        var all = [Float](repeating: 0, count: globalCount * width)                 // (global B, width)
        rng.fillNormal(&all, count: all.count)
        for (i, p) in positions.enumerated() {
            for j in 0..<width { out[i * width + j] = all[p * width + j] }
        }
    }
}

/// What every method offers the trainer and the language: one step of training, decoding, its state.
public protocol GenerativeModel: AnyObject {
    /// Hyperparameters (fixed after creation).
    var config: ModelConfig { get }
    /// Data width d.
    var featureCount: Int { get }
    /// Rows of the embedding tables (the training-set size) for gne/gnd, 0 for the others.
    var tableRows: Int { get }
    /// Loss curve so far.
    var history: LossHistory { get set }
    /// Optimiser; its step counter and the parameters' moments persist across `train` calls.
    var optimizer: Adam { get }
    /// Every trainable tensor in a stable order (checkpoints rely on names and order).
    var parameters: [Parameter] { get }
    /// Names of the loss components `trainStep` reports; the first is the optimised total.
    var lossComponents: [String] { get }
    /// One optimiser step on `batch`; returns the batch's loss components in `lossComponents` order.
    func trainStep(_ batch: TrainingBatch, rng: inout Rng) -> [Float]
    /// Decodes latent points (m, k) to data space (m, d) in the data's scale.
    func decode(_ z: Matrix) -> Matrix
    /// Called by the trainer before a run of `epochs` epochs (schedules that end with the run; default: nothing).
    func willTrain(epochs: Int)
}

extension GenerativeModel {
    /// Number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
    /// Epochs trained so far.
    public var epochsTrained: Int { history.count }
    /// No schedule to set.
    public func willTrain(epochs: Int) {}
}

/// Models whose latent space is a learned per-sample table (gne, gnd) or an encoder (vae): they embed data.
public protocol EmbeddingModel: GenerativeModel {
    /// Latent dimensions k.
    var dims: Int { get }
    /// The training samples' embedding (n, k): the table for gne, the means for gnd (a copy).
    var trainingEmbedding: Matrix? { get }
    /// The decoder network (k -> d), frozen when new points are fitted.
    var decoder: Sequential { get }
    /// Draws (count, k) from the latent distribution the decoder was trained on: N(0, I) unless the method
    /// says otherwise (gnd and vae: their KL term pulls the latent towards it).
    func priorDraws(count: Int, rng: inout Rng) -> Matrix
}

extension EmbeddingModel {
    /// N(0, I) draws (count, k).
    public func priorDraws(count: Int, rng: inout Rng) -> Matrix {
        let z = Matrix(rows: count, cols: dims)
        rng.fillNormal(z.base, count: z.count)
        return z
    }
}

/// Builds the decoder a config asks for, from `inputs` latent values to `outputs` features.
func makeDecoder(_ c: ModelConfig, inputs: Int, outputs: Int, rng: inout Rng) -> Sequential {
    switch c.decoder {
    case .residual:
        return .residualMLP(inputs: inputs, width: c.width, blocks: c.blocks, outputs: outputs, output: c.output,
                            name: "decoder", rng: &rng)
    case .mlp:
        return .mlp(inputs: inputs, hidden: c.hidden, outputs: outputs, hiddenActivation: .relu, output: c.output,
                    name: "decoder", rng: &rng)
    case .conv:
        return ConvNetworks.decoder(inputs: inputs, channels: c.convChannels, height: c.image![0], width: c.image![1],
                                    output: c.output, name: "decoder", rng: &rng)
    }
}

/// Decodes (m, k) in batches of 1024 through `net`, returning (m, d).
func decodeInBatches(_ net: Sequential, _ z: Matrix, batch: Int = 1024) -> Matrix {
    let out = Matrix(rows: z.rows, cols: net.outputSize)
    let buf = Matrix(rows: 0, cols: z.cols)
    var start = 0
    while start < z.rows {
        let b = min(batch, z.rows - start)
        buf.resize(rows: b)
        buf.base.update(from: z.row(start), count: b * z.cols)
        let y = net.forward(buf)
        out.row(start).update(from: y.base, count: b * net.outputSize)
        start += b
    }
    return out
}
