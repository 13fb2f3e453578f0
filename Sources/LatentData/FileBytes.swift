import CZlib
import Foundation

/// Whole-file reading (transparently gunzipping) and atomic whole-file writing.
enum FileBytes {
    /// The bytes of `path`, decompressed when the file starts with the gzip magic `1f 8b`.
    static func read(_ path: String) throws -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw DataError.missing(path) }
        guard !isDir.boolValue else { throw DataError(.missingFile, file: path, "is a folder; expected a data file") }
        guard let f = fopen(path, "rb") else {
            throw DataError(.unreadable, file: path, "cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        guard fseek(f, 0, SEEK_END) == 0 else { throw DataError(.unreadable, file: path, "cannot be read (seek failed)") }
        let size = ftell(f)
        guard size >= 0, fseek(f, 0, SEEK_SET) == 0 else { throw DataError(.unreadable, file: path, "cannot be read (seek failed)") }
        var bytes = [UInt8](repeating: 0, count: size)
        let got = bytes.withUnsafeMutableBytes { buf in buf.baseAddress.map { fread($0, 1, size, f) } ?? 0 }
        guard got == size else { throw DataError(.unreadable, file: path, "could read only \(got) of \(size) bytes") }
        guard size > 0 else { throw DataError.empty(path) }
        if size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b { return try gunzip(bytes, path: path) }
        return bytes
    }

    /// Decompresses a whole gzip file held in memory (concatenated members allowed).
    static func gunzip(_ compressed: [UInt8], path: String) throws -> [UInt8] {
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
            hint = max(hint, min(isize, n * 64))
        }
        var out = [UInt8](repeating: 0, count: hint)
        var produced = 0
        try compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(n)
            while true {
                if produced == out.count { out.append(contentsOf: repeatElement(0, count: max(out.count, 1 << 16))) }
                let room = out.count - produced
                let status: Int32 = out.withUnsafeMutableBufferPointer { buf in
                    stream.next_out = buf.baseAddress! + produced
                    stream.avail_out = UInt32(min(room, Int(UInt32.max)))
                    let s = inflate(&stream, Z_NO_FLUSH)
                    produced += min(room, Int(UInt32.max)) - Int(stream.avail_out)
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
                    throw DataError(.corruptGzip, file: path, offset: consumed, "the gzip data is damaged (\(msg))")
                }
            }
        }
        out.removeSubrange(produced...)
        guard produced > 0 else { throw DataError(.emptyFile, file: path, "the gzip file decompresses to nothing; expected data") }
        return out
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let w = try AtomicWriter(path)
        try w.write(bytes)
        try w.commit()
    }

    /// The size of `path` in bytes.
    static func size(_ path: String) throws -> Int {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber else { throw DataError.missing(path) }
        return size.intValue
    }

    /// Up to `count` raw bytes of `path` from `offset` (fewer at the end of the file).
    static func range(_ path: String, offset: Int, count: Int) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            if !FileManager.default.fileExists(atPath: path) { throw DataError.missing(path) }
            throw DataError(.unreadable, file: path, "cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        guard fseeko(f, off_t(offset), SEEK_SET) == 0 else { throw DataError(.unreadable, file: path, "cannot be read (seek failed)") }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { buf in buf.baseAddress.map { fread($0, 1, count, f) } ?? 0 }
        bytes.removeSubrange(got...)
        return bytes
    }

    /// The first `count` bytes of `path` (decompressed when gzipped), or fewer when the file is shorter.
    static func prefix(_ path: String, count: Int) -> [UInt8] {
        guard let gz = gzopen(path, "rb") else { return [] }
        defer { gzclose(gz) }
        var buf = [UInt8](repeating: 0, count: count)
        let n = buf.withUnsafeMutableBytes { gzread(gz, $0.baseAddress, UInt32(count)) }
        return n > 0 ? Array(buf[0..<Int(n)]) : []
    }

    /// The last path component of `path`.
    static func baseName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }
}
