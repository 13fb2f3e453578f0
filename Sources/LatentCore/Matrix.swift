/// A dense row-major matrix of `Float` with reference semantics.
///
/// Layers and trainers reuse matrices as scratch buffers, so a `Matrix` is a class: passing it around
/// never copies, and `copy()` makes an independent duplicate. Storage is 64-byte aligned for SIMD and BLAS.
public final class Matrix: @unchecked Sendable {
    /// Number of rows.
    public private(set) var rows: Int
    /// Number of columns.
    public let cols: Int
    /// Elements that fit without reallocating (`rows * cols <= capacity`).
    public private(set) var capacity: Int
    /// Pointer to element (0, 0); element (r, c) lives at `base[r * cols + c]`.
    public private(set) var base: UnsafeMutablePointer<Float>

    /// A `rows x cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.capacity = max(rows * cols, 1)
        self.base = Matrix.allocate(capacity)
        base.initialize(repeating: value, count: capacity)
    }

    /// A `rows x cols` matrix holding `values` in row-major order.
    public convenience init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "expected \(rows * cols) values, got \(values.count)")
        self.init(rows: rows, cols: cols)
        values.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A matrix from nested rows; every row must have the same length.
    public convenience init(_ nested: [[Float]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "ragged rows")
        self.init(rows: nested.count, cols: cols, values: nested.flatMap { $0 })
    }

    deinit { base.deallocate() }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride,
                                                   alignment: 64)
        return raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Number of elements, `rows * cols`.
    @inlinable public var count: Int { rows * cols }

    /// Changes the row count, keeping the storage when it is large enough. Contents become unspecified.
    public func resize(rows newRows: Int) {
        precondition(newRows >= 0)
        if newRows * cols > capacity {
            base.deallocate()
            capacity = newRows * cols
            base = Matrix.allocate(capacity)
            base.initialize(repeating: 0, count: capacity)
        }
        rows = newRows
    }

    /// Element at row `r`, column `c`.
    @inlinable public subscript(r: Int, c: Int) -> Float {
        get { base[r * cols + c] }
        set { base[r * cols + c] = newValue }
    }

    /// Pointer to the first element of row `r`.
    @inlinable public func row(_ r: Int) -> UnsafeMutablePointer<Float> { base + r * cols }

    /// The elements as a Swift array (row-major).
    public var values: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Row `r` as a Swift array.
    public func rowValues(_ r: Int) -> [Float] { Array(UnsafeBufferPointer(start: row(r), count: cols)) }

    /// An independent copy.
    public func copy() -> Matrix {
        let m = Matrix(rows: rows, cols: cols)
        m.base.update(from: base, count: count)
        return m
    }

    /// Overwrites every element with `value`.
    public func fill(_ value: Float) { base.update(repeating: value, count: count) }

    /// Multiplies every element by `factor`.
    public func scale(by factor: Float) { for i in 0..<count { base[i] *= factor } }

    /// Copies `other`'s elements (same shape required).
    public func assign(_ other: Matrix) {
        precondition(other.rows == rows && other.cols == cols, "shape mismatch \(shape) vs \(other.shape)")
        base.update(from: other.base, count: count)
    }

    /// `(rows, cols)`.
    public var shape: (Int, Int) { (rows, cols) }

    /// Rows `indices` gathered into a new matrix.
    public func gatherRows(_ indices: [Int]) -> Matrix {
        let out = Matrix(rows: indices.count, cols: cols)
        for (i, r) in indices.enumerated() { out.row(i).update(from: row(r), count: cols) }
        return out
    }
}

extension Matrix: CustomStringConvertible {
    /// A short description with the shape and the first elements.
    public var description: String {
        let head = (0..<min(count, 6)).map { String(base[$0]) }.joined(separator: ", ")
        return "Matrix(\(rows)x\(cols): [\(head)\(count > 6 ? ", ..." : "")])"
    }
}
