import LatentCore
import LatentData
import LatentEval
import LatentNeighbours

/// The Fréchet score on MNIST: a FeatureClassifier (784 -> 256 -> 64 relu -> 10) trained on the training
/// set, then real test vs train (the floor), 3x3-box-blurred test vs train, and 2x-blurred test vs train.
enum FrechetCase {
    static func run(_ o: BenchOptions) throws {
        guard let mnist = try o.mnistTrainAndTest(case: "frechet") else { return }
        let (train, test) = mnist
        let x = train.floatMatrix(), xt = test.floatMatrix()
        let epochs = 3
        var net: FeatureClassifier!
        let trainSec = try Measure.time {
            net = try FeatureClassifier.train(data: x, labels: train.labels ?? [], epochs: epochs, seed: o.seed)
        }
        var out: [String: Any] = ["case": "frechet", "classifier": "784-256-64-10 relu, Adam 1e-3, batch 256",
                                  "epochs": epochs, "train_sec": Measure.round(trainSec, 2),
                                  "test_accuracy": Measure.round(net.accuracy(xt, labels: test.labels ?? []))]
        let once = blurred(xt, 28, 28), twice = blurred(once, 28, 28)
        let scoreSec = try Measure.time {
            let real = try FrechetScore.evaluate(generated: xt, test: xt, train: x, classifier: net)
            let b1 = try FrechetScore.evaluate(generated: once, test: xt, train: x, classifier: net)
            let b2 = try FrechetScore.evaluate(generated: twice, test: xt, train: x, classifier: net)
            out["real_test_vs_train"] = Measure.round(real.baseline)
            out["blurred_test_vs_train"] = Measure.round(b1.generated)
            out["blurred_twice_test_vs_train"] = Measure.round(b2.generated)
        }
        out["score_sec_3_sets"] = Measure.round(scoreSec, 2)
        JSONLine.emit(out)
    }

    /// 3x3 box blur of (n, h*w) images, edges clamped.
    static func blurred(_ images: Matrix, _ h: Int, _ w: Int) -> Matrix {
        let out = Matrix(rows: images.rows, cols: h * w)
        for r in 0..<images.rows {
            let src = images.row(r), dst = out.row(r)
            for y in 0..<h { for x in 0..<w {
                var s: Float = 0
                for dy in -1...1 { for dx in -1...1 { s += src[min(h - 1, max(0, y + dy)) * w + min(w - 1, max(0, x + dx))] } }
                dst[y * w + x] = s / 9
            } }
        }
        return out
    }
}
