/// A transposed 2-D convolution y = f(Wᵀ ⊛ x + b) over NCHW rows (see `ConvGeometry`), by sgemm and col2im:
/// the adjoint in x of a `Conv2D` with the same weight, plus a bias. The GNE paper's generator upsamples with it.
///
/// Input (B, Cin*H*W), output (B, Cout*Ho*Wo) with Ho = (H-1)*stride - 2*padding + kh + outputPadding.
/// Weight (Cin, kh*kw*Cout), column (ky*kw + kx)*Cout + co (see `ConvGeometry`), bias (1, Cout).
public final class ConvTranspose2D: Layer {
    /// The grid (input) and image (output) shapes.
    public let geometry: ConvGeometry
    /// The nonlinearity applied after the bias.
    public let activation: Activation
    /// Weights (Cin, kh*kw*Cout).
    public let weight: Parameter
    /// Bias (1, Cout).
    public let bias: Parameter
    public var inputSize: Int { geometry.gridCount }
    public var outputSize: Int { geometry.imageCount }

    private let workspace: ConvWorkspace
    private var input: Matrix?
    private var output: Matrix?
    private var inputGrad: Matrix?

    /// A transposed convolution of the given geometry with Glorot-uniform weights (fan-in Cin*kh*kw,
    /// fan-out Cout*kh*kw) and zero bias.
    public init(_ geometry: ConvGeometry, activation: Activation = .identity, name: String = "deconv",
                rng: inout Rng) {
        self.geometry = geometry
        self.activation = activation
        let taps = geometry.kernelHeight * geometry.kernelWidth
        weight = Parameter(name: name + ".weight", rows: geometry.gridChannels, cols: geometry.patchSize)
        bias = Parameter(name: name + ".bias", rows: 1, cols: geometry.imageChannels)
        Initializer.glorotUniform(weight, fanIn: geometry.gridChannels * taps, fanOut: geometry.patchSize, rng: &rng)
        workspace = ConvWorkspace(geometry)
    }

    /// A (inChannels, height, width) -> outChannels transposed convolution; stops with the geometry's
    /// sentence when the shape is impossible (use `ConvGeometry.transposed` to get it as an error instead).
    public convenience init(inChannels: Int, height: Int, width: Int, outChannels: Int, kernel: Int,
                            stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
                            activation: Activation = .identity, name: String = "deconv", rng: inout Rng) {
        let g: ConvGeometry
        do {
            g = try .transposed(inChannels: inChannels, height: height, width: width, outChannels: outChannels,
                                kernel: (kernel, kernel), stride: stride, padding: padding,
                                outputPadding: outputPadding)
        } catch { preconditionFailure("\(error)") }
        self.init(g, activation: activation, name: name, rng: &rng)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ x: Matrix) -> Matrix {
        precondition(x.cols == inputSize, "conv2d-transpose expects rows of \(geometry.gridChannels)x"
                     + "\(geometry.gridHeight)x\(geometry.gridWidth) = \(inputSize) values, got \(x.cols)")
        input = x
        let y = ensure(&output, rows: x.rows, cols: outputSize)
        let g = geometry, w = weight.value.base, b = bias.value.base, act = activation, p = g.patchSize
        let parts = workspace.parts(batch: x.rows)
        workspace.prepare(parts: parts, gradients: false)
        workspace.forEachGroup(batch: x.rows, parts: parts) { scratch, _, samples in
            let n = samples.count * g.gridPixels, col = scratch.col
            let grid = workspace.gathered(x, samples, scratch)                 // (Cin, n)
            // col (n, P) = xᵀ (n, Cin)·W (Cin, P), P = kh*kw*Cout
            sgemm(n, p, g.gridChannels, grid, n, true, w, p, false, col, p, 1, 0)
            for (j, s) in samples.enumerated() {
                let out = y.row(s)
                workspace.col2im(col + j * g.gridPixels * p, into: out, scratch)
                addChannelBias(out, channels: g.imageChannels, pixels: g.imagePixels, bias: b, activation: act)
            }
        }
        return y
    }

    public func backward(_ dy: Matrix, needInputGradient: Bool = true) -> Matrix {
        guard let x = input, let y = output else { preconditionFailure("backward before forward") }
        precondition(dy.rows == x.rows && dy.cols == outputSize, "conv2d-transpose gradient is "
                     + "\(dy.rows)x\(dy.cols), expected \(x.rows)x\(outputSize)")
        let dx = ensure(&inputGrad, rows: x.rows, cols: inputSize)
        let g = geometry, taps = workspace.taps, w = weight.value.base, c = g.gridChannels, p = g.patchSize
        let act = activation, size = outputSize
        let parts = workspace.parts(batch: x.rows)
        workspace.prepare(parts: parts, gradients: true)
        workspace.clearBias(parts: parts, channels: g.imageChannels)
        var first = [Bool](repeating: true, count: parts)
        first.withUnsafeMutableBufferPointer { first in
            workspace.forEachGroup(batch: x.rows, parts: parts) { scratch, part, samples in
                let n = samples.count * g.gridPixels, col = scratch.col
                let sums = workspace.biasGradient(part: part, channels: g.imageChannels)
                for (j, s) in samples.enumerated() {
                    // dy <- dL/d(pre-activation), one sample at a time while it is in cache
                    act.backwardSerial(output: y.row(s), grad: dy.row(s), into: dy.row(s), count: size)
                    addChannelSums(dy.row(s), channels: g.imageChannels, pixels: g.imagePixels, into: sums)
                    taps.im2col(workspace.hwc(dy.row(s), scratch), col + j * g.gridPixels * p)   // (n, P)
                }
                let grid = workspace.gathered(x, samples, scratch)             // (Cin, n)
                // dW (Cin, P) (+)= x (Cin, n)·dcol (n, P)
                sgemm(c, p, n, grid, n, false, col, p, false, workspace.weightGradient(part: part, weight), p, 1,
                      first[part] ? 0 : 1)
                first[part] = false
                guard needInputGradient else { return }
                // dx (Cin, n) = W (Cin, P)·dcolᵀ (P, n)
                let out = workspace.gridTarget(dx, samples, scratch)
                sgemm(c, n, p, w, p, false, col, p, true, out, n, 1, 0)
                workspace.scatter(out, samples, into: dx)
            }
        }
        workspace.reduce(parts: parts, weight: weight, bias: bias)
        return dx
    }
}
