/// A differentiable block with its own output and input-gradient buffers.
///
/// `forward` returns a matrix the layer owns and overwrites on the next call; `backward` must follow the
/// matching `forward`, writes the parameters' gradients (overwriting, not accumulating) and returns dL/dx
/// (a buffer the layer owns). `backward` may overwrite `dy`.
public protocol Layer: AnyObject {
    /// Width of the input rows.
    var inputSize: Int { get }
    /// Width of the output rows.
    var outputSize: Int { get }
    /// Trainable tensors, in a stable order (checkpoints rely on it).
    var parameters: [Parameter] { get }
    /// (B, inputSize) -> (B, outputSize).
    func forward(_ x: Matrix) -> Matrix
    /// dL/dy (B, outputSize) -> dL/dx (B, inputSize); when `needInputGradient` is false the return value
    /// is unspecified (the layer may skip the product).
    func backward(_ dy: Matrix, needInputGradient: Bool) -> Matrix
}

/// Reuses `buffer` when it has `cols` columns, resizing its rows; otherwise allocates a new one.
@inline(__always) func ensure(_ buffer: inout Matrix?, rows: Int, cols: Int) -> Matrix {
    if let b = buffer, b.cols == cols {
        if b.rows != rows { b.resize(rows: rows) }
        return b
    }
    let b = Matrix(rows: rows, cols: cols)
    buffer = b
    return b
}
