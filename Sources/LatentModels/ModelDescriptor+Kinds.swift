import LatentCore

/// The four methods' descriptors. Each layout mirrors its model's initialiser (GNEModel.swift, GNDModel.swift,
/// VAEModel.swift, KaleidoModel.swift); ModelDescriptorTests checks every one against the built parameters.
extension ModelDescriptor {
    /// Generative Neural Embeddings: a per-sample table (n, k) and a residual decoder k -> d.
    public static let gne = ModelDescriptor(
        kind: .gne,
        summary: "per-sample embedding + residual decoder (Yerebakan & Hermosillo 2023)",
        settings: [.dims, .decoder, .width, .blocks, .channels, .output, .loss, .noise, .optimizer, .plain],
        defaults: ModelConfig(base: .gne),
        hasTables: true,
        layout: { c, n, d in [TensorShape(.table, rows: n, cols: c.dims)] + NetworkLayout.decoder(c, inputs: c.dims, outputs: d) },
        build: { c, n, d, rng, rows in GNEModel(config: c, samples: n, features: d, rng: &rng, keeping: rows) })

    /// G-NeuroDAVIS: mean and log-variance tables (n, k) and an MLP decoder (k + classes) -> d.
    public static let gnd: ModelDescriptor = {
        var c = ModelConfig(base: .gnd)
        c.decoder = .mlp
        return ModelDescriptor(
            kind: .gnd,
            summary: "G-NeuroDAVIS, per-sample mean/log-variance + decoder, loss recon + beta*KL; supervised=true "
                + "conditions the decoder on the class (generate m class=3)",
            settings: [.dims, .decoder, .hidden, .channels, .output, .loss, .beta, .supervised, .optimizer, .plain],
            defaults: c,
            hasTables: true,
            layout: { c, n, d in
                let table = TensorShape(.table, rows: n, cols: c.dims)
                return [table, table] + NetworkLayout.decoder(c, inputs: NetworkLayout.saturating(c.dims, plus: c.supervised ? c.classes : 0), outputs: d)
            },
            build: { c, n, d, rng, rows in GNDModel(config: c, samples: n, features: d, rng: &rng, keeping: rows) })
    }()

    /// Variational autoencoder: a residual encoder d -> 2k and a decoder k -> d.
    public static let vae = ModelDescriptor(
        kind: .vae,
        summary: "encoder/decoder baseline with repeated inference (infer)",
        settings: [.dims, .decoder, .encoder, .width, .blocks, .channels, .output, .loss, .beta],
        defaults: ModelConfig(base: .vae),
        hasTables: false,
        layout: { c, _, d in
            let heads = NetworkLayout.saturating(c.dims, times: 2)
            let encoder = c.encoderKind == .conv && c.image?.count == 2
                ? ConvNetworks.encoderLayout(outputs: heads, channels: c.convChannels, image: c.image!)
                : NetworkLayout.residualMLP(inputs: d, width: c.width, blocks: c.blocks, outputs: heads)
            return encoder + NetworkLayout.decoder(c, inputs: c.dims, outputs: d)
        },
        build: { c, _, d, rng, _ in VAEModel(config: c, features: d, rng: &rng) })

    /// Generative Kaleidoscopic Network: `depth` ReLU layers of `width`, d -> d.
    public static let kaleido: ModelDescriptor = {
        var c = ModelConfig(base: .kaleido)
        c.width = 500; c.depth = 10; c.output = .tanh; c.outputFromData = nil; c.decoder = .mlp   // its own tanh on data mapped to [-1, 1]
        return ModelDescriptor(
            kind: .kaleido,
            summary: "deep ReLU identity map sampled by iteration (generate m count=64 burn=50); decoder=conv "
                + "makes it convolutional (channels, depth; width unused)",
            settings: [.decoder, .width, .depth, .channels],
            defaults: c,
            hasTables: false,
            layout: { c, _, d in
                c.decoder == .conv && c.image?.count == 2
                    ? ConvNetworks.identityMapLayout(depth: c.depth, channels: c.convChannels)
                    : NetworkLayout.mlp(inputs: d, hidden: [(c.width, c.depth)], outputs: d)
            },
            build: { c, _, d, rng, _ in KaleidoModel(config: c, features: d, rng: &rng) })
    }()
}
