/// A fully connected layer y = f(x·W + b) with W of shape (in, out).
public final class Dense: Layer {
    public let inputSize: Int
    public let outputSize: Int
    /// The nonlinearity f applied to the affine output.
    public let activation: Activation
    /// Weights (in, out).
    public let weight: Parameter
    /// Bias (1, out).
    public let bias: Parameter

    private var input: Matrix?
    private var output: Matrix?
    private var inputGrad: Matrix?
    private var scratch = Matrix(rows: 0, cols: 0)
    /// True when the input is narrow enough for the fused memory-bound kernels (`NarrowDense`).
    private var narrow: Bool { inputSize <= NarrowDense.inputLimit }

    /// A layer with Glorot-uniform weights and zero bias (Keras defaults; the peers use the same).
    public init(_ inputSize: Int, _ outputSize: Int, activation: Activation = .identity,
                name: String = "dense", rng: inout Rng) {
        precondition(inputSize > 0 && outputSize > 0, "layer sizes must be positive")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.activation = activation
        weight = Parameter(name: name + ".weight", rows: inputSize, cols: outputSize)
        bias = Parameter(name: name + ".bias", rows: 1, cols: outputSize)
        Initializer.glorotUniform(weight, fanIn: inputSize, fanOut: outputSize, rng: &rng)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ x: Matrix) -> Matrix {
        precondition(x.cols == inputSize, "dense layer expects \(inputSize) inputs, got \(x.cols)")
        input = x
        let y = ensure(&output, rows: x.rows, cols: outputSize)
        if narrow {
            NarrowDense.forward(x: x.base, w: weight.value.base, b: bias.value.base, y: y.base, rows: x.rows,
                                k: inputSize, n: outputSize, activation: activation)
            return y
        }
        // y = f(b + x·W): each block of y is filled with the bias, the product (B,in)·(in,out) accumulates
        // onto it (beta = 1: no zeroing pass, no separate bias pass) and f runs while the block is in cache
        let (yp, bp, n, f) = (y.base, bias.value.base, outputSize, activation)
        gemm(m: x.rows, n: n, k: inputSize, x.base, lda: inputSize, false, weight.value.base, ldb: n, false,
             yp, ldc: n, beta: 1,
             before: { block in
                 for r in block.rows { (yp + r * n + block.cols.lowerBound).update(from: bp + block.cols.lowerBound,
                                                                                   count: block.cols.count) }
             },
             after: { block in
                 for r in block.rows { f.applySerial(yp + r * n + block.cols.lowerBound, count: block.cols.count) }
             })
        return y
    }

    public func backward(_ dy: Matrix, needInputGradient: Bool = true) -> Matrix {
        guard let x = input, let y = output else { preconditionFailure("backward before forward") }
        precondition(dy.rows == x.rows && dy.cols == outputSize, "gradient shape mismatch")
        if narrow {
            let dx = ensure(&inputGrad, rows: x.rows, cols: inputSize)
            let need = NarrowDense.scratchCount(rows: x.rows, k: inputSize, n: outputSize)
            if scratch.count < need { scratch = Matrix(rows: 1, cols: need) }
            NarrowDense.backward(x: x.base, y: y.base, dy: dy.base, w: weight.value.base, dw: weight.grad.base,
                                 db: bias.grad.base, dx: needInputGradient ? dx.base : nil, rows: x.rows,
                                 k: inputSize, n: outputSize, activation: activation, scratch: scratch.base)
            return dx
        }
        activationGradientAndColumnSums(y, dy, activation, into: bias.grad.base)  // dy <- dL/d(affine), db
        gemm(x, true, dy, false, weight.grad)                                  // (in,B)·(B,out) -> (in,out)
        let dx = ensure(&inputGrad, rows: x.rows, cols: inputSize)
        if needInputGradient { gemm(dy, false, weight.value, true, dx) }       // (B,out)·(out,in) -> (B,in)
        return dx
    }
}

/// In one pass over (B, out): `g <- g ⊙ f'(y)` (dL/dy to dL/d(affine), in place) and `out[c] = Σ_r g[r, c]`
/// (rows summed in order; columns split over the thread team, so the sums do not depend on the split).
func activationGradientAndColumnSums(_ y: Matrix, _ g: Matrix, _ f: Activation, into out: UnsafeMutablePointer<Float>) {
    let rows = g.rows, cols = g.cols, gp = g.base, yp = y.base
    // only wide outputs are split (a narrow column block makes the row loop all overhead)
    Parallel.forRanges(cols, minCount: rows * cols >= 65_536 ? 256 : Int.max, align: 64) { _, cr in
        let c0 = cr.lowerBound, w = cr.count, o = out + c0
        o.update(repeating: 0, count: w)
        for r in 0..<rows {
            let row = gp + r * cols + c0
            f.backwardSerial(output: yp + r * cols + c0, grad: row, into: row, count: w)
            for c in 0..<w { o[c] += row[c] }
        }
    }
}
