import LatentCore

/// The input of a class-conditional decoder: [z | onehot(class)], k latent values then C class slots.
public struct ClassConditioning: Sendable, Equatable {
    /// Latent dimensions k.
    public let latentDims: Int
    /// Classes C; labels must lie in 0..<C.
    public let classes: Int

    /// Conditioning of a k-dimensional latent on C classes.
    public init(latentDims: Int, classes: Int) {
        self.latentDims = latentDims
        self.classes = classes
    }

    /// Values per decoder input row, k + C.
    public var width: Int { latentDims + classes }

    /// The first label outside 0..<C, as an error naming its row (`rowOffset` + its index), nil if none.
    public func firstOutOfRange(_ labels: [Int32], rowOffset: Int = 0) -> LabelRangeError? {
        guard let i = labels.firstIndex(where: { $0 < 0 || Int($0) >= classes }) else { return nil }
        return LabelRangeError(row: rowOffset + i, label: Int(labels[i]), classes: classes)
    }

    /// Throws when a label lies outside 0..<C.
    public func check(_ labels: [Int32]) throws {
        if let error = firstOutOfRange(labels) { throw TrainingError.labelOutOfRange(error) }
    }

    /// Sets the class part of row `r` of a decoder input (B, k + C) to the one-hot of `label` (all zero
    /// for nil). The label must be in range (checked at the boundary with `check`).
    @inline(__always)
    func setClass(_ input: Matrix, row r: Int, label: Int?) {
        let slots = input.row(r) + latentDims
        slots.update(repeating: 0, count: classes)
        if let label { slots[label] = 1 }
    }

    /// The decoder input (m, k + C) for latent points `z` (m, k), row r conditioned on `labels[r]` (no class
    /// when `labels` is nil).
    func input(_ z: Matrix, labels: [Int]?) -> Matrix {
        let cond = Matrix(rows: z.rows, cols: width)
        for r in 0..<z.rows {
            cond.row(r).update(from: z.row(r), count: latentDims)
            setClass(cond, row: r, label: labels?[r])
        }
        return cond
    }
}

/// A data label outside the classes a class-conditional model was built for.
public struct LabelRangeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The dataset's name, when the caller knows it (see `naming`).
    public var dataset: String?
    /// Row of the offending label, its value, and the model's class count.
    public let row: Int, label: Int, classes: Int

    public var description: String {
        let data = dataset.map { "dataset '\($0)'" } ?? "the data"
        return "\(data) has label \(label) at row \(row), but the model was built for \(classes) classes (labels 0 to \(classes - 1)); a supervised model keeps the classes of the data it was first trained on"
    }

    /// Runs `body`, naming `dataset` in any label error it throws.
    public static func naming<T>(_ dataset: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch TrainingError.labelOutOfRange(var e) {
            e.dataset = dataset
            throw TrainingError.labelOutOfRange(e)
        }
    }
}
