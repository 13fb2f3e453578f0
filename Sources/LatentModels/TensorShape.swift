import LatentCore

/// The shape of one trainable tensor, or of `copies` consecutive tensors of one shape (the layers of a
/// deep stack), as a model will build it: what memory planning and checkpoint checks count.
public struct TensorShape: Sendable, Equatable {
    /// What the tensor is for, in the words of an error message.
    public enum Role: String, Sendable {
        /// A per-sample table (n, k): "an embedding table".
        case table = "an embedding table"
        /// A layer's weight matrix (in, out).
        case weight = "a layer"
        /// A layer's bias (1, out).
        case bias = "a layer's bias"
    }
    /// Table, weight or bias.
    public var role: Role
    /// Rows and columns.
    public var rows: Int, cols: Int
    /// How many tensors of this shape follow one another.
    public var copies: Int = 1

    /// A tensor (or `copies` of them) of `rows` x `cols`.
    public init(_ role: Role, rows: Int, cols: Int, copies: Int = 1) {
        self.role = role; self.rows = rows; self.cols = cols; self.copies = copies
    }

    /// The shape of a built parameter; its role read from its name (tables have no layer suffix).
    public init(_ p: Parameter) {
        let role: Role = p.name.hasSuffix(".weight") ? .weight : p.name.hasSuffix(".bias") ? .bias : .table
        self.init(role, rows: p.value.rows, cols: p.value.cols)
    }

    /// Scalars in all copies (a Double: a forged size cannot overflow it).
    public var scalars: Double { Double(rows) * Double(cols) * Double(copies) }

    /// One entry per tensor (copies written out): for comparing with a built model's parameters.
    public static func expand(_ shapes: [TensorShape]) -> [TensorShape] {
        shapes.flatMap { s in repeatElement(TensorShape(s.role, rows: s.rows, cols: s.cols), count: s.copies) }
    }

    /// Number of tensors in all (a Double: a forged block count cannot overflow it).
    public static func count(_ shapes: [TensorShape]) -> Double { shapes.reduce(0) { $0 + Double($1.copies) } }
}

/// The tensors of the networks `Sequential` builds, in their `parameters` order.
enum NetworkLayout {
    /// Dense(in, out): weight then bias, `copies` times. Up to 64 copies are listed in build order; more
    /// are two entries (all weights, all biases) whose `copies` count them: sums need no order.
    static func dense(_ inputs: Int, _ outputs: Int, copies: Int = 1) -> [TensorShape] {
        let weight = TensorShape(.weight, rows: inputs, cols: outputs), bias = TensorShape(.bias, rows: 1, cols: outputs)
        guard copies > 64 else { return Array(repeatElement([weight, bias], count: max(copies, 0)).joined()) }
        return [TensorShape(.weight, rows: inputs, cols: outputs, copies: copies),
                TensorShape(.bias, rows: 1, cols: outputs, copies: copies)]
    }

    /// `Sequential.residualMLP`: Dense(in, w), `blocks` residual blocks of two Dense(w, w), Dense(w, out).
    static func residualMLP(inputs: Int, width: Int, blocks: Int, outputs: Int) -> [TensorShape] {
        dense(inputs, width) + dense(width, width, copies: saturating(blocks, times: 2)) + dense(width, outputs)
    }

    /// `Sequential.mlp`: Dense layers through `hidden`, then Dense(->out). `hidden` is given as runs of
    /// (width, count) so that kaleido's `depth` equal layers are counted, not listed.
    static func mlp(inputs: Int, hidden: [(width: Int, count: Int)], outputs: Int) -> [TensorShape] {
        var out: [TensorShape] = []
        var width = inputs
        for run in hidden where run.count > 0 {
            out += dense(width, run.width)
            out += dense(run.width, run.width, copies: run.count - 1)
            width = run.width
        }
        return out + dense(width, outputs)
    }

    /// `a` x `b`, or Int.max when that overflows: a layout of an unvalidated config still describes a
    /// model too large to build rather than trapping.
    static func saturating(_ a: Int, times b: Int) -> Int {
        let (v, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : v
    }

    /// `a` + `b`, or Int.max when that overflows.
    static func saturating(_ a: Int, plus b: Int) -> Int {
        let (v, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : v
    }

    /// The decoder `makeDecoder` builds for `config` from `inputs` latent values to `outputs` features.
    static func decoder(_ config: ModelConfig, inputs: Int, outputs: Int) -> [TensorShape] {
        switch config.decoder {
        case .residual: return residualMLP(inputs: inputs, width: config.width, blocks: config.blocks, outputs: outputs)
        case .mlp: return mlp(inputs: inputs, hidden: config.hidden.map { ($0, 1) }, outputs: outputs)
        case .conv:
            guard let image = config.image, image.count == 2 else { return mlp(inputs: inputs, hidden: [], outputs: outputs) }
            return ConvNetworks.decoderLayout(inputs: inputs, channels: config.convChannels, image: image)
        }
    }
}
