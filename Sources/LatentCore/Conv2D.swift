/// A 2-D convolution y = f(W ⊛ x + b) over NCHW rows (see `ConvGeometry` for the layout), by im2col and sgemm.
///
/// Input (B, Cin*H*W), output (B, Cout*Ho*Wo) with Ho = (H + 2*padding - kh) / stride + 1.
/// Weight (Cout, Cin*kh*kw) (PyTorch's Conv2d layout flattened), bias (1, Cout), one per output channel.
public final class Conv2D: Layer {
    /// The image (input) and grid (output) shapes.
    public let geometry: ConvGeometry
    /// The nonlinearity applied after the bias.
    public let activation: Activation
    /// Weights (Cout, Cin*kh*kw).
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
        let parts = workspace.parts(batch: x.rows)
        workspace.prepare(parts: parts, gradients: false)
        workspace.forEachGroup(batch: x.rows, parts: parts) { col, grid, _, samples in
            let n = samples.count * g.gridPixels
            for (j, s) in samples.enumerated() { taps.im2col(x.row(s), col + j * g.gridPixels, ld: n) }
            // (Cout, Cin*kh*kw)·(Cin*kh*kw, n) -> (Cout, n)
            sgemm(g.gridChannels, n, g.patchSize, w, g.patchSize, false, col, n, false, grid, n, 1, 0)
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
        activation.backward(output: y.base, grad: dy.base, count: dy.count)   // dy <- dL/d(pre-activation)
        let dx = ensure(&inputGrad, rows: x.rows, cols: inputSize)
        let g = geometry, taps = workspace.taps, w = weight.value.base, c = g.gridChannels, p = g.patchSize
        let parts = workspace.parts(batch: x.rows)
        workspace.prepare(parts: parts, gradients: true)
        workspace.clearBias(parts: parts, channels: c)
        var first = [Bool](repeating: true, count: parts)
        first.withUnsafeMutableBufferPointer { first in
            workspace.forEachGroup(batch: x.rows, parts: parts) { col, grid, part, samples in
                let n = samples.count * g.gridPixels
                workspace.gather(dy, samples, into: grid)                       // (Cout, n)
                let sums = workspace.biasGradient(part: part, channels: c)
                for s in samples { addChannelSums(dy.row(s), channels: c, pixels: g.gridPixels, into: sums) }
                for (j, s) in samples.enumerated() { taps.im2col(x.row(s), col + j * g.gridPixels, ld: n) }
                // dW (Cout, P) (+)= dy (Cout, n)·colᵀ (n, P)
                sgemm(c, p, n, grid, n, false, col, n, true, workspace.weightGradient(part: part, weight), p, 1,
                      first[part] ? 0 : 1)
                first[part] = false
                guard needInputGradient else { return }
                // dcol (P, n) = Wᵀ (P, Cout)·dy (Cout, n), then col2im into dx
                sgemm(p, n, c, w, p, true, grid, n, false, col, n, 1, 0)
                for (j, s) in samples.enumerated() {
                    let d = dx.row(s)
                    d.update(repeating: 0, count: g.imageCount)
                    taps.col2im(col + j * g.gridPixels, ld: n, d)
                }
            }
        }
        workspace.reduce(parts: parts, weight: weight, bias: bias)
        return dx
    }
}
