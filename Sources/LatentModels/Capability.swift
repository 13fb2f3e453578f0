/// An ability a command may need from a model; its `phrase` names it in error sentences.
public enum Capability: String, CaseIterable, Sendable {
    /// A latent space with a decoder from it (`EmbeddingModel`).
    case latentDecoder
    /// Per-sample tables (`TableModel`).
    case tables
    /// A decoder conditioned on a class (`ConditionalModel` with classes).
    case classConditioning
    /// An encoder (`EncoderModel`).
    case encoder
    /// A layout force (`LayoutForceModel`).
    case layoutForce
    /// An iterated map (`IteratedMapModel`).
    case iteratedMap

    /// The ability in words: "an encoder", "per-sample tables".
    public var phrase: String {
        switch self {
        case .latentDecoder: return "a latent space with a decoder"
        case .tables: return "per-sample tables"
        case .classConditioning: return "class-conditional decoding"
        case .encoder: return "an encoder"
        case .layoutForce: return "a layout force"
        case .iteratedMap: return "an iterated map"
        }
    }

    /// True when `model` has this ability.
    public func isPresent(in model: GenerativeModel) -> Bool {
        switch self {
        case .latentDecoder: return model.asLatent != nil
        case .tables: return model.asTables != nil
        case .classConditioning: return model.asConditional != nil
        case .encoder: return model.asEncoder != nil
        case .layoutForce: return model.asLayoutForce != nil
        case .iteratedMap: return model.asIteratedMap != nil
        }
    }
}

/// A command asked a model for abilities it lacks: "embed needs an encoder or per-sample tables; a kaleido
/// model has neither".
public struct CapabilityError: Error, CustomStringConvertible, Sendable {
    /// What asked ("embed", "generate class=").
    public let request: String
    /// The abilities any one of which would do.
    public let needs: [Capability]
    /// The model, in words ("kaleido", "unsupervised gnd").
    public let kind: String

    /// The error for `request` on `model`, which lacks every one of `needs`.
    public init(_ request: String, needs: [Capability], model: GenerativeModel) {
        self.request = request
        self.needs = needs
        let unconditioned = needs.contains(.classConditioning) && model is ConditionalModel
        kind = (unconditioned ? "unsupervised " : "") + model.config.kind.rawValue
    }

    public var description: String {
        let article = "aeiou".contains(kind.first ?? "x") ? "an" : "a"
        let none = needs.count == 1 ? "none" : needs.count == 2 ? "neither" : "none of them"
        return "\(request) needs \(needs.map(\.phrase).joined(separator: " or ")); \(article) \(kind) model has \(none)"
    }
}

extension GenerativeModel {
    /// The model's latent space and decoder, if it has one.
    public var asLatent: EmbeddingModel? { self as? EmbeddingModel }
    /// Its per-sample tables, if it has them.
    public var asTables: TableModel? { self as? TableModel }
    /// Its class-conditional decoder, if this instance decodes per class.
    public var asConditional: ConditionalModel? {
        guard let c = self as? ConditionalModel, c.conditionClasses > 0 else { return nil }
        return c
    }
    /// Its encoder, if it has one.
    public var asEncoder: EncoderModel? { self as? EncoderModel }
    /// Its layout force slot, if it has one.
    public var asLayoutForce: LayoutForceModel? { self as? LayoutForceModel }
    /// Its iterated map, if it has one.
    public var asIteratedMap: IteratedMapModel? { self as? IteratedMapModel }

    /// The abilities this model has, in `Capability` order.
    public var capabilities: [Capability] { Capability.allCases.filter { $0.isPresent(in: self) } }
}
