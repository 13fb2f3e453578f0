import LatentCore

/// Which encoder family a vae uses.
public enum EncoderKind: String, Sendable, Codable, CaseIterable {
    /// Dense(d->w, tanh), `blocks` residual blocks, Dense(w->2k): the decoder's mirror.
    case residual
    /// Two stride-2 convolutions then Dense(-> 2k) (`ConvNetworks.encoder`).
    case conv
}

/// The convolutional networks of `decoder=conv` (gne, gnd, vae, kaleido) and `encoder=conv` (vae), for
/// one-channel images of h x w with h and w divisible by 4. Every conv layer is 4x4, stride 2, padding 1
/// (h -> h/2 -> h/4, as the GNE paper's generator), except kaleido's 3x3 stride-1 middle layers.
/// C is `ModelConfig.channels` (default `defaultChannels`); q = h/4, r = w/4.
///
///     decoder  Dense(k -> C*q*r, relu) -> ConvT(C -> C/2, relu) -> ConvT(C/2 -> 1, output)
///     encoder  Conv(1 -> C/2, relu) -> Conv(C/2 -> C, relu) -> Dense(C*q*r -> 2k)
///     kaleido  Conv(1 -> C/2, relu) -> Conv(C/2 -> C, relu) -> (depth-3) x Conv3x3(C -> C, relu)
///              -> ConvT(C -> C/2, relu) -> ConvT(C/2 -> 1, tanh): `depth` hidden ReLU layers, image -> image
public enum ConvNetworks {
    /// C when `channels` is not set: 32 trains an MNIST epoch in seconds on two cores (the GNE paper's and
    /// bench_torch.py's 128 costs 16x the multiply-adds in the middle layer; docs/conv.md has both).
    public static let defaultChannels = 32
    /// The largest C accepted.
    public static let maximumChannels = 4096

    /// The half-width channels of the layers next to the image, at least 1.
    static func half(_ c: Int) -> Int { max(1, c / 2) }

    /// `decoder=conv`: `inputs` latent values to an h x w image (`output` activation on the last layer).
    public static func decoder(inputs: Int, channels c: Int, height h: Int, width w: Int, output: Activation,
                               name: String, rng: inout Rng) -> Sequential {
        let q = h / 4, r = w / 4
        return Sequential([
            Dense(inputs, c * q * r, activation: .relu, name: "\(name).in", rng: &rng),
            ConvTranspose2D(inChannels: c, height: q, width: r, outChannels: half(c), kernel: 4, stride: 2, padding: 1,
                            activation: .relu, name: "\(name).up1", rng: &rng),
            ConvTranspose2D(inChannels: half(c), height: 2 * q, width: 2 * r, outChannels: 1, kernel: 4, stride: 2,
                            padding: 1, activation: output, name: "\(name).up2", rng: &rng),
        ])
    }

    /// `encoder=conv`: an h x w image to `outputs` values (no activation: the vae's [mu | logvar]).
    public static func encoder(outputs: Int, channels c: Int, height h: Int, width w: Int, name: String,
                               rng: inout Rng) -> Sequential {
        Sequential(down(c, h, w, name: name, rng: &rng)
            + [Dense(c * (h / 4) * (w / 4), outputs, activation: .identity, name: "\(name).out", rng: &rng)])
    }

    /// kaleido `decoder=conv`: an h x w image to itself through `depth` (>= 3) hidden ReLU layers, tanh output.
    public static func identityMap(depth: Int, channels c: Int, height h: Int, width w: Int, name: String,
                                   rng: inout Rng) -> Sequential {
        let q = h / 4, r = w / 4
        var layers = down(c, h, w, name: name, rng: &rng)
        for i in 0..<(depth - 3) {
            layers.append(Conv2D(inChannels: c, height: q, width: r, outChannels: c, kernel: 3, stride: 1, padding: 1,
                                 activation: .relu, name: "\(name).mid\(i)", rng: &rng))
        }
        layers.append(ConvTranspose2D(inChannels: c, height: q, width: r, outChannels: half(c), kernel: 4, stride: 2,
                                      padding: 1, activation: .relu, name: "\(name).up1", rng: &rng))
        layers.append(ConvTranspose2D(inChannels: half(c), height: 2 * q, width: 2 * r, outChannels: 1, kernel: 4,
                                      stride: 2, padding: 1, activation: .tanh, name: "\(name).up2", rng: &rng))
        return Sequential(layers)
    }

    /// Conv(1 -> C/2, relu) -> Conv(C/2 -> C, relu): h x w -> q x r.
    static func down(_ c: Int, _ h: Int, _ w: Int, name: String, rng: inout Rng) -> [Layer] {
        [Conv2D(inChannels: 1, height: h, width: w, outChannels: half(c), kernel: 4, stride: 2, padding: 1,
                activation: .relu, name: "\(name).down1", rng: &rng),
         Conv2D(inChannels: half(c), height: h / 2, width: w / 2, outChannels: c, kernel: 4, stride: 2, padding: 1,
                activation: .relu, name: "\(name).down2", rng: &rng)]
    }

    /// The image shape a conv network of `config` is built for from data of `shape` with `features`
    /// values ([h, w]), or nil when `config` has no conv network. Throws a sentence naming `dataset`
    /// when the data have no image shape, or h or w is not divisible by 4.
    public static func image(for config: ModelConfig, shape: (height: Int, width: Int)?, features: Int,
                             dataset: String) throws -> [Int]? {
        guard let what = config.convNetworkName else { return nil }
        guard let shape else {
            throw ConfigError("\(what) needs images: '\(dataset)' has \(features) features and no image shape; "
                              + "load it with image=[height, width]")
        }
        guard shape.height % 4 == 0, shape.width % 4 == 0, shape.height >= 4, shape.width >= 4 else {
            throw ConfigError("\(what) needs image height and width divisible by 4 (two stride-2 layers): "
                              + "'\(dataset)' has \(shape.height)x\(shape.width) images")
        }
        return [shape.height, shape.width]
    }

    // MARK: layouts (the tensors the builders create, in `parameters` order)

    static func denseLayout(_ i: Int, _ o: Int) -> [TensorShape] {
        [TensorShape(.weight, rows: i, cols: o), TensorShape(.bias, rows: 1, cols: o)]
    }

    /// A conv layer between `grid` and `image` channels with a k x k kernel: weight (grid, k*k*image), bias.
    static func convLayout(grid: Int, image: Int, kernel k: Int, bias: Int, copies: Int = 1) -> [TensorShape] {
        [TensorShape(.weight, rows: grid, cols: NetworkLayout.saturating(k * k, times: image), copies: copies),
         TensorShape(.bias, rows: 1, cols: bias, copies: copies)]
    }

    static func decoderLayout(inputs: Int, channels c: Int, image: [Int]) -> [TensorShape] {
        let cells = NetworkLayout.saturating(c, times: (image[0] / 4) * (image[1] / 4))
        return denseLayout(inputs, cells) + convLayout(grid: c, image: half(c), kernel: 4, bias: half(c))
            + convLayout(grid: half(c), image: 1, kernel: 4, bias: 1)
    }

    static func downLayout(channels c: Int) -> [TensorShape] {
        convLayout(grid: half(c), image: 1, kernel: 4, bias: half(c)) + convLayout(grid: c, image: half(c), kernel: 4, bias: c)
    }

    static func encoderLayout(outputs: Int, channels c: Int, image: [Int]) -> [TensorShape] {
        downLayout(channels: c) + denseLayout(NetworkLayout.saturating(c, times: (image[0] / 4) * (image[1] / 4)), outputs)
    }

    static func identityMapLayout(depth: Int, channels c: Int) -> [TensorShape] {
        let middle = max(depth - 3, 0)
        var out = downLayout(channels: c)
        if middle > 0 {
            // up to 64 middle layers in build order (weight, bias, ...), more as two counted entries
            out += middle > 64 ? convLayout(grid: c, image: c, kernel: 3, bias: c, copies: middle)
                : Array(repeatElement(convLayout(grid: c, image: c, kernel: 3, bias: c), count: middle).joined())
        }
        return out + convLayout(grid: c, image: half(c), kernel: 4, bias: half(c))
            + convLayout(grid: half(c), image: 1, kernel: 4, bias: 1)
    }
}

extension ModelConfig {
    /// C of the conv networks (`channels`, or `ConvNetworks.defaultChannels`).
    public var convChannels: Int { channels ?? ConvNetworks.defaultChannels }
    /// The vae's encoder family (residual unless `encoder=conv`).
    public var encoderKind: EncoderKind { encoder ?? .residual }

    /// "decoder=conv" / "encoder=conv" when this config builds a conv network, else nil.
    public var convNetworkName: String? {
        if decoder == .conv { return "decoder=conv" }
        if encoderKind == .conv { return "encoder=conv" }
        return nil
    }

    /// The conv settings' part of `validate`: channels and the image shape (required `forBuilding`).
    func validateConv(forBuilding: Bool) throws {
        if let c = channels, !(1...ConvNetworks.maximumChannels).contains(c) {
            throw ConfigError("channels must be between 1 and \(ConvNetworks.maximumChannels), got \(c)", option: ModelSetting.channels.rawValue)
        }
        if encoderKind == .conv, kind != .vae { throw ConfigError("encoder=conv applies to a vae only", option: ModelSetting.encoder.rawValue) }
        guard let what = convNetworkName else {
            if let image { throw ConfigError("image=\(image) applies to conv networks only") }
            return
        }
        if kind == .kaleido, depth < 3 {
            throw ConfigError("a kaleido decoder=conv needs depth of at least 3 (two layers down, one up), got \(depth)", option: ModelSetting.depth.rawValue)
        }
        guard let image else {
            if forBuilding { throw ConfigError("\(what) needs the data's image shape (load with image=[height, width])") }
            return
        }
        guard image.count == 2, image.allSatisfy({ $0 >= 4 && $0 % 4 == 0 && $0 <= 1 << 20 }) else {
            throw ConfigError("\(what) needs an image height and width divisible by 4, got \(image)")
        }
    }

    /// Throws unless `features` is the h*w of one-channel images of this config's image shape.
    func checkConvFeatures(_ features: Int) throws {
        guard let what = convNetworkName, let image else { return }
        guard image[0] * image[1] == features else {
            throw ConfigError("\(what) is built for \(image[0])x\(image[1]) images (\(image[0] * image[1]) values), "
                              + "but the data have \(features) features")
        }
    }
}
