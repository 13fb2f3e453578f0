import Foundation

/// UMAP's low-dimensional similarity q(d) = 1 / (1 + a d^(2b)) and the two pair losses built on it.
///
/// a and b are fitted so that q is ~1 up to `minDistance` and then falls off as exp(-(d - minDistance) / spread):
/// a small minDistance packs neighbours tightly, a large one spreads them out.
public struct LayoutCurve: Sendable, Equatable {
    /// Curve parameters of q(d) = 1 / (1 + a d^(2b)).
    public let a: Float, b: Float
    /// Added to the squared distance of repulsive pairs so that coincident points have a finite push.
    public static let epsilon: Float = 1e-3

    /// The curve with the given parameters.
    public init(a: Float, b: Float) {
        self.a = a; self.b = b
    }

    /// The least-squares fit of q to 1 (d < minDistance) / exp(-(d - minDistance) / spread) on d in [0, 3 spread].
    public init(minDistance: Float, spread: Float = 1) {
        let xs = (0..<300).map { 3 * Double(spread) * Double($0) / 299 }
        let ys = xs.map { $0 < Double(minDistance) ? 1 : exp(-($0 - Double(minDistance)) / Double(spread)) }
        // Levenberg-Marquardt on (log a, b); residual r = 1/(1 + a x^(2b)) - y
        var la = log(1.8), b = 0.8, damping = 1e-3
        func cost(_ la: Double, _ b: Double) -> Double {
            zip(xs, ys).reduce(0) { s, p in
                let q = 1 / (1 + exp(la) * pow(p.0, 2 * b)); return s + (q - p.1) * (q - p.1)
            }
        }
        var current = cost(la, b)
        for _ in 0..<200 {
            // J^T J (2x2) and J^T r
            var h00 = 0.0, h01 = 0.0, h11 = 0.0, g0 = 0.0, g1 = 0.0
            for (x, y) in zip(xs, ys) where x > 0 {
                let p = exp(la) * pow(x, 2 * b), q = 1 / (1 + p), r = q - y
                let dq = -q * q * p                   // dq/d(log p)
                let j0 = dq, j1 = dq * 2 * log(x)     // d log p / d la = 1, / d b = 2 log x
                h00 += j0 * j0; h01 += j0 * j1; h11 += j1 * j1; g0 += j0 * r; g1 += j1 * r
            }
            let a00 = h00 * (1 + damping), a11 = h11 * (1 + damping), det = a00 * a11 - h01 * h01
            guard det.isFinite, det != 0 else { break }
            let step0 = (a11 * g0 - h01 * g1) / det, step1 = (a00 * g1 - h01 * g0) / det
            let trial = cost(la - step0, b - step1)
            if trial < current {
                la -= step0; b -= step1; damping *= 0.3
                if current - trial < 1e-12 * current { current = trial; break }
                current = trial
            } else {
                damping *= 10
            }
        }
        self.init(a: Float(exp(la)), b: Float(b))
    }

    /// Attraction of a graph edge at squared distance `d2`: loss -log q = log(1 + a d2^b) and the
    /// coefficient c with dLoss/dy_i = c (y_i - y_j) (0 for coincident points).
    @inline(__always) public func attraction(d2: Float) -> (loss: Float, coefficient: Float) {
        guard d2 > 0 else { return (0, 0) }
        let p = a * powf(d2, b)
        return (log1pf(p), 2 * b * p / (d2 * (1 + p)))
    }

    /// Repulsion of a random pair at squared distance `d2`: with s = d2 + epsilon, loss -log(1 - q(s)) =
    /// log(1 + 1 / (a s^b)), and dLoss/dy_i = c (y_i - y_l) with c = -2b / (s (1 + a s^b)) (negative: a push).
    @inline(__always) public func repulsion(d2: Float) -> (loss: Float, coefficient: Float) {
        let s = d2 + Self.epsilon, p = a * powf(s, b)
        return (log1pf(1 / p), -2 * b / (s * (1 + p)))
    }
}
