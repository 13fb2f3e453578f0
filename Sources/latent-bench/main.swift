import Foundation
import LatentCore
import LatentModels
import LatentEval

final class U8Source: SampleSource {
    let bytes: [UInt8]; let n: Int; let d: Int; let labels: [Int32]
    init(path: String, labels lpath: String, d: Int) {
        bytes = [UInt8](FileManager.default.contents(atPath: path)!); self.d = d; n = bytes.count / d
        labels = [UInt8](FileManager.default.contents(atPath: lpath)!).map { Int32($0) }
    }
    var sampleCount: Int { n }
    var featureCount: Int { d }
    var classLabels: [Int32]? { labels }
    func fillRows(_ indices: UnsafeBufferPointer<Int>, into out: UnsafeMutablePointer<Float>) {
        bytes.withUnsafeBufferPointer { b in
            for (i, r) in indices.enumerated() {
                let src = b.baseAddress! + r * d, dst = out + i * d
                for j in 0..<d { dst[j] = Float(src[j]) * (1.0 / 255.0) }
            }
        }
    }
}
func knn(_ tr: Matrix, _ ytr: [Int32], _ te: Matrix, _ yte: [Int32], k: Int = 5) -> Double {
    var correct = 0
    for i in 0..<te.rows {
        var best: [(Float, Int32)] = []
        let a = te.row(i)
        for j in 0..<tr.rows {
            let b = tr.row(j)
            var d: Float = 0
            for c in 0..<tr.cols { let t = a[c] - b[c]; d += t * t }
            if best.count < k || d < best[best.count - 1].0 {
                best.append((d, ytr[j])); best.sort { $0.0 < $1.0 }; if best.count > k { best.removeLast() }
            }
        }
        var votes = [Int32: Int]()
        for (_, l) in best { votes[l, default: 0] += 1 }
        let top = votes.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }!.key
        if top == yte[i] { correct += 1 }
    }
    return Double(correct) / Double(te.rows)
}
let env = ProcessInfo.processInfo.environment
setBlasThreads(Int(env["THREADS"] ?? "2")!)
let train = U8Source(path: "/tmp/mnist_train.u8", labels: "/tmp/mnist_train_labels.u8", d: 784)
let test = U8Source(path: "/tmp/mnist_test.u8", labels: "/tmp/mnist_test_labels.u8", d: 784)
var rng = Rng(seed: 1)
let kind = ModelKind(rawValue: env["KIND"] ?? "gne")!
var cfg = ModelConfig(kind: kind)
if let v = env["DECODER"] { cfg.decoder = DecoderKind(rawValue: v)! }
if let v = env["NOISE"] { cfg.noise = Float(v)! }
if let v = env["BETA"] { cfg.beta = Float(v)! }
if let v = env["INIT"] { cfg.initRange = Float(v)! }
if let v = env["TABLEOPT"] { cfg.tableOptimizer = TableOptimizer(rawValue: v)! }
let epochs = Int(env["EPOCHS"] ?? "5")!
let lr = Float(env["LR"] ?? "1e-3")!
let model = try ModelFactory.make(cfg, samples: train.sampleCount, features: 784, rng: &rng)
if let w = env["NEIGHBOUR"], let gne = model as? GNEModel {
    let t0 = Date()
    let all = Matrix(rows: train.sampleCount, cols: 784)
    Array(0..<train.sampleCount).withUnsafeBufferPointer { train.fillRows($0, into: all.base) }
    let pca = try PCA.fit(all, components: 50)
    let nb = try KNNIndex(points: pca.projection).selfNeighbors(k: 15)
    var term = NeighbourTerm(graph: NeighbourGraph(k: 15, indices: nb.indices), weight: Float(w)!)
    if let a = env["ATTR"] { term.attractive = Int(a)!; term.repulsive = Int(a)! }
    if let f = env["FORM"] { term.form = NeighbourTerm.Form(rawValue: f)! }
    gne.neighbourTerm = term
    print("graph built in", Date().timeIntervalSince(t0))
}
let every = Int(env["EVERY"] ?? "1000")!
var done = 0
while done < epochs {
    let e = min(every, epochs - done)
    _ = try Trainer.train(model, data: train, options: TrainOptions(epochs: e, batchSize: Int(env["BATCH"] ?? "1024")!, learningRate: lr), rng: &rng, onEpoch: { e in
        if e.epoch <= 3 || e.epoch % 10 == 0 { print(e.epoch, String(format: "%.3f s", e.seconds), e.losses.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.5f", $0.value))" }.joined(separator: " ")) }
    })
    done += e
    if let em = model as? EmbeddingModel, env["EVAL"] != nil {
        let t0 = Date()
        let ztr = em.trainingEmbedding ?? (em as! VAEModel).encode(train)
        let zte = try (em as? VAEModel)?.encode(test) ?? em.fitFrozen(test)
        let sub = Array(0..<min(10000, test.sampleCount))
        print("epoch \(done): kNN test acc", knn(ztr, train.labels, zte.gatherRows(sub), sub.map { test.labels[$0] }),
              "train-on-train(2000)", knn(ztr, train.labels, ztr.gatherRows(Array(0..<2000)), Array(train.labels[0..<2000]), k: 6),
              String(format: "eval %.1fs", Date().timeIntervalSince(t0)))
    }
}
