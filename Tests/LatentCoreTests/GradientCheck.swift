import XCTest
@testable import LatentCore

/// Central-difference gradient checking shared by the layer tests.
enum GradientCheck {
    /// L = sum(forward(x) ∘ R) in double precision.
    static func projectedLoss(_ layer: Layer, _ x: Matrix, _ r: Matrix) -> Double {
        let y = layer.forward(x)
        var s = 0.0
        for i in 0..<y.count { s += Double(y.base[i]) * Double(r.base[i]) }
        return s
    }

    /// Max relative error between analytic and numerical gradients of L = sum(layer(x) ∘ R) with respect
    /// to the input and every parameter; relative error is |a - n| / max(1e-2, |a| + |n|).
    static func maxRelativeError(_ layer: Layer, batch: Int, seed: UInt64, eps: Float = 1e-3) -> Double {
        var rng = Rng(seed: seed)
        // Non-zero biases: with zero biases a ReLU unit fed by dead units sits exactly on its kink.
        for p in layer.parameters where p.value.rows == 1 { rng.fillUniform(p.value.base, count: p.count, -0.5, 0.5) }
        let x = Matrix(rows: batch, cols: layer.inputSize)
        rng.fillUniform(x.base, count: x.count, -1, 1)
        let r = Matrix(rows: batch, cols: layer.outputSize)
        rng.fillUniform(r.base, count: r.count, -1, 1)

        _ = layer.forward(x)
        let dy = r.copy()
        let dx = layer.backward(dy, needInputGradient: true).copy()
        let analyticParams = layer.parameters.map { $0.grad.copy() }

        var worst = 0.0
        func check(_ p: UnsafeMutablePointer<Float>, _ i: Int, analytic: Float) {
            let old = p[i]
            p[i] = old + eps
            let up = projectedLoss(layer, x, r)
            p[i] = old - eps
            let down = projectedLoss(layer, x, r)
            p[i] = old
            let numeric = (up - down) / (2 * Double(eps))
            let err = abs(Double(analytic) - numeric) / max(1e-2, abs(Double(analytic)) + abs(numeric))
            worst = max(worst, err)
        }
        for i in 0..<x.count { check(x.base, i, analytic: dx.base[i]) }
        for (p, g) in zip(layer.parameters, analyticParams) {
            // every element for small tensors, a strided sample for large ones
            let stride = max(1, p.count / 200)
            for i in Swift.stride(from: 0, to: p.count, by: stride) { check(p.value.base, i, analytic: g.base[i]) }
        }
        return worst
    }
}
