import LatentFiles
import Foundation
import LatentCore

/// The memory a model needs, computed from its tensors' shapes: those a descriptor says it will build
/// (before anything is allocated) or those of a built model (before training). Counts, per tensor, the
/// value, gradient and two Adam moments, the per-epoch rollback snapshot the Trainer takes (one copy of
/// every value and both moments), the per-object bookkeeping that dominates deep narrow stacks, and,
/// for training, the layers' activation buffers for one batch.
public struct MemoryEstimate: Sendable {
    /// The tensors counted.
    public let tensors: [TensorShape]

    /// Bytes of one `Matrix` besides its floats: the object, the 64-byte-aligned allocation's rounding
    /// and the allocator's bookkeeping (about 150 measured: `model gne width=1 blocks=40000` peaks 5.5 KB
    /// per block at batch=1, 34 matrices per block).
    static let bytesPerMatrix = 160.0
    /// Bytes of a `Parameter` object and its name.
    static let bytesPerParameter = 128.0

    /// The estimate for `tensors`.
    public init(_ tensors: [TensorShape]) { self.tensors = tensors }

    /// The estimate for a built model, from its parameters' shapes.
    public init(model: GenerativeModel) { self.init(model.parameters.map(TensorShape.init)) }

    /// Scalars in all tensors.
    public var scalars: Double { tensors.reduce(0) { $0 + $1.scalars } }

    /// Bytes of one tensor group as built: value, gradient and moments, four matrices and the parameter.
    public static func modelBytes(_ t: TensorShape) -> Double {
        t.scalars * 16 + Double(t.copies) * (4 * bytesPerMatrix + bytesPerParameter)
    }

    /// Bytes of the built model: every tensor's value, gradient and two moments.
    public var modelBytes: Double { tensors.reduce(0) { $0 + MemoryEstimate.modelBytes($1) } }

    /// Bytes of the Trainer's rollback snapshot: a copy of every value and both moments.
    public var snapshotBytes: Double {
        tensors.reduce(0) { $0 + $1.scalars * 12 + Double($1.copies) * 3 * MemoryEstimate.bytesPerMatrix }
    }

    /// Bytes of the activation buffers of one batch of `batch` rows: each layer keeps its output and its
    /// input's gradient (a residual block one more of each), a table its batch rows' update scratch.
    public func activationBytes(batch: Int) -> Double {
        let b = Double(max(batch, 1))
        return tensors.reduce(0) { sum, t in
            switch t.role {
            case .weight: return sum + Double(t.copies) * (b * (Double(t.rows) + 2 * Double(t.cols)) * 4 + 3 * MemoryEstimate.bytesPerMatrix)
            case .table: return sum + Double(t.copies) * b * Double(t.cols) * 4 * 4
            case .bias: return sum
            }
        }
    }

    /// Bytes to build the model and train it (snapshot included) with batches of `batch` rows.
    public func trainingBytes(batch: Int) -> Double { modelBytes + snapshotBytes + activationBytes(batch: batch) }

    /// Throws when the largest tensor, or the model with its snapshot and one batch's activations, needs
    /// more than `limit`; `what` names the model in the sentence ("a gne model"). With `built`, the
    /// model's own tensors are already allocated: only the snapshot and activations must still fit.
    public func check(batch: Int, limit: MemoryLimit = .current, what: String, built: Bool = false) throws {
        if !built, let largest = tensors.max(by: { $0.scalars / Double($0.copies) < $1.scalars / Double($1.copies) }) {
            let one = TensorShape(largest.role, rows: largest.rows, cols: largest.cols)
            let bytes = MemoryEstimate.modelBytes(one)
            if bytes > limit.bytes {
                throw ConfigError("\(largest.role.rawValue) of \(largest.rows) x \(largest.cols) needs "
                    + "\(MemoryEstimate.size(bytes)), more than the \(limit.text); "
                    + "use fewer samples, dims or hidden units")
            }
        }
        let total = trainingBytes(batch: batch) - (built ? modelBytes : 0)
        if total > limit.bytes {
            let layers = TensorShape.count(tensors)
            let weights = built ? "" : "\(MemoryEstimate.size(modelBytes)) of weights, gradients and moments, "
            throw ConfigError("\(what) of \(MemoryEstimate.count(layers)) tensors needs \(MemoryEstimate.size(total)) "
                + (built ? "more " : "") + "to train (" + weights
                + "\(MemoryEstimate.size(snapshotBytes)) for the rollback snapshot, "
                + "\(MemoryEstimate.size(activationBytes(batch: batch))) of activations at batch \(batch)), "
                + "more than the \(limit.text); use fewer samples, layers or hidden units")
        }
    }

    /// "12.3 GB", "85 MB" below a gigabyte, "1.5 MB" below 10 MB, "12 KB" below a megabyte.
    static func size(_ bytes: Double) -> String { MemoryLimit.size(bytes) }
    /// An exact count below 10^15, else "1.2e+18".
    static func count(_ value: Double) -> String { value < 1e15 ? String(Int(value)) : String(format: "%.3g", value) }
}
