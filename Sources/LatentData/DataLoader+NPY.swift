import LatentFiles

extension DataLoader {
    /// Reads a NumPy `.npy` file (v1/v2/v3, optionally gzipped): `<f4`, `<f8` (converted to Float) or `|u1`,
    /// C order, 1-D (n x 1), 2-D (n x d) or 3-D (n x h x w, kept as image shape). Labels, when given,
    /// come from a separate 1-D `.npy` of integers.
    public static func loadNPY(_ path: String, labelsPath: String? = nil, name: String? = nil) throws -> Dataset {
        try loadNPY(path, labelsPath: labelsPath, name: name, limits: ReadLimits())
    }

    /// `loadNPY` within `limits` (memory guard, Ctrl-C).
    static func loadNPY(_ path: String, labelsPath: String?, name: String?, limits: ReadLimits) throws -> Dataset {
        let array = try readNPY(path, role: .samples, limits: limits)
        var labels: [Int32]? = nil
        if let lp = labelsPath {
            let lab = try readNPY(lp, role: .labels, limits: limits)
            try checkLabelCount(lab.shape[0], labelsPath: lp, samples: array.shape[0], path: path)
            labels = try lab.integers(path: lp)
        }
        return try dataset(array, path: path, name: name, labels: labels)
    }

    /// The dataset a validated samples array holds.
    static func dataset(_ array: NPYArray, path: String, name: String?, labels: [Int32]?) throws -> Dataset {
        let dims = array.shape
        let storage: Dataset.Storage = array.descr == "|u1" ? .uint8(array.bytes) : .float32(try array.floats(path: path))
        let shape: (height: Int, width: Int)? = dims.count == 3 ? (dims[1], dims[2]) : nil
        return try Dataset(name: name ?? defaultName(path), count: dims[0], features: NPYRole.features(dims), storage: storage,
                           labels: labels, imageShape: shape)
    }

    /// The `NAME.labels.npy` that `export` writes beside `NAME.npy`, when it exists and `labels=` names no
    /// other file: `load` and `loadShard` both take it.
    static func npyPartnerLabels(for path: String, options: LoadOptions) -> String? {
        guard options.labelsPath == nil, let partner = npyLabelsPath(for: path), isRegularFile(partner) else { return nil }
        return partner
    }

    static func checkLabelCount(_ labels: Int, labelsPath: String, samples: Int, path: String) throws {
        guard labels == samples else {
            throw DataError(.countMismatch, file: labelsPath,
                            "holds \(labels) labels but \(path) holds \(samples) samples; expected one label per sample")
        }
    }

    static func shapeText(_ dims: [Int]) -> String {
        "(" + dims.map(String.init).joined(separator: ", ") + (dims.count == 1 ? ",)" : ")")
    }

    /// A parsed `.npy` file: dtype, shape and the raw data bytes.
    struct NPYArray {
        var descr: String
        var shape: [Int]
        var bytes: [UInt8]
        /// Byte offset of the header text (for messages).
        var headerOffset: Int
        /// Byte offset of the first data byte.
        var dataOffset: Int

        /// Little-endian floats (from `<f4` or `<f8`), checked finite.
        func floats(path: String) throws -> [Float] {
            let wide = descr == "<f8"
            let n = bytes.count / (wide ? 8 : 4)
            var out = [Float](repeating: 0, count: n)
            var bad = -1
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { o in
                    for k in 0..<n {
                        let v: Float = wide ? Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))))
                                            : Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)))
                        if !UsableValues.holds(v) { bad = k; break }
                        o[k] = v
                    }
                }
            }
            if bad >= 0 {
                throw DataError(.nonFinite, file: path, offset: dataOffset + bad * (wide ? 8 : 4),
                                "element \(bad) is NaN, infinite or too large; expected \(UsableValues.expected)")
            }
            return out
        }

        /// Little-endian integers as Int32, checked in range.
        func integers(path: String) throws -> [Int32] {
            let size = Int(descr.dropFirst(2)) ?? 1
            let signed = descr.dropFirst().hasPrefix("i")
            let n = bytes.count / size
            var out = [Int32](repeating: 0, count: n)
            for k in 0..<n {
                var u: UInt64 = 0
                for b in 0..<size { u |= UInt64(bytes[k * size + b]) << (8 * UInt64(b)) }
                var v: Int64
                if signed && size < 8 && u >> UInt64(8 * size - 1) & 1 == 1 {
                    v = Int64(bitPattern: u | ~((1 << UInt64(8 * size)) - 1))
                } else {
                    v = Int64(bitPattern: u)
                }
                if !signed && size == 8 && u > UInt64(Int64.max) { v = Int64.max }
                guard let x = Int32(exactly: v) else {
                    throw DataError(.malformed, file: path, offset: dataOffset + k * size,
                                    "label \(k) is \(v), outside the 32-bit range; expected class numbers")
                }
                out[k] = x
            }
            return out
        }
    }

    /// Parses the `.npy` container: magic, version, header dict, and checks the data size.
    static func readNPY(_ path: String, role: NPYRole, limits: ReadLimits = ReadLimits()) throws -> NPYArray {
        let rule: @Sendable ([UInt8]) -> Int? = { head in
            guard let layout = try? parseNPYHeader(head, fileSize: nil, path: path, role: role) else { return nil }
            return layout.dataOffset.addingReportingOverflow(layout.dataBytes).partialValue
        }
        var bytes = try FileBytes.read(path, limits: limits.expecting(rule))
        let layout = try parseNPYHeader(bytes, fileSize: bytes.count, path: path, role: role)
        bytes.removeSubrange(0..<layout.dataOffset)
        return NPYArray(descr: layout.descr, shape: layout.shape, bytes: bytes, headerOffset: layout.headerOffset,
                        dataOffset: layout.dataOffset)
    }

    /// Reads only rows `rows(n)` of an uncompressed `.npy` file (n = its first dimension): the header,
    /// then one read of those rows' bytes. Nil for a gzipped file, which must be read whole.
    static func readNPYRows(_ path: String, role: NPYRole,
                            rows: (Int) -> Range<Int>) throws -> (array: NPYArray, total: Int)? {
        let file = try FileBytes.open(path)
        let head = try FileBytes.checked(path) { try file.read(offset: 0, count: 1 << 16) }
        if head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b { return nil }
        let layout = try parseNPYHeader(head, fileSize: file.size, path: path, role: role)
        let n = layout.shape[0], rowBytes = layout.dataBytes / n
        let kept = rows(n)
        var shape = layout.shape
        shape[0] = kept.count
        let start = layout.dataOffset + kept.lowerBound * rowBytes
        let bytes = try FileBytes.checked(path) { try file.read(offset: start, count: kept.count * rowBytes) }
        guard bytes.count == kept.count * rowBytes else {
            throw DataError(.sizeMismatch, file: path, offset: start + bytes.count, "the file ended while its rows were read")
        }
        return (NPYArray(descr: layout.descr, shape: shape, bytes: bytes, headerOffset: layout.headerOffset,
                         dataOffset: start), n)
    }

    /// The layout of an `.npy` file from its first bytes `head` (at least the whole header).
    struct NPYLayout {
        var descr: String
        var shape: [Int]
        /// Bytes per element.
        var item: Int
        var headerOffset: Int
        var dataOffset: Int
        /// Bytes the shape and dtype declare (checked against overflow).
        var dataBytes: Int
    }

    /// The one NPY header validator, for samples and labels, whole files and row blocks: magic, version,
    /// dict, dtype allowed for `role`, C order, no size overflow, the declared size equal to the file's
    /// (when `fileSize` is given), at least one sample, and the role's rank and feature rules.
    static func parseNPYHeader(_ head: [UInt8], fileSize: Int?, path: String, role: NPYRole) throws -> NPYLayout {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard head.count >= 10, Array(head[0..<6]) == magic else {
            throw DataError(.badMagic, file: path, offset: 0, "expected the NPY magic \\x93NUMPY; is this a .npy file?")
        }
        let major = head[6]
        guard (1...3).contains(major) else {
            throw DataError(.unsupported, file: path, offset: 6, "has NPY format version \(major).\(head[7]); expected 1.0, 2.0 or 3.0")
        }
        let lenSize = major == 1 ? 2 : 4
        let headerOffset = 8 + lenSize
        guard head.count >= headerOffset else {
            throw DataError(.sizeMismatch, file: path, offset: head.count, "the header length field is cut off")
        }
        var headerLen = 0
        for b in 0..<lenSize { headerLen |= Int(head[8 + b]) << (8 * b) }
        let dataOffset = headerOffset + headerLen
        guard dataOffset <= head.count else {
            throw DataError(.sizeMismatch, file: path, offset: headerOffset,
                            "the header declares \(headerLen) bytes but only \(head.count - headerOffset) follow")
        }
        let header = String(decoding: head[headerOffset..<dataOffset], as: UTF8.self)
        var dict = NPYHeader(text: header, path: path, offset: headerOffset)
        let (descr, fortran, shape) = try dict.parse()
        guard role.dtypes.contains(descr) else {
            throw DataError(.unsupported, file: path, offset: headerOffset,
                            "has unsupported dtype '\(Escaped.text(descr))'; expected one of \(role.dtypes.map { "'\($0)'" }.joined(separator: ", "))")
        }
        guard !fortran else {
            throw DataError(.unsupported, file: path, offset: headerOffset,
                            "is stored in Fortran order; expected C order (save with numpy.ascontiguousarray)")
        }
        let item = descr.hasSuffix("8") ? 8 : descr.hasSuffix("4") ? 4 : descr.hasSuffix("2") ? 2 : 1
        var total = item
        var overflow = false
        for d in shape {
            let (t, o) = total.multipliedReportingOverflow(by: d)
            total = t
            overflow = overflow || o || d < 0
        }
        if let fileSize {
            let actual = fileSize - dataOffset
            guard !overflow, total == actual else {
                throw DataError(.sizeMismatch, file: path, offset: dataOffset,
                                "the header declares shape \(shapeText(shape)) of '\(descr)' = \(overflow ? "too many" : String(total)) data bytes, but the file holds \(actual)")
            }
        } else if overflow {
            throw DataError(.sizeMismatch, file: path, offset: dataOffset,
                            "the header declares shape \(shapeText(shape)) of '\(descr)', too many data bytes to hold")
        }
        guard let first = shape.first, first > 0 else {
            throw DataError(.emptyFile, file: path, offset: headerOffset, "holds an array of shape \(shapeText(shape)); expected at least one sample")
        }
        try role.check(shape, path: path, offset: headerOffset)
        return NPYLayout(descr: descr, shape: shape, item: item, headerOffset: headerOffset, dataOffset: dataOffset, dataBytes: total)
    }
}

/// What an `.npy` file holds for the loader: samples (1-3 dimensions of floats or bytes) or labels
/// (a 1-D array of integers); the one place that says which dtypes and shapes each may have.
enum NPYRole: Sendable {
    /// A data array: `<f4`, `<f8` or `|u1`; (n,), (n, d) or (n, h, w) with at least one value per sample.
    case samples
    /// Class labels: an integer dtype, shape (n,) or (n, 1).
    case labels

    /// The dtypes allowed.
    var dtypes: [String] {
        switch self {
        case .samples: return ["<f4", "<f8", "|u1"]
        case .labels: return ["|u1", "|i1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8"]
        }
    }

    /// Values per sample of a samples array of shape `dims`.
    static func features(_ dims: [Int]) -> Int {
        dims.count == 1 ? 1 : dims.dropFirst().reduce(1, *)
    }

    /// Throws unless `shape` suits this role.
    func check(_ shape: [Int], path: String, offset: Int) throws {
        switch self {
        case .samples:
            guard (1...3).contains(shape.count) else {
                throw DataError(.unsupported, file: path, offset: offset,
                                "holds a \(shape.count)-dimensional array of shape \(DataLoader.shapeText(shape)); expected 1, 2 or 3 dimensions")
            }
            guard NPYRole.features(shape) > 0 else {
                throw DataError(.emptyFile, file: path, offset: offset,
                                "holds an array of shape \(DataLoader.shapeText(shape)); expected at least one value per sample")
            }
        case .labels:
            guard shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
                throw DataError(.unsupported, file: path, offset: offset,
                                "holds labels of shape \(DataLoader.shapeText(shape)); expected a 1-D array")
            }
        }
    }
}
