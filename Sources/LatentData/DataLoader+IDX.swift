import Foundation

extension DataLoader {
    /// Reads an IDX unsigned-byte images file (raw or gzipped; magic `0x00000803`, or `0x00000802` for n x d)
    /// and its labels (`0x00000801`): from `labelsPath`, or else from the MNIST-named partner file
    /// (`*-images-idx3-ubyte[.gz]` -> `*-labels-idx1-ubyte[.gz]`) when it exists.
    public static func loadIDX(_ path: String, labelsPath: String? = nil, name: String? = nil) throws -> Dataset {
        try loadIDX(path, labelsPath: labelsPath, name: name, limits: ReadLimits())
    }

    /// `loadIDX` within `limits` (memory guard, Ctrl-C).
    static func loadIDX(_ path: String, labelsPath: String?, name: String?, limits: ReadLimits) throws -> Dataset {
        let images = try readIDX(path, limits: limits)
        guard images.dims.count == 2 || images.dims.count == 3 else {
            throw DataError(.unsupported, file: path, offset: 3,
                            "holds a \(images.dims.count)-dimensional IDX array; expected images (3 dimensions, magic 0x00000803) or rows (2 dimensions, 0x00000802)")
        }
        let count = images.dims[0]
        let features = images.dims.dropFirst().reduce(1, *)
        guard features > 0 else {
            throw DataError(.emptyFile, file: path, offset: 8,
                            "declares items of size \(images.dims.dropFirst().map(String.init).joined(separator: "x")); expected at least one value per item")
        }
        let shape: (height: Int, width: Int)? = images.dims.count == 3 ? (images.dims[1], images.dims[2]) : nil
        var labels: [Int32]? = nil
        if let lp = labelsPath ?? pairedLabelsPath(for: path) {
            let lab = try readIDX(lp, limits: limits)
            guard lab.dims.count == 1 else {
                throw DataError(.badMagic, file: lp, offset: 0,
                                "expected IDX labels magic 0x00000801 (1 dimension), found \(lab.dims.count) dimensions")
            }
            guard lab.dims[0] == count else {
                throw DataError(.countMismatch, file: lp,
                                "holds \(lab.dims[0]) labels but \(path) holds \(count) images; expected one label per image")
            }
            labels = lab.data.map { Int32($0) }
        }
        return try Dataset(name: name ?? defaultName(path).replacingOccurrences(of: "-idx3-ubyte", with: ""),
                           count: count, features: features, storage: .uint8(images.data),
                           labels: labels, imageShape: shape)
    }

    /// The MNIST-convention labels file next to `imagesPath`, when one exists.
    public static func pairedLabelsPath(for imagesPath: String) -> String? {
        let url = URL(fileURLWithPath: imagesPath)
        let file = url.lastPathComponent
        let pairs = [("-images-idx3-ubyte", "-labels-idx1-ubyte"), ("-images.idx3-ubyte", "-labels.idx1-ubyte"),
                     ("images-idx3-ubyte", "labels-idx1-ubyte"), ("images.idx3-ubyte", "labels.idx1-ubyte")]
        for (from, to) in pairs where file.contains(from) {
            let stem = file.replacingOccurrences(of: from, with: to)
            let bare = stem.hasSuffix(".gz") ? String(stem.dropLast(3)) : stem
            let folder = url.deletingLastPathComponent()
            for candidate in [stem, bare, bare + ".gz"] {
                let p = folder.appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: p) {
                    // Keep the caller's relative spelling when the images path had no folder.
                    return imagesPath.contains("/") ? p : candidate
                }
            }
        }
        return nil
    }

    /// An unsigned-byte IDX array: its dimensions and data.
    struct IDXArray {
        var dims: [Int]
        var data: [UInt8]
    }

    /// Parses an unsigned-byte IDX file, checking magic and declared versus actual size.
    static func readIDX(_ path: String, limits: ReadLimits = ReadLimits()) throws -> IDXArray {
        var bytes = try FileBytes.read(path, limits: limits.expecting(idxFileSize))
        guard bytes.count >= 4 else {
            throw DataError(.malformed, file: path, offset: 0, "holds only \(bytes.count) bytes; expected a 4-byte IDX magic number")
        }
        let magic = bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        guard bytes[0] == 0 && bytes[1] == 0 else {
            throw DataError(.badMagic, file: path, offset: 0,
                            "expected IDX magic 0x00000803 (images) or 0x00000801 (labels), found 0x\(hex(magic)); is this an IDX file?")
        }
        guard bytes[2] == 0x08 else {
            throw DataError(.unsupported, file: path, offset: 2,
                            "has IDX element type 0x\(hex(UInt32(bytes[2]), width: 2)); expected 0x08 (unsigned byte)")
        }
        let ndim = Int(bytes[3])
        guard ndim >= 1 && ndim <= 3 else {
            throw DataError(.badMagic, file: path, offset: 3,
                            "expected IDX magic 0x00000801, 0x00000802 or 0x00000803, found 0x\(hex(magic)) (\(ndim) dimensions)")
        }
        let headerSize = 4 + 4 * ndim
        guard bytes.count >= headerSize else {
            throw DataError(.sizeMismatch, file: path, offset: bytes.count,
                            "the header ends early; expected \(headerSize) header bytes for \(ndim) dimensions, found \(bytes.count)")
        }
        var dims: [Int] = []
        var total = 1
        var overflow = false
        for k in 0..<ndim {
            let o = 4 + 4 * k
            let d = Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
            dims.append(d)
            let (t, of) = total.multipliedReportingOverflow(by: d)
            total = t
            overflow = overflow || of
        }
        let actual = bytes.count - headerSize
        guard !overflow, total == actual else {
            let declared = dims.map(String.init).joined(separator: "x")
            throw DataError(.sizeMismatch, file: path, offset: headerSize,
                            "the header declares \(declared) = \(overflow ? "too many" : String(total)) data bytes, but the file holds \(actual) after the \(headerSize)-byte header")
        }
        guard dims[0] > 0 else {
            throw DataError(.emptyFile, file: path, offset: 4, "declares 0 items; expected data")
        }
        bytes.removeSubrange(0..<headerSize)
        return IDXArray(dims: dims, data: bytes)
    }

    /// The whole file size an IDX header declares (header plus data), once `head` holds the header;
    /// nil while it is too short or when the header is not IDX (the parser then says why).
    @Sendable static func idxFileSize(_ head: [UInt8]) -> Int? {
        guard head.count >= 4, head[0] == 0, head[1] == 0, (1...3).contains(head[3]) else { return nil }
        let ndim = Int(head[3])
        guard head.count >= 4 + 4 * ndim else { return nil }
        var total = 4 + 4 * ndim
        var data = 1
        for k in 0..<ndim {
            let o = 4 + 4 * k
            let d = Int(head[o]) << 24 | Int(head[o + 1]) << 16 | Int(head[o + 2]) << 8 | Int(head[o + 3])
            let (t, overflow) = data.multipliedReportingOverflow(by: d)
            guard !overflow else { return nil }
            data = t
        }
        let (sum, overflow) = total.addingReportingOverflow(data)
        total = sum
        return overflow ? nil : total
    }

    private static func hex(_ v: UInt32, width: Int = 8) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
