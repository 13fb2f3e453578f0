import XCTest
@testable import LatentCore

/// Conv2D and ConvTranspose2D: against the direct definitions, each other (adjointness), central
/// differences (bound 2e-2, as every layer) and the batch split (chunks and groups).
final class ConvLayerTests: XCTestCase {
    let bound = 2e-2
    private var savedThreads = 1

    override func setUp() { savedThreads = blasThreads() }
    override func tearDown() { setBlasThreads(savedThreads) }

    private func random(_ rows: Int, _ cols: Int, _ rng: inout Rng) -> Matrix {
        let m = Matrix(rows: rows, cols: cols)
        rng.fillUniform(m.base, count: m.count, -1, 1)
        return m
    }

    /// y[b, co, gy, gx] = bias[co] + Σ x[b, ci, gy*s-p+ky, gx*s-p+kx] · W[co, ky, kx, ci] (zero outside).
    private func directConv(_ g: ConvGeometry, _ x: Matrix, _ w: Matrix, _ bias: Matrix) -> [Double] {
        var y = [Double](repeating: 0, count: x.rows * g.gridCount)
        let (kh, kw) = (g.kernelHeight, g.kernelWidth)
        for b in 0..<x.rows { for co in 0..<g.gridChannels { for gy in 0..<g.gridHeight { for gx in 0..<g.gridWidth {
            var s = Double(bias.base[co])
            for ci in 0..<g.imageChannels { for ky in 0..<kh { for kx in 0..<kw {
                let iy = gy * g.stride - g.padding + ky, ix = gx * g.stride - g.padding + kx
                guard iy >= 0, iy < g.imageHeight, ix >= 0, ix < g.imageWidth else { continue }
                s += Double(x[b, (ci * g.imageHeight + iy) * g.imageWidth + ix]) * Double(w[co, (ky * kw + kx) * g.imageChannels + ci])
            } } }
            y[b * g.gridCount + (co * g.gridHeight + gy) * g.gridWidth + gx] = s
        } } } }
        return y
    }

    /// y[b, co, gy*s-p+ky, gx*s-p+kx] += x[b, ci, gy, gx] · W[ci, ky, kx, co], plus bias[co] (PyTorch's definition).
    private func directTransposed(_ g: ConvGeometry, _ x: Matrix, _ w: Matrix, _ bias: Matrix) -> [Double] {
        var y = [Double](repeating: 0, count: x.rows * g.imageCount)
        let (kh, kw) = (g.kernelHeight, g.kernelWidth)
        for b in 0..<x.rows {
            for co in 0..<g.imageChannels { for i in 0..<g.imagePixels { y[b * g.imageCount + co * g.imagePixels + i] = Double(bias.base[co]) } }
            for ci in 0..<g.gridChannels { for gy in 0..<g.gridHeight { for gx in 0..<g.gridWidth {
                let v = Double(x[b, (ci * g.gridHeight + gy) * g.gridWidth + gx])
                for co in 0..<g.imageChannels { for ky in 0..<kh { for kx in 0..<kw {
                    let iy = gy * g.stride - g.padding + ky, ix = gx * g.stride - g.padding + kx
                    guard iy >= 0, iy < g.imageHeight, ix >= 0, ix < g.imageWidth else { continue }
                    y[b * g.imageCount + (co * g.imageHeight + iy) * g.imageWidth + ix] += v * Double(w[ci, (ky * kw + kx) * g.imageChannels + co])
                } } }
            } } }
        }
        return y
    }

    private func maxAbsDiff(_ a: Matrix, _ b: [Double]) -> Double {
        zip(a.values, b).reduce(0) { max($0, abs(Double($1.0) - $1.1)) }
    }

    func testGeometrySizesAndShapeErrors() throws {
        let down = try ConvGeometry.convolution(inChannels: 1, height: 28, width: 28, outChannels: 64, kernel: (4, 4),
                                                stride: 2, padding: 1)
        XCTAssertEqual([down.gridHeight, down.gridWidth, down.gridCount], [14, 14, 64 * 196])
        let up = try ConvGeometry.transposed(inChannels: 128, height: 7, width: 7, outChannels: 64, kernel: (4, 4),
                                             stride: 2, padding: 1)
        XCTAssertEqual([up.imageHeight, up.imageWidth, up.imageCount, up.patchSize], [14, 14, 64 * 196, 64 * 16])
        let odd = try ConvGeometry.transposed(inChannels: 2, height: 4, width: 5, outChannels: 3, kernel: (3, 3),
                                              stride: 2, padding: 1, outputPadding: 1)
        XCTAssertEqual([odd.imageHeight, odd.imageWidth], [8, 10])
        XCTAssertThrowsError(try ConvGeometry.convolution(inChannels: 1, height: 2, width: 2, outChannels: 1,
                                                          kernel: (5, 5))) { e in
            XCTAssertTrue("\(e)".contains("does not fit a 2x2 input"), "\(e)")
        }
        XCTAssertThrowsError(try ConvGeometry.transposed(inChannels: 1, height: 3, width: 3, outChannels: 1,
                                                         kernel: (3, 3), stride: 2, outputPadding: 2)) { e in
            XCTAssertTrue("\(e)".contains("output padding"), "\(e)")
        }
        XCTAssertThrowsError(try ConvGeometry.transposed(inChannels: 1, height: 1, width: 1, outChannels: 1,
                                                         kernel: (1, 1), padding: 1)) { e in
            XCTAssertTrue("\(e)".contains("leaves no output"), "\(e)")
        }
        XCTAssertThrowsError(try ConvGeometry.convolution(inChannels: 0, height: 4, width: 4, outChannels: 1, kernel: (1, 1)))
        XCTAssertThrowsError(try ConvGeometry.convolution(inChannels: 1, height: 4, width: 4, outChannels: 1,
                                                          kernel: (1, 1), stride: 0))
    }

    func testConvForwardMatchesDirectDefinition() throws {
        for (stride, padding) in [(1, 0), (2, 1), (3, 2)] {
            let g = try ConvGeometry.convolution(inChannels: 2, height: 7, width: 6, outChannels: 3, kernel: (3, 2),
                                                 stride: stride, padding: padding)
            var rng = Rng(seed: 11)
            let layer = Conv2D(g, rng: &rng)
            rng.fillUniform(layer.bias.value.base, count: layer.bias.count, -1, 1)
            let x = random(4, g.imageCount, &rng)
            let err = maxAbsDiff(layer.forward(x), directConv(g, x, layer.weight.value, layer.bias.value))
            XCTAssertLessThan(err, 1e-5, "stride \(stride) padding \(padding)")
        }
    }

    func testTransposedForwardMatchesDirectDefinition() throws {
        for (stride, padding, extra) in [(1, 0, 0), (2, 1, 0), (2, 1, 1), (3, 2, 2)] {
            let g = try ConvGeometry.transposed(inChannels: 3, height: 4, width: 5, outChannels: 2, kernel: (4, 3),
                                                stride: stride, padding: padding, outputPadding: extra)
            var rng = Rng(seed: 12)
            let layer = ConvTranspose2D(g, rng: &rng)
            rng.fillUniform(layer.bias.value.base, count: layer.bias.count, -1, 1)
            let x = random(3, g.gridCount, &rng)
            let err = maxAbsDiff(layer.forward(x), directTransposed(g, x, layer.weight.value, layer.bias.value))
            XCTAssertLessThan(err, 1e-5, "stride \(stride) padding \(padding) output padding \(extra)")
        }
    }

    /// <conv(x), y> = <x, convT(y)> with the same weight and zero bias.
    /// Many channels (the 8x8 register transposes of CHW <-> HWC and their edges) on both layers.
    func testWideChannelsMatchDirectDefinitions() throws {
        for (channels, side) in [(8, 8), (19, 11), (16, 5)] {
            let g = try ConvGeometry.convolution(inChannels: channels, height: side, width: side + 3,
                                                 outChannels: 9, kernel: (3, 3), stride: 2, padding: 1)
            var rng = Rng(seed: 14)
            let conv = Conv2D(g, rng: &rng), deconv = ConvTranspose2D(g, rng: &rng)
            rng.fillUniform(conv.bias.value.base, count: conv.bias.count, -1, 1)
            let x = random(2, g.imageCount, &rng), y = random(2, g.gridCount, &rng)
            XCTAssertLessThan(maxAbsDiff(conv.forward(x), directConv(g, x, conv.weight.value, conv.bias.value)), 1e-4,
                              "conv \(channels) channels")
            XCTAssertLessThan(maxAbsDiff(deconv.forward(y), directTransposed(g, y, deconv.weight.value, deconv.bias.value)),
                              1e-4, "transposed \(channels) channels")
        }
    }

    func testTransposedIsAdjointOfConv() throws {
        let g = try ConvGeometry.convolution(inChannels: 3, height: 9, width: 8, outChannels: 4, kernel: (4, 4),
                                             stride: 2, padding: 1)
        var rng = Rng(seed: 13)
        let conv = Conv2D(g, rng: &rng), deconv = ConvTranspose2D(g, rng: &rng)
        deconv.weight.value.assign(conv.weight.value)
        let x = random(2, g.imageCount, &rng), y = random(2, g.gridCount, &rng)
        let cx = conv.forward(x), ty = deconv.forward(y)
        var lhs = 0.0, rhs = 0.0
        for i in 0..<cx.count { lhs += Double(cx.base[i]) * Double(y.base[i]) }
        for i in 0..<ty.count { rhs += Double(ty.base[i]) * Double(x.base[i]) }
        XCTAssertLessThan(abs(lhs - rhs), 1e-5 * max(1, abs(lhs)), "\(lhs) vs \(rhs)")
        XCTAssertGreaterThan(abs(lhs), 0.1)
    }

    func testConvGradientsEveryActivation() throws {
        for act in Activation.allCases {
            var rng = Rng(seed: 21)
            let layer = Conv2D(inChannels: 2, height: 6, width: 5, outChannels: 3, kernel: 3, stride: 2, padding: 1,
                               activation: act, rng: &rng)
            let err = GradientCheck.maxRelativeError(layer, batch: 3, seed: 22)
            XCTAssertLessThan(err, bound, "conv2d \(act) max relative error \(err)")
        }
    }

    func testConvGradientsStrideOneRectangularKernel() throws {
        var rng = Rng(seed: 23)
        let g = try ConvGeometry.convolution(inChannels: 3, height: 5, width: 6, outChannels: 2, kernel: (2, 3),
                                             padding: 2)
        let err = GradientCheck.maxRelativeError(Conv2D(g, activation: .tanh, rng: &rng), batch: 2, seed: 24)
        XCTAssertLessThan(err, bound, "conv2d 2x3 kernel max relative error \(err)")
    }

    /// Seed 35: no ReLU output of this draw lies within the step (1e-3) of its kink (seed 25's did, 0.001).
    func testTransposedGradientsEveryActivation() throws {
        for act in Activation.allCases {
            var rng = Rng(seed: 35)
            let layer = ConvTranspose2D(inChannels: 3, height: 3, width: 4, outChannels: 2, kernel: 4, stride: 2,
                                        padding: 1, activation: act, rng: &rng)
            let err = GradientCheck.maxRelativeError(layer, batch: 3, seed: 36)
            XCTAssertLessThan(err, bound, "conv2d-transpose \(act) max relative error \(err)")
        }
    }

    func testTransposedGradientsOutputPaddingAndStrideThree() throws {
        var rng = Rng(seed: 27)
        let g = try ConvGeometry.transposed(inChannels: 2, height: 3, width: 2, outChannels: 3, kernel: (3, 2),
                                            stride: 3, padding: 1, outputPadding: 2)
        let err = GradientCheck.maxRelativeError(ConvTranspose2D(g, activation: .sigmoid, rng: &rng), batch: 2, seed: 28)
        XCTAssertLessThan(err, bound, "conv2d-transpose stride 3 max relative error \(err)")
    }

    /// The GNE paper's generator in miniature: Dense -> NCHW rows -> two stride-2 upsamplings, and the
    /// mirror encoder. Hidden units are tanh: a chain of ReLUs puts some unit within the difference step of
    /// its kink for most seeds, which says nothing about backward (ReLU is checked per layer above). Smooth units
    /// allow a step of 1e-2: at 1e-3 the Float rounding of 432 outputs, over 2e-3, dominates (error 0.047 at
    /// 1e-3, 0.008 at 3e-3, 0.0025 at 1e-2 for this draw).
    func testDeconvolutionalDecoderGradients() {
        var rng = Rng(seed: 29)
        let net = Sequential([
            Dense(2, 4 * 3 * 3, activation: .tanh, rng: &rng),
            ConvTranspose2D(inChannels: 4, height: 3, width: 3, outChannels: 3, kernel: 4, stride: 2, padding: 1,
                            activation: .tanh, name: "up1", rng: &rng),
            ConvTranspose2D(inChannels: 3, height: 6, width: 6, outChannels: 1, kernel: 4, stride: 2, padding: 1,
                            activation: .sigmoid, name: "up2", rng: &rng),
        ])
        XCTAssertEqual(net.outputSize, 144)
        let err = GradientCheck.maxRelativeError(net, batch: 3, seed: 30, eps: 1e-2)
        XCTAssertLessThan(err, bound, "deconvolutional decoder max relative error \(err)")
        let enc = Sequential([
            Conv2D(inChannels: 1, height: 12, width: 12, outChannels: 2, kernel: 4, stride: 2, padding: 1,
                   activation: .tanh, rng: &rng),
            Conv2D(inChannels: 2, height: 6, width: 6, outChannels: 3, kernel: 4, stride: 2, padding: 1,
                   activation: .tanh, rng: &rng),
            Dense(27, 2, rng: &rng),
        ])
        let encErr = GradientCheck.maxRelativeError(enc, batch: 2, seed: 31, eps: 1e-2)
        XCTAssertLessThan(encErr, bound, "convolutional encoder max relative error \(encErr)")
    }

    /// A batch large enough for several groups per chunk and several chunks gives the per-sample outputs
    /// and the sum of per-sample gradients, on one thread and on two.
    func testBatchSplitMatchesPerSampleSums() throws {
        let down = try ConvGeometry.convolution(inChannels: 2, height: 12, width: 12, outChannels: 3, kernel: (4, 4),
                                                stride: 2, padding: 1)
        let up = try ConvGeometry.transposed(inChannels: 3, height: 6, width: 6, outChannels: 2, kernel: (4, 4),
                                             stride: 2, padding: 1)
        // 20x20 grids have more than targetColumns columns: one-sample groups, read and written in place
        let wideDown = try ConvGeometry.convolution(inChannels: 1, height: 40, width: 40, outChannels: 2,
                                                    kernel: (4, 4), stride: 2, padding: 1)
        let wideUp = try ConvGeometry.transposed(inChannels: 2, height: 20, width: 20, outChannels: 1,
                                                 kernel: (4, 4), stride: 2, padding: 1)
        XCTAssertGreaterThan(wideUp.gridPixels, ConvWorkspace.targetColumns)
        for threads in [1, 2] {
            setBlasThreads(threads)
            var rng = Rng(seed: 41)
            let layers: [Layer] = [Conv2D(down, activation: .tanh, rng: &rng), ConvTranspose2D(up, activation: .tanh, rng: &rng),
                                   Conv2D(wideDown, activation: .tanh, rng: &rng),
                                   ConvTranspose2D(wideUp, activation: .tanh, rng: &rng)]
            for layer in layers {
                let batch = 3 * ConvWorkspace.targetColumns / 36 + 5     // > 3 groups of 36-column grids
                let x = random(batch, layer.inputSize, &rng), r = random(batch, layer.outputSize, &rng)
                let y = layer.forward(x).copy()
                let dx = layer.backward(r.copy(), needInputGradient: true).copy()
                let grads = layer.parameters.map { $0.grad.copy() }
                var sums = layer.parameters.map { [Double](repeating: 0, count: $0.count) }
                var worst = 0.0
                for b in 0..<batch {
                    let yb = layer.forward(x.gatherRows([b]))
                    for c in 0..<yb.cols { worst = max(worst, abs(Double(yb[0, c] - y[b, c]))) }
                    let dxb = layer.backward(r.gatherRows([b]), needInputGradient: true)
                    for c in 0..<dxb.cols { worst = max(worst, abs(Double(dxb[0, c] - dx[b, c]))) }
                    for (i, p) in layer.parameters.enumerated() { for j in 0..<p.count { sums[i][j] += Double(p.grad.base[j]) } }
                }
                XCTAssertLessThan(worst, 1e-5, "threads \(threads) \(type(of: layer)) rows")
                for (g, s) in zip(grads, sums) {
                    let e = zip(g.values, s).reduce(0.0) { max($0, abs(Double($1.0) - $1.1) / max(1, abs($1.1))) }
                    XCTAssertLessThan(e, 1e-4, "threads \(threads) \(type(of: layer)) parameter gradient")
                }
            }
        }
    }

    func testSkippingTheInputGradientKeepsParameterGradients() {
        var rng = Rng(seed: 51)
        let layer = ConvTranspose2D(inChannels: 2, height: 4, width: 4, outChannels: 2, kernel: 3, stride: 2,
                                    padding: 1, outputPadding: 1, rng: &rng)
        let x = random(5, layer.inputSize, &rng), r = random(5, layer.outputSize, &rng)
        _ = layer.forward(x)
        _ = layer.backward(r.copy(), needInputGradient: true)
        let full = layer.parameters.map { $0.grad.copy() }
        _ = layer.forward(x)
        _ = layer.backward(r.copy(), needInputGradient: false)
        for (a, p) in zip(full, layer.parameters) {
            let e = zip(a.values, p.grad.values).reduce(0.0) { max($0, Double(abs($1.0 - $1.1))) }
            XCTAssertLessThan(e, 1e-6, p.name)
        }
    }

    /// im2col writes every entry of a column matrix it is given, zeros only at the padding taps (it no
    /// longer clears the whole matrix first): into a buffer full of NaN, one and several channels, the
    /// result equals the definition exactly.
    func testIm2colOverwritesEveryEntryOfADirtyBuffer() throws {
        for (channels, padding, stride) in [(1, 1, 2), (3, 1, 2), (2, 2, 1), (5, 0, 1)] {
            let g = try ConvGeometry.convolution(inChannels: channels, height: 6, width: 5, outChannels: 2,
                                                 kernel: (3, 4), stride: stride, padding: padding)
            var rng = Rng(seed: 31)
            let image = random(1, g.imageCount, &rng)           // HWC: pixel-major, channel fastest
            let col = Matrix(rows: g.gridPixels, cols: g.patchSize, repeating: .nan)
            ConvTaps(g).im2col(image.base, col.base)
            for gy in 0..<g.gridHeight { for gx in 0..<g.gridWidth { for ky in 0..<3 { for kx in 0..<4 { for c in 0..<channels {
                let iy = gy * g.stride - g.padding + ky, ix = gx * g.stride - g.padding + kx
                let inside = iy >= 0 && iy < g.imageHeight && ix >= 0 && ix < g.imageWidth
                let want: Float = inside ? image.base[(iy * g.imageWidth + ix) * channels + c] : 0
                XCTAssertEqual(col[gy * g.gridWidth + gx, (ky * 4 + kx) * channels + c], want,
                               "\(g) at grid (\(gy), \(gx)) tap (\(ky), \(kx)) channel \(c)")
            } } } } }
        }
    }
}
