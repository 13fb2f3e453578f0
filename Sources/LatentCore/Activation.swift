/// The elementwise nonlinearities a dense layer may apply to its output.
public enum Activation: String, Sendable, CaseIterable, Codable {
    case identity, relu, tanh, sigmoid

    /// Applies the activation to `count` floats at `p` in place (split over the thread team).
    public func apply(_ p: UnsafeMutablePointer<Float>, count: Int) {
        if self == .identity { return }
        Parallel.forRanges(count) { _, r in applySerial(p + r.lowerBound, count: r.count) }
    }

    /// The activation on one thread.
    @inline(__always)
    func applySerial(_ p: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .identity: break
        case .relu: for i in 0..<count { p[i] = max(p[i], 0) }
        case .tanh: FastMath.map(p, count: count, FastMath.tanh)
        case .sigmoid: FastMath.map(p, count: count, FastMath.sigmoid)
        }
    }

    /// Turns dL/dy into dL/dx in place, given the activation's output y (x is not needed for these four).
    public func backward(output y: UnsafePointer<Float>, grad g: UnsafeMutablePointer<Float>, count: Int) {
        if self == .identity { return }
        Parallel.forRanges(count) { _, r in
            let o = r.lowerBound
            backwardSerial(output: y + o, grad: g + o, into: g + o, count: r.count)
        }
    }

    /// `backward` on one thread, writing dL/dx to `out` (which may be `g` itself).
    @inline(__always)
    func backwardSerial(output y: UnsafePointer<Float>, grad g: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                        count n: Int) {
        switch self {
        case .identity: if UnsafePointer(out) != g { out.update(from: g, count: n) }
        case .relu: for i in 0..<n { out[i] = y[i] > 0 ? g[i] : 0 }
        case .tanh: for i in 0..<n { out[i] = g[i] * (1 - y[i] * y[i]) }
        case .sigmoid: for i in 0..<n { out[i] = g[i] * (y[i] * (1 - y[i])) }
        }
    }
}
