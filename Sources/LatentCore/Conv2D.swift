/// A 2-D convolution y = f(W ⊛ x + b) over NCHW rows (see `ConvGeometry` for the layout), by im2col and sgemm.
///
/// Input (B, Cin*H*W), output (B, Cout*Ho*Wo) with Ho = (H + 2*padding - kh) / stride + 1.
/// Weight (Cout, kh*kw*Cin), column (ky*kw + kx)*Cin + ci (see `ConvGeometry`), bias (1, Cout).
public final class Conv2D: Layer {
    /// The image (input) and grid (output) shapes.
    public let geometry: ConvGeometry
    /// The nonlinearity applied after the bias.
    public let activation: Activation
    /// Weights (Cout, kh*kw*Cin).
    public let weight: Parameter
    /// Bias (1, Cout).
    public let bias: Parameter
    public var inputSize: Int { geometry.imageCount }
    public var outputSize: Int { geometry.gridCount }

    private let workspace: ConvWorkspace
    private var input: Matrix?
    private var output: Matrix?
    private var inputGrad: Matrix?

    /// A convolution of the given geometry with Glorot-uniform weights (fan-in Cin*kh*kw, fan-out
    /// Cout*kh*kw) and zero bias.
    public init(_ geometry: ConvGeometry, activation: Activation = .identity, name: String = "conv",
                rng: inout Rng) {
        self.geometry = geometry
        self.activation = activation
        let taps = geometry.kernelHeight * geometry.kernelWidth
        weight = Parameter(name: name + ".weight", rows: geometry.gridChannels, cols: geometry.patchSize)
        bias = Parameter(name: name + ".bias", rows: 1, cols: geometry.gridChannels)
        Initializer.glorotUniform(weight, fanIn: geometry.patchSize, fanOut: geometry.gridChannels * taps, rng: &rng)
        workspace = ConvWorkspace(geometry)
    }

    /// A (inChannels, height, width) -> outChannels convolution; stops with the geometry's sentence when the
    /// shape is impossible (use `ConvGeometry.convolution` to get it as an error instead).
    public convenience init(inChannels: Int, height: Int, width: Int, outChannels: Int, kernel: Int,
                            stride: Int = 1, padding: Int = 0, activation: Activation = .identity,
                            name: String = "conv", rng: inout Rng) {
        let g: ConvGeometry
        do {
            g = try .convolution(inChannels: inChannels, height: height, width: width, outChannels: outChannels,
                                 kernel: (kernel, kernel), stride: stride, padding: padding)
        } catch { preconditionFailure("\(error)") }
        self.init(g, activation: activation, name: name, rng: &rng)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ x: Matrix) -> Matrix {
        precondition(x.cols == inputSize, "conv2d expects rows of \(geometry.imageChannels)x\(geometry.imageHeight)"
                     + "x\(geometry.imageWidth) = \(inputSize) values, got \(x.cols)")
        input = x
        let y = ensure(&output, rows: x.rows, cols: outputSize)
        let g = geometry, taps = workspace.taps, w = weight.value.base, b = bias.value.base, act = activation
        let p = g.patchSize
        let parts = workspace.parts(batch: x.rows)
        workspace.prepare(parts: parts, gradients: false)
        workspace.forEachGroup(batch: x.rows, parts: parts) { scratch, _, samples in
            let n = samples.count * g.gridPixels, col = scratch.col, grid = workspace.gridTarget(y, samples, scratch)
            for (j, s) in samples.enumerated() {
                taps.im2col(workspace.hwc(x.row(s), scratch), col + j * g.gridPixels * p)   // (Hg*Wg, P)
            }
            // y (Cout, n) = W (Cout, P)·colᵀ (P, n)
            sgemm(g.gridChannels, n, p, w, p, false, col, p, true, grid, n, 1, 0)
            workspace.scatter(grid, samples, into: y)
            for s in samples {
                addChannelBias(y.row(s), channels: g.gridChannels, pixels: g.gridPixels, bias: b, activation: act)
            }
        }
        return y
    }

    public func backward(_ dy: Matrix, needInputGradient: Bool = true) -> Matrix {
        guard let x = input, let y = output else { preconditionFailure("backward before forward") }
        precondition(dy.rows == x.rows && dy.cols == outputSize, "conv2d gradient is \(dy.rows)x\(dy.cols), "
                     + "expected \(x.rows)x\(outputSize)")
        let dx = ensure(&inputGrad, rows: x.rows, cols: inputSize)
        let g = geometry, taps = workspace.taps, w = weight.value.base, c = g.gridChannels, p = g.patchSize
        let act = activation, size = outputSize
        let parts = workspace.parts(batch: x.rows)
        workspace.prepare(parts: parts, gradients: true)
        workspace.clearBias(parts: parts, channels: c)
        var first = [Bool](repeating: true, count: parts)
        first.withUnsafeMutableBufferPointer { first in
            workspace.forEachGroup(batch: x.rows, parts: parts) { scratch, part, samples in
                let n = samples.count * g.gridPixels, col = scratch.col
                for s in samples {                           // dy <- dL/d(pre-activation), in cache
                    act.backwardSerial(output: y.row(s), grad: dy.row(s), into: dy.row(s), count: size)
                }
                let grid = workspace.gathered(dy, samples, scratch)              // (Cout, n)
                let sums = workspace.biasGradient(part: part, channels: c)
                for s in samples { addChannelSums(dy.row(s), channels: c, pixels: g.gridPixels, into: sums) }
                for (j, s) in samples.enumerated() {
                    taps.im2col(workspace.hwc(x.row(s), scratch), col + j * g.gridPixels * p)   // (n, P)
                }
                // dW (Cout, P) (+)= dy (Cout, n)·col (n, P)
                sgemm(c, p, n, grid, n, false, col, p, false, workspace.weightGradient(part: part, weight), p, 1,
                      first[part] ? 0 : 1)
                first[part] = false
                guard needInputGradient else { return }
                // dcol (n, P) = dyᵀ (n, Cout)·W (Cout, P), then col2im into dx
                sgemm(n, p, c, grid, n, true, w, p, false, col, p, 1, 0)
                for (j, s) in samples.enumerated() { workspace.col2im(col + j * g.gridPixels * p, into: dx.row(s), scratch) }
            }
        }
        workspace.reduce(parts: parts, weight: weight, bias: bias)
        return dx
    }
}
