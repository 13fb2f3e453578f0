import LatentCore

/// The settings a `model` command can give, in the order its usage line lists them: the one table from which
/// the command's options, their binding, `help model`'s defaults and each descriptor's settings come.
///
/// A new setting is a field of `ModelConfig`, a case here (its value kind, help, how it reads and writes the
/// config), and, when `help model` should list it for a method, an entry in that method's descriptor
/// (ModelDescriptor+Kinds.swift).
public enum ModelSetting: String, CaseIterable, Sendable {
    case dims, width, blocks, hidden, decoder, encoder, channels, output, loss, noise, beta, supervised, depth, optimizer, plain

    /// The kind of value a setting takes.
    public enum Kind: Sendable, Equatable {
        /// A whole number.
        case int
        /// A number.
        case number
        /// true or false.
        case bool
        /// A list of whole numbers.
        case ints
        /// One of these words.
        case choice([String])
    }

    /// A setting's value as the command read it (of the setting's `kind`).
    public enum Given: Sendable, Equatable {
        case int(Int), number(Double), bool(Bool), ints([Int]), word(String)
    }

    /// The value this setting takes.
    public var kind: Kind {
        switch self {
        case .dims, .width, .blocks, .channels, .depth: return .int
        case .noise, .beta: return .number
        case .supervised, .plain: return .bool
        case .hidden: return .ints
        case .decoder: return .choice(DecoderKind.allCases.map(\.rawValue))
        case .encoder: return .choice(EncoderKind.allCases.map(\.rawValue))
        case .output: return .choice(["auto"] + Activation.allCases.map(\.rawValue))
        case .loss: return .choice(Loss.allCases.map(\.rawValue))
        case .optimizer: return .choice(TableOptimizer.allCases.map(\.rawValue))
        }
    }

    /// The line `help model` shows for the option, with the defaults of the kinds that use it.
    public var help: String {
        let defaults = ModelDescriptor.defaultText(of: self)
        switch self {
        case .dims: return "embedding dimensions (\(defaults))"
        case .width: return "hidden width (\(defaults))"
        case .blocks: return "residual blocks (\(defaults))"
        case .hidden: return "hidden widths of an mlp decoder (\(defaults))"
        case .decoder:
            return "decoder family; conv: Dense then two stride-2 transposed convolutions, for images with h and w "
                + "divisible by 4; kaleido conv: a conv identity map (\(defaults))"
        case .encoder: return "vae: encoder family; conv: two stride-2 convolutions then Dense (\(defaults))"
        case .channels: return "conv networks: channels of the widest grid, C x h/4 x w/4 (\(defaults))"
        case .output:
            return "output activation (\(defaults); auto: sigmoid for training data in [0, 1], identity otherwise, "
                + "chosen at the first train)"
        case .loss: return "reconstruction loss (\(defaults))"
        case .noise: return "gne: std of the training noise on embeddings (\(defaults))"
        case .beta: return "gnd/vae: KL weight (\(defaults))"
        case .supervised: return "gnd: class-conditional decoder (\(defaults))"
        case .depth: return "kaleido: hidden layers (\(defaults))"
        case .optimizer: return "embedding table optimiser: dense Adam or row-sparse (\(defaults))"
        case .plain:
            return "gne/gnd: the paper's method alone (a random start, no neighbour force, train's fixed 10 epochs of batch 1024 "
                + "at lr 1e-3) instead of the map (\(defaults))"
        }
    }

    /// The setting's value in `config`, as `help model` prints it.
    public func text(in config: ModelConfig) -> String {
        func number(_ v: Float) -> String { v == v.rounded() && abs(v) < 1e6 ? String(Int(v)) : "\(v)" }
        switch self {
        case .dims: return "\(config.dims)"
        case .decoder: return config.decoder.rawValue
        case .encoder: return config.encoderKind.rawValue
        case .channels: return "\(config.convChannels)"
        case .width: return "\(config.width)"
        case .blocks: return "\(config.blocks)"
        case .hidden: return "[" + config.hidden.map(String.init).joined(separator: ", ") + "]"
        case .output: return config.outputFromData == true ? "auto" : config.output.rawValue
        case .loss: return config.loss.rawValue
        case .noise: return number(config.noise)
        case .beta: return number(config.beta)
        case .supervised: return "\(config.supervised)"
        case .depth: return "\(config.depth)"
        case .optimizer: return config.tableOptimizer.rawValue
        case .plain: return "\(config.plain == true)"
        }
    }

    /// Sets this setting in `config` to `value` (of this setting's `kind`; the command checked it). `hidden`
    /// also makes the decoder an mlp; `output=auto` picks the output from the training data (kaleido keeps its tanh).
    public func apply(_ value: Given, to config: inout ModelConfig) {
        // one arm per setting (no default), so a new setting without its arm is a compile error; a value of
        // another kind is refused by the command's binding before this runs and changes nothing here
        switch self {
        case .dims: if case .int(let v) = value { config.dims = v }
        case .width: if case .int(let v) = value { config.width = v }
        case .blocks: if case .int(let v) = value { config.blocks = v }
        case .hidden: if case .ints(let v) = value { config.hidden = v; config.decoder = .mlp }
        case .decoder: if case .word(let w) = value, let v = DecoderKind(rawValue: w) { config.decoder = v }
        case .encoder: if case .word(let w) = value, let v = EncoderKind(rawValue: w) { config.encoder = v }
        case .channels: if case .int(let v) = value { config.channels = v }
        case .output:
            guard case .word(let w) = value else { return }
            if let v = Activation(rawValue: w) { config.output = v; config.outputFromData = false } else {
                config.outputFromData = config.kind == .kaleido ? nil : true   // "auto"
            }
        case .loss: if case .word(let w) = value, let v = Loss(rawValue: w) { config.loss = v }
        case .noise: if case .number(let v) = value { config.noise = Float(v) }
        case .beta: if case .number(let v) = value { config.beta = Float(v) }
        case .supervised: if case .bool(let v) = value { config.supervised = v }
        case .depth: if case .int(let v) = value { config.depth = v }
        case .optimizer: if case .word(let w) = value, let v = TableOptimizer(rawValue: w) { config.tableOptimizer = v }
        case .plain: if case .bool(let v) = value { config.plain = v }
        }
    }
}
