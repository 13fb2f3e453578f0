import CZlib
import Foundation
import LatentFiles

/// How much a read may produce and when it must stop: the memory guard, the size a header implies
/// (so a small gzip cannot inflate to gigabytes) and a Ctrl-C flag polled while inflating.
struct ReadLimits: Sendable {
    /// At most this many bytes, compressed or decompressed, are held in memory.
    var maxBytes: Int = LoadOptions.defaultMemoryLimit
    /// Polled between inflate steps; true stops the read with `DataError.Kind.interrupted`.
    var shouldStop: (@Sendable () -> Bool)? = nil
    /// The exact decompressed size a file's first bytes declare, or nil while too few bytes are known
    /// (or the header is unreadable, which the format's parser then reports).
    var expectedSize: (@Sendable ([UInt8]) -> Int?)? = nil

    init(maxBytes: Int = LoadOptions.defaultMemoryLimit, shouldStop: (@Sendable () -> Bool)? = nil,
         expectedSize: (@Sendable ([UInt8]) -> Int?)? = nil) {
        self.maxBytes = maxBytes
        self.shouldStop = shouldStop
        self.expectedSize = expectedSize
    }

    init(_ options: LoadOptions) {
        self.init(maxBytes: options.memoryLimit, shouldStop: options.shouldStop)
    }

    /// These limits with the format's header-size rule.
    func expecting(_ size: @escaping @Sendable ([UInt8]) -> Int?) -> ReadLimits {
        var copy = self
        copy.expectedSize = size
        return copy
    }
}

/// Whole-file reading (transparently gunzipping) through latent's one checked path (`ReadableFile`).
enum FileBytes {
    /// The bytes of `path`, decompressed when the file starts with the gzip magic `1f 8b`.
    static func read(_ path: String, limits: ReadLimits = ReadLimits()) throws -> [UInt8] {
        let bytes = try checked(path) { try ReadableFile(path).readAll(limit: limits.maxBytes) }
        guard !bytes.isEmpty else { throw DataError.empty(path) }
        if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b { return try gunzip(bytes, path: path, limits: limits) }
        return bytes
    }

    /// Opens `path` through the checked path (regular files only).
    static func open(_ path: String) throws -> ReadableFile {
        try checked(path) { try ReadableFile(path) }
    }

    /// Runs a file operation, turning `FileError` into the matching `DataError`.
    static func checked<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as FileError {
            switch e.kind {
            case .missing: throw DataError.missing(path)
            case .notRegular: throw DataError(.missingFile, file: path, e.detail)
            case .tooLarge: throw DataError(.sizeMismatch, file: path, e.detail)
            case .unreadable, .unwritable: throw DataError(.unreadable, file: path, e.detail)
            }
        }
    }

    /// Decompresses a whole gzip file held in memory (concatenated members allowed), producing at most
    /// `limits.maxBytes` and no more than the size its header declares.
    static func gunzip(_ compressed: [UInt8], path: String, limits: ReadLimits = ReadLimits()) throws -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16 selects the gzip wrapper.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(.unreadable, file: path, "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        // ISIZE (last 4 bytes) is the decompressed size mod 2^32: a hint, capped against hostile headers.
        let n = compressed.count
        var hint = 1 << 16
        if n >= 18 {
            let isize = Int(compressed[n - 4]) | Int(compressed[n - 3]) << 8 | Int(compressed[n - 2]) << 16 | Int(compressed[n - 1]) << 24
            hint = max(hint, min(isize, n.multipliedReportingOverflow(by: 64).overflow ? Int.max : n * 64, limits.maxBytes))
        }
        var cap = limits.maxBytes          // the most that may be produced
        var declared: Int? = nil           // the size the header declares, once known
        // room for one byte beyond the cap, enough to see that the data exceed it
        func limit() -> Int { cap == Int.max ? cap : cap + 1 }
        var out = [UInt8](repeating: 0, count: min(1 << 16, limit()))
        var produced = 0
        let step = 1 << 24                 // inflate at most 16 MB between Ctrl-C checks
        try compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(n)
            while true {
                if limits.shouldStop?() == true {
                    throw DataError(.interrupted, file: path, "reading was interrupted after \(produced) decompressed bytes")
                }
                if declared == nil, let rule = limits.expectedSize, let size = rule(Array(out[0..<produced])) {
                    declared = size
                    cap = min(cap, size)
                }
                if produced > cap {
                    let what = declared.map { "the \($0) bytes its header declares" } ?? "the memory limit of \(limits.maxBytes) bytes"
                    throw DataError(.sizeMismatch, file: path,
                                    "the gzip data decompress to more than \(what); the file is damaged or hostile")
                }
                if produced == out.count {
                    // the declared size at once when known; else doubling (from the ISIZE hint without a header rule)
                    let wanted = declared != nil ? limit() : max(out.count * 2, limits.expectedSize == nil ? hint : 0)
                    out.append(contentsOf: repeatElement(0, count: max(min(wanted, limit()) - out.count, 1)))
                }
                let room = min(out.count - produced, step)
                let status: Int32 = out.withUnsafeMutableBufferPointer { buf in
                    stream.next_out = buf.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    let s = inflate(&stream, Z_NO_FLUSH)
                    produced += room - Int(stream.avail_out)
                    return s
                }
                let consumed = n - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow; skip zero padding, otherwise stop.
                    var rest = consumed
                    while rest < n && compressed[rest] == 0 { rest += 1 }
                    if rest + 1 < n && compressed[rest] == 0x1f && compressed[rest + 1] == 0x8b {
                        inflateReset(&stream)
                        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + rest)
                        stream.avail_in = UInt32(n - rest)
                        continue
                    }
                    if produced > cap {
                        let what = declared.map { "the \($0) bytes its header declares" } ?? "the memory limit of \(limits.maxBytes) bytes"
                        throw DataError(.sizeMismatch, file: path,
                                        "the gzip data decompress to more than \(what); the file is damaged or hostile")
                    }
                    return
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    if stream.avail_in == 0 {
                        throw DataError(.truncatedGzip, file: path, offset: consumed,
                                        "the gzip stream ends unexpectedly after \(produced) decompressed bytes; expected more compressed data (is the file truncated?)")
                    }
                    continue
                default:
                    let msg = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DataError(.corruptGzip, file: path, offset: consumed, "the gzip data is damaged (\(Escaped.text(msg)))")
                }
            }
        }
        out.removeSubrange(produced...)
        guard produced > 0 else { throw DataError(.emptyFile, file: path, "the gzip file decompresses to nothing; expected data") }
        return out
    }

    /// The first (up to) `count` bytes of `path`, decompressed when gzipped; empty when it cannot be read.
    static func prefix(_ path: String, count: Int) -> [UInt8] {
        guard let head = try? ReadableFile(path).read(offset: 0, count: 1 << 16) else { return [] }
        guard head.count >= 2 && head[0] == 0x1f && head[1] == 0x8b else { return Array(head.prefix(count)) }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: count)
        var input = head
        let got: Int = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = UInt32(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = UInt32(count)
                _ = inflate(&stream, Z_SYNC_FLUSH)
                return count - Int(stream.avail_out)
            }
        }
        return Array(out[0..<got])
    }

    /// The last path component of `path`.
    static func baseName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }
}
