/// The training data's labels and class names in a checkpoint (format version 2): a
/// model trained on data with class names keeps them, so a reloaded model's table plots with its legend.
/// The names go in the JSON header's `classNames`, the labels (one i32 per table row) after the neighbour
/// section; version 1 files have neither and load without them.
extension Checkpoint {
    /// What a checkpoint knows about the classes of the data the model was trained on.
    public struct Labels: Sendable, Equatable {
        /// One label per table row (gne, gnd), in row order; nil when not stored.
        public var labels: [Int32]?
        /// `classNames[k]` names label k; nil when the data had none.
        public var classNames: [String]?
        /// `Dataset.contentDigest` of the training data (nil: not known, and in older files): with it, `embed`
        /// of a reloaded model tells its training data from other data of the same size.
        public var trainingDigest: UInt64?
        /// The training data's preprocessing, which new rows go through (nil: not recorded, and in older files).
        public var transform: DataTransform?

        /// Labels, names, the training data's digest and preprocessing to store (any may be nil).
        public init(labels: [Int32]? = nil, classNames: [String]? = nil, trainingDigest: UInt64? = nil,
                    transform: DataTransform? = nil) {
            self.labels = labels
            self.classNames = classNames
            self.trainingDigest = trainingDigest
            self.transform = transform
        }
    }

    /// The most class names a checkpoint may hold (far beyond any labelled data set; bounds the header).
    public static let maximumClassNames = 1 << 20

    /// Throws unless the header's class names and label count fit the model it describes.
    static func validateLabels(_ header: Header, path: String) throws {
        func fail(_ reason: String) -> CheckpointError { CheckpointError(path: path, reason) }
        let config = header.config
        if let names = header.classNames {
            guard (1...maximumClassNames).contains(names.count) else {
                throw fail("has \(names.count) class names; expected 1 to \(maximumClassNames)")
            }
            if config.supervised, names.count != config.classes {
                throw fail("names \(names.count) classes, but its supervised gnd model has \(config.classes); expected one name per class")
            }
        }
        if let count = header.labelCount {
            guard config.kind.descriptor.hasTables else {
                throw fail("holds \(count) training labels, but a \(config.kind.rawValue) model has no table to label")
            }
            guard count == header.tableRows else {
                throw fail("holds \(count) training labels for a table of \(header.tableRows) rows; expected one label per row")
            }
        }
    }

    /// Reads the labels that `header` announces (after the tensors and the neighbour section) and checks each
    /// against the class names.
    static func readLabels(_ header: Header, reader r: inout ByteReader, path: String) throws -> Labels {
        var labels: [Int32]? = nil
        if let count = header.labelCount {
            let bytes = try r.bytes(count * 4)
            var values = [Int32](repeating: 0, count: count)
            for i in 0..<count {
                let b = i * 4
                values[i] = Int32(bitPattern: UInt32(bytes[b]) | UInt32(bytes[b + 1]) << 8 | UInt32(bytes[b + 2]) << 16 | UInt32(bytes[b + 3]) << 24)
            }
            // labels index the class names, and a supervised gnd's class inputs: each must name one of them
            let classes = header.classNames?.count ?? (header.config.supervised ? header.config.classes : nil)
            if let classes, let row = values.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
                let what = header.classNames != nil ? "names \(classes) classes" : "its supervised gnd model has \(classes) classes"
                throw CheckpointError(path: path, "holds training label \(values[row]) at row \(row), but \(what) "
                    + "(labels 0 to \(classes - 1))")
            }
            labels = values
        }
        let digest = try header.trainingDigest.map { text -> UInt64 in
            guard text.count == 16, let value = UInt64(text, radix: 16) else {
                throw CheckpointError(path: path, "has a training-data digest '\(text.prefix(40))' that is not 16 hex digits")
            }
            return value
        }
        if let t = header.transform {
            do { try t.validate() } catch { throw CheckpointError(path: path, "has an unusable data transform: \(error)") }
            guard t.features == header.features else {
                throw CheckpointError(path: path, "has a data transform for \(t.features) features, but the model takes \(header.features)")
            }
        }
        return Labels(labels: labels, classNames: header.classNames, trainingDigest: digest, transform: header.transform)
    }
}
