/// A chain of layers applied in order; the decoders, encoders and kaleidoscope nets are all Sequentials.
public final class Sequential: Layer {
    /// The layers, first to last.
    public let layers: [Layer]

    /// A chain of `layers`; each layer's output width must match the next one's input width.
    public init(_ layers: [Layer]) {
        precondition(!layers.isEmpty, "a network needs at least one layer")
        for (a, b) in zip(layers, layers.dropFirst()) {
            precondition(a.outputSize == b.inputSize, "layer widths do not chain: \(a.outputSize) -> \(b.inputSize)")
        }
        self.layers = layers
    }

    public var inputSize: Int { layers[0].inputSize }
    public var outputSize: Int { layers[layers.count - 1].outputSize }
    public var parameters: [Parameter] { layers.flatMap { $0.parameters } }

    public func forward(_ x: Matrix) -> Matrix {
        var h = x
        for layer in layers { h = layer.forward(h) }
        return h
    }

    public func backward(_ dy: Matrix, needInputGradient: Bool = true) -> Matrix {
        var g = dy
        for (i, layer) in layers.enumerated().reversed() {
            g = layer.backward(g, needInputGradient: i > 0 || needInputGradient)
        }
        return g
    }

    /// Number of scalar parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

extension Sequential {
    /// The GNE decoder: Dense(k->w, tanh) -> `blocks` residual blocks -> Dense(w->d, output activation).
    public static func residualMLP(inputs: Int, width: Int, blocks: Int, outputs: Int,
                                   output: Activation, name: String, rng: inout Rng) -> Sequential {
        var layers: [Layer] = [Dense(inputs, width, activation: .tanh, name: "\(name).in", rng: &rng)]
        for b in 0..<blocks { layers.append(ResidualBlock(width: width, name: "\(name).block\(b)", rng: &rng)) }
        layers.append(Dense(width, outputs, activation: output, name: "\(name).out", rng: &rng))
        return Sequential(layers)
    }

    /// A plain MLP: hidden Dense layers with `hiddenActivation`, then Dense(->outputs, output activation).
    public static func mlp(inputs: Int, hidden: [Int], outputs: Int, hiddenActivation: Activation,
                           output: Activation, name: String, rng: inout Rng) -> Sequential {
        var layers: [Layer] = []
        var width = inputs
        for (i, h) in hidden.enumerated() {
            layers.append(Dense(width, h, activation: hiddenActivation, name: "\(name).\(i)", rng: &rng))
            width = h
        }
        layers.append(Dense(width, outputs, activation: output, name: "\(name).out", rng: &rng))
        return Sequential(layers)
    }
}
