import Foundation

/// How a per-element loss is reduced to one number per batch.
public enum Reduction: String, Sendable, Codable {
    /// Mean over every element (batch and features): Keras/PyTorch `mse_loss`; the GNE objective.
    case mean
    /// Sum over features, mean over the batch: the VAE/G-NeuroDAVIS reconstruction term beside a KL term.
    case sumFeaturesMeanBatch
}

/// Reconstruction losses between a prediction y and a target x, both (B, D).
public enum Loss: String, Sendable, CaseIterable, Codable {
    /// Squared error (y - x)^2.
    case mse
    /// Binary cross-entropy -[x log y + (1-x) log(1-y)], for y in (0,1) (sigmoid outputs).
    case bce

    /// Returns the reduced loss and writes dL/dy into `grad` (same shape).
    public func evaluate(prediction y: Matrix, target x: Matrix, grad: Matrix, reduction: Reduction) -> Float {
        precondition(y.rows == x.rows && y.cols == x.cols && grad.rows == y.rows && grad.cols == y.cols,
                     "loss shapes differ")
        let n = y.count
        let norm: Float = reduction == .mean ? 1 / Float(max(n, 1)) : 1 / Float(max(y.rows, 1))
        let (yp, xp, gp) = (y.base, x.base, grad.base)
        // Each part reduces its own contiguous range; the partial sums are added in part order. The parts
        // depend on n only, so the loss has the same bits for any thread count.
        var partials = [Double](repeating: 0, count: Parallel.maxParts)
        partials.withUnsafeMutableBufferPointer { sums in
            let sp = sums.baseAddress!
            Parallel.fixedRanges(n, grain: 32_768) { part, r in
                let o = r.lowerBound
                sp[part] = self.evaluateRange(yp + o, xp + o, gp + o, count: r.count, norm: norm)
            }
        }
        let total = partials.reduce(0, +)
        return Float(total) * norm
    }

    /// Loss sum over `count` elements (unnormalised) and the gradient `norm · dl/dy` into `gp`.
    private func evaluateRange(_ yp: UnsafePointer<Float>, _ xp: UnsafePointer<Float>, _ gp: UnsafeMutablePointer<Float>,
                               count n: Int, norm: Float) -> Double {
        var total: Double = 0
        switch self {
        case .mse:
            // d/dy (y-x)^2 = 2(y-x)
            var i = 0
            var acc = SIMD8<Float>(repeating: 0)
            while i + 8 <= n {
                let d = UnsafeRawPointer(yp + i).loadUnaligned(as: SIMD8<Float>.self)
                    - UnsafeRawPointer(xp + i).loadUnaligned(as: SIMD8<Float>.self)
                acc += d * d
                UnsafeMutableRawPointer(gp + i).storeBytes(of: d * (2 * norm), as: SIMD8<Float>.self)
                i += 8
                if i & 4095 == 0 { total += Double(acc.sum()); acc = .zero }
            }
            total += Double(acc.sum())
            while i < n { let d = yp[i] - xp[i]; total += Double(d * d); gp[i] = 2 * norm * d; i += 1 }
        case .bce:
            let eps: Float = 1e-7
            for i in 0..<n {
                let p = min(max(yp[i], eps), 1 - eps)
                let t = xp[i]
                total -= Double(t * logf(p) + (1 - t) * logf(1 - p))
                gp[i] = norm * (p - t) / (p * (1 - p))
            }
        }
        return total
    }
}
