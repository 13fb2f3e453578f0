import LatentCore

/// Everything latent knows about one method in one place: its defaults, its help text, how it is built
/// and the shapes of the tensors it builds (from which its memory estimate is computed before anything
/// is allocated). A fifth method adds one descriptor (ModelDescriptor+Kinds.swift) and its model file.
public struct ModelDescriptor: Sendable {
    /// The method.
    public let kind: ModelKind
    /// One line for `help model`.
    public let summary: String
    /// The settings `help model` lists for this kind.
    public let settings: [ModelSetting]
    /// The configuration a bare `model KIND` gets.
    public let defaults: ModelConfig
    /// Whether the model keeps per-sample tables (gne, gnd): their rows grow with the data.
    public let hasTables: Bool
    /// The shapes of every tensor `build` creates, in `parameters` order; repeated blocks are counted
    /// (`copies`), never enumerated, so a config asking for 10^9 blocks costs nothing to describe.
    let layout: @Sendable (_ config: ModelConfig, _ samples: Int, _ features: Int) -> [TensorShape]
    /// Builds the model (tables of `samples` rows, or only the rows `keeping` on a data-parallel rank).
    let build: @Sendable (_ config: ModelConfig, _ samples: Int, _ features: Int, _ rng: inout Rng,
                          _ keeping: Range<Int>?) -> GenerativeModel

    /// The tensors a model of `config` has for `samples` x `features` data (tables: `samples` rows).
    public func tensors(_ config: ModelConfig, samples: Int, features: Int) -> [TensorShape] {
        layout(config, hasTables ? samples : 0, features)
    }

    /// "dims=2 width=64 blocks=4 ...": this kind's defaults of its `settings`, for `help model`.
    public var defaultsText: String {
        settings.map { "\($0.rawValue)=\($0.text(in: defaults))" }.joined(separator: " ")
    }

    /// "default 64; kaleido 500": the default of `setting` over the kinds that use it, for an option's help.
    public static func defaultText(of setting: ModelSetting) -> String {
        var groups: [(value: String, kinds: [ModelKind])] = []
        for kind in ModelKind.allCases where kind.descriptor.settings.contains(setting) {
            let value = setting.text(in: kind.descriptor.defaults)
            if let i = groups.firstIndex(where: { $0.value == value }) { groups[i].kinds.append(kind) } else {
                groups.append((value, [kind]))
            }
        }
        guard let common = groups.max(by: { $0.kinds.count < $1.kinds.count }) else { return "" }
        let others = groups.filter { $0.value != common.value }
            .map { g in g.kinds.map(\.rawValue).joined(separator: ", ") + " " + g.value }
        return (["default \(common.value)"] + others).joined(separator: "; ")
    }
}

extension ModelKind {
    /// This kind's defaults, help, factory and layout.
    public var descriptor: ModelDescriptor {
        switch self {
        case .gne: return .gne
        case .gnd: return .gnd
        case .vae: return .vae
        case .kaleido: return .kaleido
        }
    }
}
