/// Telling a cut-off checkpoint from a corrupted one: both fail the checksum, but a truncated file is
/// shorter than the length its own header and tensor table describe.
extension Checkpoint {
    /// The length in bytes that the header and tensor table of `bytes` describe (nil when a size field
    /// itself is cut off or implausible), whether the file is shorter than that, and whether the whole
    /// tensor table could be read (otherwise the length is a lower bound).
    static func describedLength(_ bytes: [UInt8]) -> (length: Int?, truncated: Bool, complete: Bool) {
        var offset = 12   // magic + version
        func u32() -> Int? {
            guard offset + 4 <= bytes.count else { return nil }
            defer { offset += 4 }
            return (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        func u16() -> Int? {
            guard offset + 2 <= bytes.count else { return nil }
            defer { offset += 2 }
            return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
        }
        guard let headerLength = u32() else { return (nil, true, false) }
        offset += headerLength
        guard let count = u32() else { return (nil, true, false) }
        for _ in 0..<count {
            guard let nameLength = u16() else { return (offset, true, false) }
            offset += nameLength
            guard let rows = u32(), let cols = u32() else { return (offset, true, false) }
            let (cells, overflow) = rows.multipliedReportingOverflow(by: cols)
            guard !overflow, cells < Int.max / 16 else { return (nil, false, false) }
            let (next, past) = offset.addingReportingOverflow(cells * 12)   // values and two Adam moments, 4 bytes each
            guard !past else { return (nil, false, false) }
            offset = next
            if offset > bytes.count { return (offset + 8, true, false) }
        }
        return (offset + 8, offset + 8 > bytes.count, true)
    }

    /// The reason a file that failed its checksum cannot be loaded.
    static func checksumFailure(_ bytes: [UInt8]) -> String {
        let (length, truncated, complete) = describedLength(bytes)
        guard truncated else { return "is corrupted (checksum mismatch)" }
        let expected = length.map { complete ? ", its header describes \($0)" : ", its header describes at least \($0)" } ?? ""
        return "is truncated (\(bytes.count) bytes\(expected)); it was cut off while being copied or written"
    }
}
