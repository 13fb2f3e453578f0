import Foundation
import LatentCore

/// Synthetic data that looks like what latent plots (clustered 2-D maps, blob images, decreasing losses,
/// spiralling trajectories), seeded: for the plotting tests and the example figures (latent-bench
/// `figures`).
public enum ExampleData {
    /// n points in `classes` Gaussian clusters, with their labels.
    public static func clusters(n: Int, classes: Int, seed: UInt64 = 7) -> (Matrix, [Int]) {
        var rng = Rng(seed: seed)
        var centres: [(Float, Float)] = []
        for _ in 0..<classes { centres.append((rng.uniform(-10, 10), rng.uniform(-10, 10))) }
        let m = Matrix(rows: n, cols: 2)
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let c = rng.int(below: classes)
            labels[i] = c
            m[i, 0] = centres[c].0 + rng.normal()
            m[i, 1] = centres[c].1 + rng.normal()
        }
        return (m, labels)
    }

    /// m random h x w images: a bright blob at a random place plus noise, values in [0, 1].
    public static func images(m: Int, h: Int, w: Int, seed: UInt64 = 3) -> Matrix {
        var rng = Rng(seed: seed)
        let out = Matrix(rows: m, cols: h * w)
        for k in 0..<m {
            let cy = rng.uniform(Float(h) * 0.3, Float(h) * 0.7), cx = rng.uniform(Float(w) * 0.3, Float(w) * 0.7)
            let r = rng.uniform(2, Float(min(h, w)) / 3)
            for y in 0..<h {
                for x in 0..<w {
                    let d = ((Float(y) - cy) * (Float(y) - cy) + (Float(x) - cx) * (Float(x) - cx)).squareRoot()
                    out[k, y * w + x] = min(1, max(0, (d < r ? 1 - d / (2 * r) : 0) + 0.1 * rng.uniform()))
                }
            }
        }
        return out
    }

    /// Loss series that decrease like a real training run.
    public static func losses(epochs: Int) -> [LossPlot.Series] {
        let recon = (1...epochs).map { 0.06 + 0.5 * exp(-Double($0) / 8) }
        let kl = (1...epochs).map { 0.002 + 0.02 * (1 - exp(-Double($0) / 5)) }
        return [LossPlot.Series("total", zip(recon, kl).map { $0 + $1 }),
                LossPlot.Series("reconstruction", recon), LossPlot.Series("kl", kl)]
    }

    /// T steps of n points drifting towards the origin in a spiral.
    public static func trajectories(n: Int, steps: Int, seed: UInt64 = 5) -> [Matrix] {
        var rng = Rng(seed: seed)
        let start = Matrix(rows: n, cols: 2)
        for i in 0..<n { start[i, 0] = rng.uniform(-9, 9); start[i, 1] = rng.uniform(-9, 9) }
        var out = [start]
        for _ in 1..<steps {
            let prev = out.last!, next = Matrix(rows: n, cols: 2)
            for i in 0..<n {
                let x = prev[i, 0], y = prev[i, 1]
                next[i, 0] = 0.85 * x - 0.25 * y
                next[i, 1] = 0.25 * x + 0.85 * y
            }
            out.append(next)
        }
        return out
    }
}
