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
        // broadcast bias into y, then y += x·W: (B,in)·(in,out) -> (B,out)
        let b = bias.value.base
        for r in 0..<x.rows { y.row(r).update(from: b, count: outputSize) }
        gemm(x, false, weight.value, false, y, beta: 1)
        activation.apply(y.base, count: y.count)
        return y
    }

    public func backward(_ dy: Matrix, needInputGradient: Bool = true) -> Matrix {
        guard let x = input, let y = output else { preconditionFailure("backward before forward") }
        precondition(dy.rows == x.rows && dy.cols == outputSize, "gradient shape mismatch")
        activation.backward(output: y.base, grad: dy.base, count: dy.count)   // dy <- dL/d(affine)
        gemm(x, true, dy, false, weight.grad)                                  // (in,B)·(B,out) -> (in,out)
        let db = bias.grad.base
        db.update(repeating: 0, count: outputSize)
        for r in 0..<dy.rows {
            let g = dy.row(r)
            for c in 0..<outputSize { db[c] += g[c] }
        }
        let dx = ensure(&inputGrad, rows: x.rows, cols: inputSize)
        if needInputGradient { gemm(dy, false, weight.value, true, dx) }       // (B,out)·(out,in) -> (B,in)
        return dx
    }
}
