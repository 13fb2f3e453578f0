import XCTest
import LatentTestSupport
import Foundation
@testable import LatentCore
@testable import LatentModels
import LatentData

/// `decoder=conv` (gne, gnd, vae, kaleido) and `encoder=conv` (vae) on 8x8 digits (h/4 = 2): they learn,
/// their gradients through the conv layers match central differences, checkpoints resume bit-identically,
/// and data that cannot feed a conv network are refused with a sentence naming the data and their shape.
final class ConvModelTests: XCTestCase {
    /// samples/digits.csv, 8x8 images, values scaled to [0, 1].
    func digits(_ count: Int = 600) throws -> Dataset {
        let root = LatentBinary.packageRoot
        var options = LoadOptions()
        options.label = .first
        options.imageShape = (8, 8)
        return try DataLoader.loadCSV(root.appendingPathComponent("samples/digits.csv").path, options: options)
            .dividedBy(16).head(count)
    }

    /// A small conv config of `kind` for 8x8 images.
    func config(_ kind: ModelKind, channels: Int = 16) -> ModelConfig {
        var c = ModelConfig(kind: kind)
        c.decoder = .conv; c.channels = channels; c.image = [8, 8]; c.beta = 0.01
        if kind == .vae { c.encoder = .conv }
        if kind == .kaleido { c.depth = 4 }
        return c
    }

    /// Each method with a conv network learns the digits: its reconstruction falls below a stated bound under
    /// what predicting the mean image scores on these 300 digits (0.072 per pixel; gnd and vae report the sum
    /// over the 64 pixels, 4.58; kaleido the per-pixel error on [-1, 1], 0.286).
    func testConvModelsLearnDigits() throws {
        try SlowTests.skipWhenFast()
        let data = try digits(300)
        let bounds: [ModelKind: Float] = [.gne: 0.05, .gnd: 64 * 0.068, .vae: 64 * 0.045, .kaleido: 0.05]
        for kind in ModelKind.allCases {
            var rng = Rng(seed: 4)
            let m = try ModelFactory.make(config(kind), samples: data.count, features: data.features, rng: &rng)
            XCTAssertTrue(m.parameters.contains { $0.name.hasSuffix("up2.weight") }, "\(kind) has the conv layers")
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 40, batchSize: 32, learningRate: 1e-2),
                                  rng: &rng)
            let first = m.history.epochs.first!.losses["recon"] ?? m.history.epochs.first!.losses["loss"]!
            let last = m.history.epochs.last!.losses["recon"] ?? m.history.epochs.last!.losses["loss"]!
            XCTAssertLessThan(Float(last), bounds[kind]!, "\(kind): reconstruction \(first) -> \(last)")
            XCTAssertLessThan(last, first, "\(kind)")
        }
    }

    /// The largest relative error of `params`' gradients (every so many entries) against central differences
    /// of `loss` (which recomputes the gradients with the same noise) with step `h`, over the entries where the
    /// loss is smooth within ±h: ReLU networks this small have kinks near many points, and an entry whose
    /// one-sided differences disagree by more than 2% is skipped; at least 70% of entries must be checked.
    func worstError(_ params: [Parameter], step h: Float, _ loss: () -> Double,
                    file: StaticString = #filePath, line: UInt = #line) -> Double {
        let base = loss()
        let grads = params.map { $0.grad.copy() }
        var worst = 0.0, checked = 0, total = 0
        for (p, g) in zip(params, grads) {
            for i in stride(from: 0, to: p.count, by: max(1, p.count / 25)) {
                let old = p.value.base[i]
                p.value.base[i] = old + h; let up = loss()
                p.value.base[i] = old - h; let down = loss()
                p.value.base[i] = old
                total += 1
                guard relErr((up - base) / Double(h), (base - down) / Double(h)) <= 0.02 else { continue }
                checked += 1
                worst = max(worst, relErr(Double(g.base[i]), (up - down) / Double(2 * h)))
            }
        }
        XCTAssertGreaterThanOrEqual(Double(checked), 0.7 * Double(total), "entries away from kinks", file: file, line: line)
        _ = loss()
        return worst
    }

    /// The gne table gradient and the conv decoder's weights through both transposed convolutions, the
    /// vae's conv encoder, and kaleido's conv identity map, against central differences (bound 2e-2).
    func testGradientsThroughConvNetworks() throws {
        let data = ToyData(n: 40, d: 64)
        let rows = [3, 7, 11, 20]
        var rng = Rng(seed: 1)
        let gne = GNEModel(config: config(.gne, channels: 4), samples: data.sampleCount, features: 64, rng: &rng)
        rng.fillUniform(gne.table.table.value.base, count: gne.table.table.count, -1, 1)
        func gneLoss() -> Double { var r = Rng(seed: 9); var l: Float = 0; batch(data, rows) { l = gne.computeGradients($0, rng: &r) }; return Double(l) }
        _ = gneLoss()
        let tg = gne.tableGradient.copy()
        XCTAssertLessThan(tableGradientError(gne.table.table.value, rows: rows, gradient: tg, gneLoss), 2e-2,
                          "gne table through the conv decoder")
        XCTAssertLessThan(worstError(gne.decoder.parameters, step: 1e-3, gneLoss), 2e-2, "gne conv decoder")

        let vae = VAEModel(config: config(.vae, channels: 4), features: 64, rng: &rng)
        func vaeLoss() -> Double { var r = Rng(seed: 9); var l: Float = 0; batch(data, rows) { l = vae.computeGradients($0, rng: &r)[0] }; return Double(l) }
        XCTAssertLessThan(worstError(vae.encoder.parameters + vae.decoder.parameters, step: 1e-2, vaeLoss), 2e-2, "vae conv encoder and decoder")

        let kaleido = KaleidoModel(config: config(.kaleido, channels: 4), features: 64, rng: &rng)
        func kaleidoLoss() -> Double { var r = Rng(seed: 9); var l: Float = 0; batch(data, rows) { l = kaleido.stepGradients($0, rng: &r)[0] }; return Double(l) }
        XCTAssertLessThan(worstError(kaleido.parameters, step: 1e-3, kaleidoLoss), 2e-2, "kaleido conv identity map")
    }

    /// Save, load, continue: a conv model's file holds its conv layers (checked by name and shape on
    /// load) and training after reloading is bit-identical to never having saved.
    func testConvCheckpointRoundTripResumesExactly() throws {
        let data = try digits(200)
        for kind in ModelKind.allCases {
            var rng = Rng(seed: 3)
            let m = try ModelFactory.make(config(kind, channels: 8), samples: data.count, features: data.features, rng: &rng)
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 64), rng: &rng)
            let loaded = try Checkpoint.decode(try Checkpoint.encode(m), path: "conv.model")
            XCTAssertEqual(loaded.config, m.config)
            XCTAssertEqual(loaded.parameters.map(\.name), m.parameters.map(\.name))
            XCTAssertEqual(allValues(loaded), allValues(m))
            var r1 = rng, r2 = rng
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 64), rng: &r1)
            _ = try Trainer.train(loaded, data: data, options: TrainOptions(epochs: 2, batchSize: 64), rng: &r2)
            XCTAssertEqual(allValues(loaded), allValues(m), "\(kind) continues identically after reload")
        }
    }

    /// The descriptors' layouts list exactly the tensors the conv models build (memory planning and
    /// checkpoint checks rely on them).
    func testLayoutsMatchBuiltConvModels() throws {
        for kind in ModelKind.allCases {
            var cfg = config(kind, channels: 6)
            if kind == .kaleido { cfg.depth = 6 }
            var rng = Rng(seed: 1)
            let m = try ModelFactory.make(cfg, samples: 10, features: 64, rng: &rng)
            let expected = TensorShape.expand(cfg.tensors(samples: 10, features: 64))
            XCTAssertEqual(expected, m.parameters.map(TensorShape.init), "\(kind)")
        }
    }

    /// Data without an image shape, or with h or w not divisible by 4, are refused with a sentence naming
    /// the dataset and its shape; a config built for other images is refused by the factory.
    func testConvRefusesDataItCannotShape() throws {
        let cfg = ModelConfig(kind: .gne).with { $0.decoder = .conv }
        XCTAssertThrowsError(try ConvNetworks.image(for: cfg, shape: nil, features: 64, dataset: "iris")) { e in
            XCTAssertEqual("\(e)", "decoder=conv needs images: 'iris' has 64 features and no image shape; "
                           + "load it with image=[height, width]")
        }
        XCTAssertThrowsError(try ConvNetworks.image(for: cfg, shape: (10, 12), features: 120, dataset: "faces")) { e in
            XCTAssertEqual("\(e)", "decoder=conv needs image height and width divisible by 4 (two stride-2 layers): "
                           + "'faces' has 10x12 images")
        }
        let vae = ModelConfig(kind: .vae).with { $0.encoder = .conv }
        XCTAssertThrowsError(try ConvNetworks.image(for: vae, shape: (6, 8), features: 48, dataset: "d")) { e in
            XCTAssertTrue("\(e)".hasPrefix("encoder=conv needs image height"), "\(e)")
        }
        XCTAssertEqual(try ConvNetworks.image(for: cfg, shape: (28, 20), features: 560, dataset: "d"), [28, 20])
        XCTAssertNil(try ConvNetworks.image(for: ModelConfig(kind: .gne), shape: nil, features: 5, dataset: "d"))
        var rng = Rng(seed: 1)
        XCTAssertThrowsError(try ModelFactory.make(cfg, samples: 10, features: 64, rng: &rng)) { e in
            XCTAssertTrue("\(e)".contains("decoder=conv needs the data's image shape"), "\(e)")
        }
        XCTAssertThrowsError(try ModelFactory.make(config(.gne), samples: 10, features: 60, rng: &rng)) { e in
            XCTAssertEqual("\(e)", "decoder=conv is built for 8x8 images (64 values), but the data have 60 features")
        }
        XCTAssertThrowsError(try ModelConfig(kind: .gne).with { $0.encoder = .conv }.validate()) { e in
            XCTAssertEqual("\(e)", "encoder=conv applies to a vae only")
        }
        XCTAssertThrowsError(try config(.gne).with { $0.channels = 0 }.validate()) { e in
            XCTAssertEqual("\(e)", "channels must be between 1 and 4096, got 0")
        }
        XCTAssertThrowsError(try config(.kaleido).with { $0.depth = 2 }.validate()) { e in
            XCTAssertTrue("\(e)".contains("needs depth of at least 3"), "\(e)")
        }
    }
}

extension ModelConfig {
    /// A copy changed by `change`.
    func with(_ change: (inout ModelConfig) -> Void) -> ModelConfig { var c = self; change(&c); return c }
}
