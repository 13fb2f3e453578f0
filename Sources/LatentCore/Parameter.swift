/// A trainable tensor with its gradient and the optimizer's moment estimates.
public final class Parameter: @unchecked Sendable {
    /// A name that identifies the tensor in checkpoints, e.g. "decoder.1.weight".
    public var name: String
    /// Current values.
    public let value: Matrix
    /// Gradient of the loss with respect to `value`, written by the last backward pass.
    public let grad: Matrix
    /// Adam's first-moment estimate (same shape as `value`).
    public let moment1: Matrix
    /// Adam's second-moment estimate (same shape as `value`).
    public let moment2: Matrix

    /// A zero-initialised parameter of the given shape.
    public init(name: String, rows: Int, cols: Int) {
        self.name = name
        value = Matrix(rows: rows, cols: cols)
        grad = Matrix(rows: rows, cols: cols)
        moment1 = Matrix(rows: rows, cols: cols)
        moment2 = Matrix(rows: rows, cols: cols)
    }

    /// Number of scalar values.
    public var count: Int { value.count }

    /// Clears Adam's moments (used when a model is re-initialised).
    public func resetMoments() {
        moment1.fill(0)
        moment2.fill(0)
    }
}

/// Weight initialisers.
public enum Initializer {
    /// Glorot/Xavier uniform: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)) (Keras's default).
    public static func glorotUniform(_ p: Parameter, fanIn: Int, fanOut: Int, rng: inout Rng) {
        let a = Float((6.0 / Double(fanIn + fanOut)).squareRoot())
        rng.fillUniform(p.value.base, count: p.count, -a, a)
    }

    /// He/Kaiming uniform for ReLU layers: U(-a, a) with a = sqrt(6 / fanIn).
    public static func heUniform(_ p: Parameter, fanIn: Int, rng: inout Rng) {
        let a = Float((6.0 / Double(fanIn)).squareRoot())
        rng.fillUniform(p.value.base, count: p.count, -a, a)
    }
}
