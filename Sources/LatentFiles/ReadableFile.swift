import Foundation

/// An input file opened through latent's one checked path: opened without blocking (a FIFO cannot hang
/// the open), checked with `fstat` to be a regular file (a folder says "is a folder", a device, FIFO or
/// socket says "is not a regular file"), then read with every failure turned into a sentence naming it.
public final class ReadableFile {
    /// The file as the caller named it (used in messages).
    public let path: String
    /// Size in bytes reported by `fstat` (0 for some /proc files, which are read to their end anyway).
    public let size: Int
    private let fd: Int32

    /// Opens `path` for reading; throws `FileError` when it is missing, unreadable or not a regular file.
    /// `systemPath` (NUL-terminated bytes) is the path to open when the name is not valid UTF-8 and `path`
    /// only shows it.
    public init(_ path: String, systemPath: [CChar]? = nil) throws {
        self.path = path
        let fd = systemPath.map { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
            ?? open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            throw FileError(code == ENOENT ? .missing : .unreadable, path: path,
                            code == ENOENT ? "no such file" : "cannot be opened: \(FileError.reason(code))", code: code)
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let code = errno
            close(fd)
            throw FileError(.unreadable, path: path, "cannot be read: \(FileError.reason(code))", code: code)
        }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            throw FileError(.notRegular, path: path, type == S_IFDIR ? "is a folder; expected a file"
                            : "is not a regular file (\(ReadableFile.typeName(type))); expected a file")
        }
        // Regular files never block; clear the flag so reads behave normally.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
        self.size = Int(st.st_size)
    }

    deinit { close(fd) }

    /// The whole file, at most `limit` bytes (more is refused with `FileError.Kind.tooLarge`).
    public func readAll(limit: Int = Int.max) throws -> [UInt8] {
        guard size <= limit else { throw tooLarge(limit) }
        var bytes = [UInt8](repeating: 0, count: max(size, 0))
        var got = try read(into: &bytes, at: 0, offset: 0, count: size)
        if got < size {   // the file shrank while being read
            bytes.removeSubrange(got...)
            return bytes
        }
        // Files that grew, and /proc files that report size 0, continue to their end.
        while true {
            let chunk = 1 << 16
            let (room, overflow) = got.addingReportingOverflow(chunk)
            guard !overflow, got <= limit else { throw tooLarge(limit) }
            bytes.append(contentsOf: repeatElement(0, count: room - bytes.count))
            let n = try read(into: &bytes, at: got, offset: got, count: chunk)
            got += n
            if n < chunk { break }
        }
        guard got <= limit else { throw tooLarge(limit) }
        bytes.removeSubrange(got...)
        return bytes
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0 else {
            throw FileError(.unreadable, path: path, "cannot be read at offset \(offset) (count \(count))")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try read(into: &bytes, at: 0, offset: offset, count: count)
        bytes.removeSubrange(got...)
        return bytes
    }

    /// Reads up to `count` bytes at file `offset` into `bytes[at...]`; returns how many were read.
    private func read(into bytes: inout [UInt8], at start: Int, offset: Int, count: Int) throws -> Int {
        var got = 0
        try bytes.withUnsafeMutableBytes { buf in
            guard let base = buf.baseAddress else { return }
            while got < count {
                let n = pread(fd, base + start + got, count - got, off_t(offset + got))
                if n < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    throw FileError(.unreadable, path: path, "cannot be read: \(FileError.reason(code))", code: code)
                }
                if n == 0 { break }
                got += n
            }
        }
        return got
    }

    private func tooLarge(_ limit: Int) -> FileError {
        FileError(.tooLarge, path: path, "is larger than the \(limit) bytes that can be held in memory")
    }

    static func typeName(_ type: mode_t) -> String {
        switch type {
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        case S_IFDIR: return "a folder"
        default: return "a special file"
        }
    }
}

extension ReadableFile {
    /// The whole of `path`, at most `limit` bytes, through the checked path.
    public static func read(_ path: String, limit: Int = Int.max) throws -> [UInt8] {
        try ReadableFile(path).readAll(limit: limit)
    }
}
