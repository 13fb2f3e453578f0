import LatentCore

// The abilities a model may have beyond `GenerativeModel`, one protocol each. Commands ask for an ability
// (`model.asTables`, `model.asEncoder`, ...) and name it when it is missing (`Capability`, `CapabilityError`);
// nothing outside a model's own file casts to its concrete class.

/// Per-sample latent tables, one row per training sample (gne's table; gnd's means and log-variances):
/// rows can be pinned, moved, re-assigned and initialised.
public protocol TableModel: EmbeddingModel {
    /// The tables, the one holding the latent positions first (gne's table, gnd's means). All have
    /// `tableRows` rows; pins apply to every one of them.
    var tables: [EmbeddingTable] { get }
}

extension TableModel {
    /// The table of latent positions (n, k): what `embed` returns for the training data.
    public var positions: EmbeddingTable { tables[0] }
    /// Pinned rows, ascending.
    public var pinnedRows: [Int] { positions.pinned.sorted() }
    /// Pins (true) or frees (false) `rows` in every table.
    public func setPinned(_ rows: [Int], _ isPinned: Bool) { for t in tables { t.setPinned(rows, isPinned) } }
    /// Frees every row of every table.
    public func unpinAll() { for t in tables { t.unpinAll() } }
}

/// A decoder that takes a class beside the latent point (supervised gnd): input [z, onehot(class)].
public protocol ConditionalModel: EmbeddingModel {
    /// Classes the decoder is conditioned on (0: this instance is unconditional).
    var conditionClasses: Int { get }
    /// The decoder input's layout [z | onehot(class)]; nil when this instance decodes without a class.
    var classConditioning: ClassConditioning? { get }
    /// Decodes (m, k) latent points, row r conditioned on `classes[r]` (required when `conditionClasses > 0`).
    func decode(_ z: Matrix, classes: [Int]?) -> Matrix
}

/// An encoder from data to the latent space (vae).
public protocol EncoderModel: EmbeddingModel {
    /// The encoder network, x (B, d) -> its latent parameters.
    var encoder: Sequential { get }
    /// Latent points (n, k) of every row of `data` (the posterior means).
    func encode(_ data: SampleSource) -> Matrix
    /// Repeated inference x -> decode(encode(x)) for `steps` steps from every row of `data`: the latent
    /// trajectory (one (n, k) matrix per step) and the final reconstructions (n, d).
    func repeatedInference(_ data: SampleSource, steps: Int) -> (trajectory: [Matrix], final: Matrix)
}

/// A force on the latent layout added to training (gne's neighbour term).
public protocol LayoutForceModel: EmbeddingModel {
    /// The force; nil trains by reconstruction alone.
    var neighbourTerm: NeighbourTerm? { get }
    /// Sets the force (nil removes it), refusing a graph whose rows are not the table's; `dataset` names
    /// the graph's data in that error.
    func setNeighbourTerm(_ term: NeighbourTerm?, dataset: String?) throws
}

/// A map f from data space to itself whose iteration from noise samples the data (kaleido).
public protocol IteratedMapModel: GenerativeModel {
    /// `count` chains from noise: `burnIn` applications of f, then `steps` more, each adding N(0, noise²);
    /// the states `record` asks for (none when nil), and per chain the step after which it moved less than
    /// `tolerance`.
    func sample(count: Int, burnIn: Int, steps: Int, noise: Float, tolerance: Float, record: ChainRecording?,
                rng: inout Rng) -> KaleidoChain
}
