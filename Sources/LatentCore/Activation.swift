/// The elementwise nonlinearities a dense layer may apply to its output.
public enum Activation: String, Sendable, CaseIterable, Codable {
    case identity, relu, tanh, sigmoid

    /// Applies the activation to `count` floats at `p` in place.
    public func apply(_ p: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: break
        case .relu: for i in 0..<count { p[i] = max(p[i], 0) }
        case .tanh: FastMath.map(p, count: count, FastMath.tanh)
        case .sigmoid: FastMath.map(p, count: count, FastMath.sigmoid)
        }
    }

    /// Turns dL/dy into dL/dx in place, given the activation's output y (x is not needed for these four).
    public func backward(output y: UnsafePointer<Float>, grad g: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: break
        case .relu: for i in 0..<count { g[i] = y[i] > 0 ? g[i] : 0 }
        case .tanh: for i in 0..<count { g[i] *= 1 - y[i] * y[i] }
        case .sigmoid: for i in 0..<count { g[i] *= y[i] * (1 - y[i]) }
        }
    }
}
