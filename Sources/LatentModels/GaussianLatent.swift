import Foundation
import LatentCore

/// A diagonal Gaussian latent with the reparameterisation trick, shared by gnd (mean and log-variance
/// tables) and vae (the encoder's [mu | logvar] output):
/// z = mu + exp(logvar/2)·eps with eps ~ N(0, I), and KL(N(mu, sigma²) || N(0, I)) =
/// -1/2 Σ_j (1 + logvar_j - mu_j² - exp(logvar_j)), summed over the k dimensions and averaged over the batch.
enum GaussianLatent {
    /// Rows of a (B, ·) matrix from column `column` on: the k values of row r start at `self[r]`.
    struct Rows {
        let base: UnsafeMutablePointer<Float>
        let stride: Int
        init(_ m: Matrix, column: Int = 0) { base = m.base + column; stride = m.cols }
        @inline(__always) subscript(r: Int) -> UnsafeMutablePointer<Float> { base + r * stride }
    }

    /// Writes z = mu + sigma·eps for `rows` rows of `dims` values and returns the batch-mean KL.
    static func sample(mu: Rows, logVariance: Rows, eps: Rows, into z: Rows, rows b: Int, dims k: Int) -> Float {
        var kl: Double = 0
        for r in 0..<b {
            let m = mu[r], l = logVariance[r], e = eps[r], zr = z[r]
            for j in 0..<k {
                zr[j] = m[j] + expf(0.5 * l[j]) * e[j]                                   // z = mu + sigma·eps
                kl += Double(-0.5 * (1 + l[j] - m[j] * m[j] - expf(l[j])))
            }
        }
        return b > 0 ? Float(kl / Double(b)) : 0
    }

    /// The gradients of (a loss whose gradient at z is `dz`) + beta·KL with respect to mu and logvar, for
    /// the eps `sample` used, each (B, k):
    /// d/dmu = dz + beta·mu/B;  d/dlogvar = dz·eps·sigma/2 + beta·(exp(logvar) - 1)/(2B).
    static func backward(dz: Rows, mu: Rows, logVariance: Rows, eps: Rows, beta: Float, rows b: Int, dims k: Int,
                         dMu: Rows, dLogVariance: Rows) {
        let invB = 1 / Float(b)
        for r in 0..<b {
            let m = mu[r], l = logVariance[r], e = eps[r], g = dz[r], gm = dMu[r], gl = dLogVariance[r]
            for j in 0..<k {
                let sigma = expf(0.5 * l[j])
                gm[j] = g[j] + beta * m[j] * invB
                gl[j] = g[j] * e[j] * 0.5 * sigma + beta * 0.5 * (sigma * sigma - 1) * invB
            }
        }
    }
}
