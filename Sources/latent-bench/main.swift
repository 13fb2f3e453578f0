import Foundation
import LatentCore
import LatentModels

final class U8Source: SampleSource {
    let bytes: [UInt8]; let n: Int; let d: Int
    init(path: String, d: Int) { bytes = [UInt8](FileManager.default.contents(atPath: path)!); self.d = d; n = bytes.count / d }
    var sampleCount: Int { n }
    var featureCount: Int { d }
    var classLabels: [Int32]? { nil }
    func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) {
        bytes.withUnsafeBufferPointer { b in
            for (i, r) in indices.enumerated() {
                let src = b.baseAddress! + r * d, dst = out + i * d
                for j in 0..<d { dst[j] = Float(src[j]) * (1.0 / 255.0) }
            }
        }
    }
}
let threads = Int(ProcessInfo.processInfo.environment["THREADS"] ?? "2")!
setBlasThreads(threads)
let data = U8Source(path: "/tmp/mnist_train.u8", d: 784)
var rng = Rng(seed: 1)
let kind = ModelKind(rawValue: CommandLine.arguments.dropFirst().first ?? "gne")!
var cfg = ModelConfig(kind: kind)
if kind == .gnd { cfg.decoder = .residual }
let model = GNEModel(config: cfg, samples: data.sampleCount, features: 784, rng: &rng)
let r = try Trainer.train(model, data: data, options: TrainOptions(epochs: 5), rng: &rng, onEpoch: { e in
    print(e.epoch, String(format: "%.4f s  loss %.5f", e.seconds, e.losses["loss"]!))
})
