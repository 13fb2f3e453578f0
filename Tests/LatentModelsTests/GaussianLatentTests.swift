import XCTest
@testable import LatentCore
@testable import LatentModels

/// The Gaussian latent shared by gnd and vae: z = mu + exp(logvar/2)·eps and beta·KL, forward and backward.
final class GaussianLatentTests: XCTestCase {
    /// L = Σ w ⊙ z + beta·KL with eps held fixed: the backward's d/dmu and d/dlogvar match central
    /// differences of the forward, for mu and logvar read from strided columns (the vae's [mu | logvar]).
    func testBackwardMatchesCentralDifferences() {
        typealias Rows = GaussianLatent.Rows
        let b = 5, k = 3, beta: Float = 0.7
        var rng = Rng(seed: 21)
        let h = Matrix(rows: b, cols: 2 * k)                     // [mu | logvar]
        rng.fillNormal(h.base, count: h.count)
        for r in 0..<b { for j in 0..<k { h[r, k + j] *= 0.5 } }
        let eps = Matrix(rows: b, cols: k), w = Matrix(rows: b, cols: k)
        rng.fillNormal(eps.base, count: eps.count)
        rng.fillNormal(w.base, count: w.count)
        let z = Matrix(rows: b, cols: k)

        func loss() -> Double {
            let kl = GaussianLatent.sample(mu: Rows(h), logVariance: Rows(h, column: k), eps: Rows(eps), into: Rows(z),
                                           rows: b, dims: k)
            var s = 0.0
            for i in 0..<z.count { s += Double(w.base[i]) * Double(z.base[i]) }
            return s + Double(beta * kl)
        }
        _ = loss()
        let grad = Matrix(rows: b, cols: 2 * k)
        GaussianLatent.backward(dz: Rows(w), mu: Rows(h), logVariance: Rows(h, column: k), eps: Rows(eps), beta: beta,
                                rows: b, dims: k, dMu: Rows(grad), dLogVariance: Rows(grad, column: k))
        let step: Float = 1e-2
        var worst = 0.0
        for i in 0..<h.count {
            let saved = h.base[i]
            h.base[i] = saved + step; let up = loss()
            h.base[i] = saved - step; let down = loss()
            h.base[i] = saved
            let numeric = (up - down) / Double(2 * step)
            let err = abs(numeric - Double(grad.base[i])) / max(1, abs(numeric))
            worst = max(worst, err)
        }
        XCTAssertLessThan(worst, 2e-3, "largest relative gradient error")
    }

    /// KL of the prior itself is 0 and z = mu when sigma·eps = 0; KL grows with |mu|.
    func testKLOfThePriorIsZero() {
        typealias Rows = GaussianLatent.Rows
        let mu = Matrix(rows: 2, cols: 2), lv = Matrix(rows: 2, cols: 2), eps = Matrix(rows: 2, cols: 2)
        let z = Matrix(rows: 2, cols: 2)
        XCTAssertEqual(GaussianLatent.sample(mu: Rows(mu), logVariance: Rows(lv), eps: Rows(eps), into: Rows(z), rows: 2, dims: 2), 0)
        mu.fill(1)
        // KL = -1/2 Σ (1 + 0 - 1 - 1) = 1 per row over 2 dims
        XCTAssertEqual(GaussianLatent.sample(mu: Rows(mu), logVariance: Rows(lv), eps: Rows(eps), into: Rows(z), rows: 2, dims: 2), 1, accuracy: 1e-6)
        XCTAssertEqual(z.values, mu.values)
    }
}
