import Foundation
import LatentCore
import LatentFiles

/// The on-disk model format, version 2 (little-endian):
///
///     "LATENTCK"  magic, 8 bytes
///     u32         format version
///     u32, bytes  header length and JSON header (config, sizes, history, optimiser state, pinned rows)
///     u32         tensor count, then per tensor: u16 name length, UTF-8 name, u32 rows, u32 cols,
///                 rows*cols f32 values, then the same count of Adam first and second moments
///     ...         the neighbour force's graph and data space, when the header has `neighbours`
///                 (Checkpoint+Neighbours.swift; files without it load as before)
///     ...         version 2: the training labels, `labelCount` i32 values, when the header has `labelCount`
///                 (Checkpoint+Labels.swift; the header's `classNames` name them)
///     u64         FNV-1a 64-bit checksum of every byte before it
///
/// Writes are atomic (temp file in the same folder, fsync, rename), so a crash during `save` leaves the
/// previous file intact; loads verify magic, version, sizes and checksum before building a model. Version 1
/// files (before class names and labels) still load; a build that reads only version 1 refuses version 2
/// by its version number instead of dropping the names silently.
public enum Checkpoint {
    /// The format this build writes.
    public static let formatVersion: UInt32 = 2
    /// The formats this build reads.
    public static let readableVersions: ClosedRange<UInt32> = 1...2
    static let magic = Array("LATENTCK".utf8)

    struct Header: Codable {
        var config: ModelConfig
        var features: Int
        var tableRows: Int
        var history: LossHistory
        var adam: AdamConfig
        var adamStep: Int
        var pinned: [Int]
        /// The neighbour force's settings and schedule (nil: none, and in files written before it).
        var neighbours: NeighbourHeader? = nil
        /// Version 2: the names of the training data's classes (nil: none, and in version 1 files).
        var classNames: [String]? = nil
        /// Version 2: how many training labels follow the tensors (nil: none).
        var labelCount: Int? = nil
        /// Version 2: the training data's `contentDigest`, 16 hex digits (nil: not known).
        var trainingDigest: String? = nil
        /// The preprocessing of the training data, applied to new rows (nil: not recorded, and in older files).
        var transform: DataTransform? = nil
    }

    /// Serialises `model` to bytes.
    public static func encode(_ model: GenerativeModel, labels: Labels = Labels()) throws -> [UInt8] {
        try encode(model, tables: [], tableRows: model.tableRows, labels: labels)
    }

    /// Serialises `model` with its table parameters replaced by `tables` (matched by name) of `tableRows`
    /// rows: how a data-parallel run writes the whole tables gathered from the ranks' shards.
    static func encode(_ model: GenerativeModel, tables: [Parameter], tableRows: Int, labels: Labels = Labels()) throws -> [UInt8] {
        var w = ByteWriter()
        w.bytes(magic)
        w.u32(formatVersion)
        let pinned = model.asTables?.pinnedRows ?? []
        let header = Header(config: model.config, features: model.featureCount, tableRows: tableRows,
                            history: model.history, adam: model.optimizer.config, adamStep: model.optimizer.step,
                            pinned: pinned, neighbours: model.asLayoutForce?.neighbourTerm.map(NeighbourHeader.init),
                            classNames: labels.classNames, labelCount: labels.labels?.count,
                            trainingDigest: labels.trainingDigest.map { String(format: "%016llx", $0) },
                            transform: labels.transform)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys          // the same model always gives the same bytes
        let json = try encoder.encode(header)
        w.u32(UInt32(json.count))
        w.bytes(Array(json))
        let params = model.parameters.map { p in tables.first { $0.name == p.name } ?? p }
        w.u32(UInt32(params.count))
        for p in params {
            let name = Array(p.name.utf8)
            w.u16(UInt16(name.count)); w.bytes(name)
            w.u32(UInt32(p.value.rows)); w.u32(UInt32(p.value.cols))
            for m in [p.value, p.moment1, p.moment2] { w.floats(m.base, count: m.count) }
        }
        if let term = model.asLayoutForce?.neighbourTerm { writeNeighbours(term, to: &w) }
        if let l = labels.labels { for v in l { w.u32(UInt32(bitPattern: v)) } }
        w.u64(fnv1a(w.data))
        return w.data
    }

    /// Writes `model` to `path` atomically. With `context` (one rank of a data-parallel run whose tables
    /// hold the rank's shard) the ranks gather the tables and rank 0 alone writes the whole model, in the
    /// same format; every rank must then call it.
    public static func save(_ model: GenerativeModel, to path: String, context: DataParallelContext? = nil,
                            labels: Labels = Labels()) throws {
        if let context { return try saveSharded(model, to: path, context: context, labels: labels) }
        try AtomicFile.write(try encode(model, labels: labels), to: path, createFolder: true)
    }

    /// Reads a model from `path`, verifying the format and checksum.
    public static func load(from path: String) throws -> GenerativeModel { try loadWithLabels(from: path).model }

    /// Reads a model and the training labels and class names stored with it.
    public static func loadWithLabels(from path: String) throws -> (model: GenerativeModel, labels: Labels) {
        let data: [UInt8]
        do { data = try ReadableFile.read(path) } catch { throw CheckpointError(path: path, "cannot be read (\(FileError.describe(error)))") }
        return try decodeWithLabels(data, path: path)
    }

    /// Builds a model from checkpoint bytes; `path` only names the source in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> GenerativeModel {
        try decodeWithLabels(bytes, path: path).model
    }

    /// `decode`, with the training labels and class names the file holds (none in a version 1 file).
    public static func decodeWithLabels(_ bytes: [UInt8], path: String) throws -> (model: GenerativeModel, labels: Labels) {
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else {
            throw CheckpointError(path: path, "is not a latent model file (wrong magic bytes)")
        }
        guard bytes.count >= 24 else { throw CheckpointError(path: path, "is truncated (\(bytes.count) bytes)") }
        var r = ByteReader(bytes: bytes, path: path, offset: 8)
        let version = try r.u32()
        guard readableVersions.contains(version) else {
            throw CheckpointError(path: path, "has format version \(version); this build of latent reads versions "
                + "\(readableVersions.lowerBound) to \(readableVersions.upperBound)")
        }
        let stored = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self) }
        guard fnv1a(Array(bytes[0..<(bytes.count - 8)])) == UInt64(littleEndian: stored) else {
            throw CheckpointError(path: path, checksumFailure(bytes))
        }
        let headerLength = Int(try r.u32())
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(try r.bytes(headerLength))) } catch let e as CheckpointError {
            throw e
        } catch { throw CheckpointError(path: path, "has an unreadable header: it \(headerProblem(error))") }
        guard version >= 2 || (header.classNames == nil && header.labelCount == nil) else {
            throw CheckpointError(path: path, "has format version 1 but a header with class names or labels (a version 2 field)")
        }
        try validate(header, bytes: bytes, offset: r.offset, path: path)
        var rng = Rng(seed: 0)
        let model: GenerativeModel
        do {
            model = try ModelFactory.make(header.config, samples: max(header.tableRows, 1), features: header.features, rng: &rng)
        } catch { throw CheckpointError(path: path, "cannot be loaded: \(error)") }
        let params = model.parameters
        let count = Int(try r.u32())
        guard count == params.count else {
            throw CheckpointError(path: path, "holds \(count) tensors, a \(header.config.kind.rawValue) model of this shape has \(params.count)")
        }
        for p in params {
            let name = String(decoding: try r.bytes(Int(try r.u16())), as: UTF8.self)
            let rows = Int(try r.u32()), cols = Int(try r.u32())
            guard name == p.name, rows == p.value.rows, cols == p.value.cols else {
                throw CheckpointError(path: path, "tensor \(name) is \(rows)x\(cols), expected \(p.name) \(p.value.rows)x\(p.value.cols)")
            }
            for m in [p.value, p.moment1, p.moment2] { try r.floats(into: m.base, count: m.count) }
            try checkFinite(p, path: path)
        }
        if let h = header.neighbours {
            guard let layout = model.asLayoutForce else {
                throw CheckpointError(path: path, "has a neighbour force, but a \(header.config.kind.rawValue) model takes none")
            }
            try layout.setNeighbourTerm(try readNeighbours(h, rows: header.tableRows, reader: &r, path: path), dataset: nil)
        }
        let labels = try readLabels(header, reader: &r, path: path)
        model.history = header.history
        model.optimizer.config = header.adam
        model.optimizer.restore(step: header.adamStep)
        model.asTables?.setPinned(header.pinned, true)
        return (model, labels)
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buf in
            for b in buf { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        }
        return h
    }
}

/// A checkpoint that cannot be loaded, with the file and the reason.
public struct CheckpointError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// What is wrong with it.
    public let reason: String
    init(path: String, _ reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path) \(reason)" }
}

struct ByteWriter {
    var data: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func floats(_ p: UnsafePointer<Float>, count: Int) {
        data.append(contentsOf: UnsafeRawBufferPointer(start: p, count: count * 4))
    }
}

struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var offset: Int

    mutating func take(_ n: Int) throws -> Range<Int> {
        guard n >= 0, offset + n <= bytes.count - 8 else {
            throw CheckpointError(path: path, "is truncated: needed \(n) bytes at offset \(offset)")
        }
        defer { offset += n }
        return offset..<(offset + n)
    }
    mutating func bytes(_ n: Int) throws -> [UInt8] { Array(bytes[try take(n)]) }
    mutating func u16() throws -> UInt16 { let r = try take(2); return UInt16(bytes[r.lowerBound]) | UInt16(bytes[r.lowerBound + 1]) << 8 }
    mutating func u32() throws -> UInt32 {
        let r = try take(4)
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[r.lowerBound + $1]) << (8 * UInt32($1)) }
    }
    mutating func floats(into p: UnsafeMutablePointer<Float>, count: Int) throws {
        let r = try take(count * 4)
        bytes.withUnsafeBytes { src in
            UnsafeMutableRawPointer(p).copyMemory(from: src.baseAddress! + r.lowerBound, byteCount: count * 4)
        }
    }
}
