import LatentCore

/// The four methods latent implements (see README "Methods" for the papers).
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    /// Generative Neural Embeddings (Yerebakan & Hermosillo 2023): per-sample table + residual decoder.
    case gne
    /// G-NeuroDAVIS (2024): per-sample mean/log-variance tables, reparameterised, reconstruction + beta*KL.
    case gnd
    /// Variational autoencoder baseline with repeated inference (Kingma & Welling; seeds/002).
    case vae
    /// Generative Kaleidoscopic Network: deep ReLU identity map sampled by iteration (seeds/003).
    case kaleido
}

/// Which decoder family a model uses.
public enum DecoderKind: String, Sendable, Codable, CaseIterable {
    /// Dense(k->w, tanh), `blocks` residual blocks, Dense(w->d): the GNE paper's decoder.
    case residual
    /// Dense layers of `hidden` widths with ReLU, then Dense(->d): G-NeuroDAVIS's reference decoder.
    case mlp
    /// Dense(k -> C x h/4 x w/4), then two stride-2 transposed convolutions up to the h x w image (the GNE
    /// paper's generator; `ConvNetworks`). kaleido: a convolutional identity map.
    case conv
}

/// How embedding tables are optimised.
public enum TableOptimizer: String, Sendable, Codable, CaseIterable {
    /// Dense Adam on the whole table, as PyTorch and Keras do (rows keep moving by momentum); the steps of
    /// rows outside a batch are deferred until the rows are read, so an epoch costs O(n), not O(n²/B).
    case adam
    /// Row-sparse ("lazy") Adam: only the batch's rows change; cost independent of n.
    case lazy
}

/// Every hyperparameter of a model, with its default and the reason for it.
public struct ModelConfig: Sendable, Codable, Equatable {
    /// Method.
    public var kind: ModelKind
    /// Embedding dimensions k (2 for plotting, as every seed paper).
    public var dims: Int = 2
    /// Decoder family; GNE's residual decoder unless set.
    public var decoder: DecoderKind = .residual
    /// Hidden width of the residual decoder/encoder (GNE paper: 64).
    public var width: Int = 64
    /// Residual blocks (GNE paper: 4).
    public var blocks: Int = 4
    /// Hidden widths of the MLP decoder (G-NeuroDAVIS MNIST: [64, 256]); kaleido's are `depth` x `width`.
    public var hidden: [Int] = [64, 256]
    /// Output activation: sigmoid for data scaled to [0, 1]; when `outputFromData`, the first build sets it.
    public var output: Activation = .sigmoid
    /// True when `output=` was not given: the first build picks sigmoid for training data in [0, 1] and
    /// identity otherwise (OutputActivationChoice.swift), and `output` holds the choice from then on
    /// (checkpoints store it; nil in files written before the choice, whose `output` was given or default).
    public var outputFromData: Bool? = true
    /// Reconstruction loss.
    public var loss: Loss = .mse
    /// GNE: standard deviation of the Gaussian noise added to embeddings in training (paper: 0.1).
    public var noise: Float = 0.1
    /// gnd/vae: weight of the KL term (1 is the ELBO).
    public var beta: Float = 1
    /// gnd: class-conditional (decoder also sees the one-hot class).
    public var supervised: Bool = false
    /// Number of classes when supervised.
    public var classes: Int = 0
    /// kaleido: number of hidden ReLU layers (paper: 10).
    public var depth: Int = 10
    /// Optimiser of the embedding tables.
    public var tableOptimizer: TableOptimizer = .adam
    /// Initial half-range of embedding tables, U(-r, r) (Keras Embedding default 0.05).
    public var initRange: Float = 0.05
    /// Conv networks: channels C of the widest grid (nil: `ConvNetworks.defaultChannels`; nil in files
    /// written before conv networks, as the next two).
    public var channels: Int? = nil
    /// vae: encoder family (nil: residual).
    public var encoder: EncoderKind? = nil
    /// Conv networks: the data's image [height, width], set from the data when the model is built.
    public var image: [Int]? = nil
    /// gne/gnd: true for the paper's plain method (a random start, reconstruction alone, `train`'s fixed
    /// length, batch and learning rate); false or nil (not given, and in older files) for the map `train` makes
    /// by default: the neighbour force with its defaults (`NeighbourSettings`), the spectral start, and a
    /// `TrainingPlan` sized to the data.
    public var plain: Bool? = nil

    /// True when `train` makes the default map (gne, gnd not made `plain`).
    public var makesMap: Bool { (kind == .gne || kind == .gnd) && plain != true }

    /// The defaults of `kind`, following its paper (held by the kind's `ModelDescriptor`).
    public init(kind: ModelKind) { self = kind.descriptor.defaults }

    /// The shared defaults above, for `kind`; each descriptor adjusts them to its method.
    init(base kind: ModelKind) { self.kind = kind }

    /// The largest width, block, depth or class count accepted: sizes stay far from Int overflow.
    public static let maximumSize = Int(Int32.max)

    /// Throws a sentence naming the first invalid setting. The `model` command, the factory and checkpoint
    /// loading all call this; a supervised config may leave `classes` at 0 until the data give the count,
    /// unless `forBuilding` (the factory, a checkpoint: the count must be known).
    public func validate(forBuilding: Bool = false) throws {
        let most = ModelConfig.maximumSize
        guard dims >= 1, dims <= 64 else { throw ConfigError("dims must be between 1 and 64, got \(dims)", option: ModelSetting.dims.rawValue) }
        guard width >= 1 else { throw ConfigError("width must be positive, got \(width)", option: ModelSetting.width.rawValue) }
        guard width <= most else { throw ConfigError("width must be at most \(most), got \(width)", option: ModelSetting.width.rawValue) }
        guard blocks >= 0 else { throw ConfigError("blocks must be zero or more, got \(blocks)", option: ModelSetting.blocks.rawValue) }
        guard blocks <= most else { throw ConfigError("blocks must be at most \(most), got \(blocks)", option: ModelSetting.blocks.rawValue) }
        guard hidden.allSatisfy({ $0 >= 1 }) else { throw ConfigError("hidden widths must be positive, got \(hidden)", option: ModelSetting.hidden.rawValue) }
        guard hidden.allSatisfy({ $0 <= most }) else { throw ConfigError("hidden widths must be at most \(most), got \(hidden)", option: ModelSetting.hidden.rawValue) }
        guard noise >= 0, noise.isFinite else { throw ConfigError("noise must be zero or positive, got \(noise)", option: ModelSetting.noise.rawValue) }
        guard beta >= 0, beta.isFinite else { throw ConfigError("beta must be zero or positive, got \(beta)", option: ModelSetting.beta.rawValue) }
        guard depth >= 1 else { throw ConfigError("depth must be positive, got \(depth)", option: ModelSetting.depth.rawValue) }
        guard depth <= most else { throw ConfigError("depth must be at most \(most), got \(depth)", option: ModelSetting.depth.rawValue) }
        guard initRange >= 0, initRange.isFinite else { throw ConfigError("init range must be zero or positive, got \(initRange)") }
        if supervised {
            guard kind == .gnd else { throw ConfigError("supervised training is only defined for gnd", option: ModelSetting.supervised.rawValue) }
            if forBuilding, classes == 0 { throw ConfigError("supervised gnd needs labelled data with at least 2 classes", option: ModelSetting.supervised.rawValue) }
            guard classes == 0 || (2...most).contains(classes) else {
                throw ConfigError("supervised gnd needs at least 2 classes (at most \(most)), got \(classes)", option: ModelSetting.supervised.rawValue)
            }
        } else {
            guard classes == 0 else { throw ConfigError("classes applies to a supervised gnd only, got \(classes)") }
        }
        if plain == true, kind != .gne, kind != .gnd {
            throw ConfigError("plain applies to gne and gnd models only (a \(kind.rawValue) model is its paper's method already)", option: ModelSetting.plain.rawValue)
        }
        try validateConv(forBuilding: forBuilding)
        if loss == .bce && output != .sigmoid {
            throw ConfigError("loss=bce needs output=sigmoid (predictions must lie in (0, 1))", option: ModelSetting.loss.rawValue)
        }
    }
}
