import XCTest
@testable import LatentCore
@testable import LatentModels

/// The models' hand-written gradients (reparameterisation, KL, table rows) against central differences of
/// the batch loss with the same noise draws (same Rng seed). Bound: max relative error 2e-2.
final class ModelGradientTests: XCTestCase {
    let rows = [3, 7, 11, 20]

    func testGNETableGradient() {
        let data = ToyData()
        var rng = Rng(seed: 1)
        var cfg = ModelConfig(kind: .gne); cfg.width = 8; cfg.blocks = 1
        let m = GNEModel(config: cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        func loss() -> Double { var r = Rng(seed: 9); var l: Float = 0; batch(data, rows) { l = m.computeGradients($0, rng: &r) }; return Double(l) }
        _ = loss()
        let g = m.tableGradient.copy()
        XCTAssertLessThan(tableGradientError(m.table.table.value, rows: rows, gradient: g, loss), 2e-2)
    }

    func testGNDMeanLogVarAndDecoderGradients() {
        for supervised in [false, true] {
            let data = ToyData()
            var rng = Rng(seed: 2)
            var cfg = ModelConfig(kind: .gnd); cfg.hidden = [8, 12]; cfg.beta = 0.7
            if supervised { cfg.supervised = true; cfg.classes = 3 }
            let m = GNDModel(config: cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
            // spread the tables so KL terms matter
            rng.fillUniform(m.mean.table.value.base, count: m.mean.table.count, -1, 1)
            rng.fillUniform(m.logVariance.table.value.base, count: m.logVariance.table.count, -1, 0.5)
            func loss() -> Double { var r = Rng(seed: 9); var l: Float = 0; batch(data, rows) { l = m.computeGradients($0, rng: &r)[0] }; return Double(l) }
            _ = loss()
            let (gm, gl) = (m.tableGradients.mean.copy(), m.tableGradients.logVariance.copy())
            let decoderGrad = m.decoder.parameters[0].grad.copy()
            var worst = max(tableGradientError(m.mean.table.value, rows: rows, gradient: gm, loss),
                            tableGradientError(m.logVariance.table.value, rows: rows, gradient: gl, loss))
            let w = m.decoder.parameters[0].value
            for i in stride(from: 0, to: w.count, by: 3) {
                let old = w.base[i]
                w.base[i] = old + 1e-3; let up = loss(); w.base[i] = old - 1e-3; let down = loss(); w.base[i] = old
                worst = max(worst, relErr(Double(decoderGrad.base[i]), (up - down) / 2e-3))
            }
            XCTAssertLessThan(worst, 2e-2, "supervised=\(supervised)")
        }
    }

    func testVAEEncoderGradient() {
        let data = ToyData()
        var rng = Rng(seed: 3)
        var cfg = ModelConfig(kind: .vae); cfg.width = 8; cfg.blocks = 1; cfg.beta = 0.5
        let m = VAEModel(config: cfg, features: data.featureCount, rng: &rng)
        func loss() -> Double { var r = Rng(seed: 9); var l: Float = 0; batch(data, rows) { l = m.computeGradients($0, rng: &r)[0] }; return Double(l) }
        _ = loss()
        var worst = 0.0
        for p in [m.encoder.parameters[0], m.encoder.parameters.last!] {
            let g = p.grad.copy()
            for i in stride(from: 0, to: p.count, by: max(1, p.count / 40)) {
                let old = p.value.base[i]
                p.value.base[i] = old + 1e-3; let up = loss(); p.value.base[i] = old - 1e-3; let down = loss(); p.value.base[i] = old
                worst = max(worst, relErr(Double(g.base[i]), (up - down) / 2e-3))
            }
        }
        XCTAssertLessThan(worst, 2e-2)
    }
}
