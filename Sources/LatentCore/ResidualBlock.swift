/// The GNE paper's residual block: h + Dense(w)(relu(Dense(w)(h))), width preserved.
public final class ResidualBlock: Layer {
    public let inputSize: Int
    public var outputSize: Int { inputSize }
    /// The inner ReLU layer (w -> w).
    public let inner: Dense
    /// The linear projection added back to the input (w -> w).
    public let outer: Dense
    private var output: Matrix?
    private var inputGrad: Matrix?

    /// A block of the given width.
    public init(width: Int, name: String = "block", rng: inout Rng) {
        inputSize = width
        inner = Dense(width, width, activation: .relu, name: name + ".inner", rng: &rng)
        outer = Dense(width, width, activation: .identity, name: name + ".outer", rng: &rng)
    }

    public var parameters: [Parameter] { inner.parameters + outer.parameters }

    public func forward(_ x: Matrix) -> Matrix {
        let branch = outer.forward(inner.forward(x))
        let y = ensure(&output, rows: x.rows, cols: inputSize)
        let n = x.count
        let (xp, bp, yp) = (x.base, branch.base, y.base)
        Parallel.forRanges(n) { _, r in for i in r { yp[i] = xp[i] + bp[i] } }  // (B,w) + (B,w)
        return y
    }

    public func backward(_ dy: Matrix, needInputGradient: Bool = true) -> Matrix {
        // outer is linear, so it leaves dy intact; dy is still needed for the skip path.
        let dBranch = inner.backward(outer.backward(dy, needInputGradient: true), needInputGradient: true)
        let dx = ensure(&inputGrad, rows: dy.rows, cols: inputSize)
        let n = dy.count
        let (gp, bp, xp) = (dy.base, dBranch.base, dx.base)
        Parallel.forRanges(n) { _, r in for i in r { xp[i] = gp[i] + bp[i] } }
        return dx
    }
}
