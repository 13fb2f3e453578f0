import LatentCore
import LatentData
import LatentModels

// What `export` writes for each kind of value: every exportable object adopts `Exportable` here (the
// formats are in LatentData: CSVFormat, NPYFormat).

/// An embedding: columns `z1, z2, ...`, with its labels and class names.
extension EmbeddingObject: Exportable {
    public func exportValues() throws -> ExportValues { .matrix(points) }
    public var exportLabels: [Int32]? { labels }
    public var exportIDs: [String]? { ids }
    public var exportColumns: [String] { ExportedMatrix.numberedColumns("z", points.cols) }
    public var exportClassNames: [String]? { labelNames }
}

/// Samples: columns `x1, x2, ...`, labelled with the class each was generated for.
extension SamplesObject: Exportable {
    public func exportValues() throws -> ExportValues { .matrix(values) }
    public var exportColumns: [String] { ExportedMatrix.numberedColumns("x", values.cols) }
    public var exportLabels: [Int32]? { intended }
}

/// A dataset: its values after scaling, feature names, labels and class names.
extension DatasetObject: Exportable {
    public func exportValues() throws -> ExportValues { try dataset.exportValues() }
    public var exportColumns: [String] { dataset.exportColumns }
    public var exportIDs: [String]? { dataset.exportIDs }
    public var exportLabels: [Int32]? { dataset.exportLabels }
    public var exportClassNames: [String]? { dataset.exportClassNames }
}

/// A model: its loss history, one row per epoch: `epoch`, each loss component ("loss" first; NaN where an
/// epoch lacks it), `seconds`.
extension ModelObject: Exportable {
    public func exportValues() throws -> ExportValues {
        let history = try requireModel().history, names = history.components
        return ExportValues(count: history.count, .numbers { r, out in
            let e = history.epochs[r]
            out[0] = Float(e.epoch)
            for (c, n) in names.enumerated() { out[c + 1] = Float(e.losses[n] ?? .nan) }
            out[names.count + 1] = Float(e.seconds)
        })
    }
    public var exportColumns: [String] { ["epoch"] + (model?.history.components ?? []) + ["seconds"] }
}

/// A table of results: its columns as they are, numbers in full precision, text as text, empty cells empty.
extension ResultTable: Exportable {
    public func exportValues() throws -> ExportValues {
        guard !columns.isEmpty else { throw ExportError("the table is empty: append rows before exporting it") }
        return ExportValues(count: rows.count, .cells { r, c in
            guard let v = self.rows[r][self.columns[c]], !v.isNone else { return .missing }
            if let x = v.number { return .number(x) }
            return .text(v.text, kind: v.kindDescription)
        })
    }
    public var exportColumns: [String] { columns }
}
