import Foundation

/// Crash-safe file replacement: write a temporary file beside the target, fsync it, rename it over the
/// target, then fsync the folder. A kill at any moment leaves either the old or the new file.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating the parent folder when missing.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temp = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        removeStaleTemporaries(of: url.lastPathComponent, in: folder)
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw AtomicFileError("cannot create \(temp): \(String(cString: strerror(errno)))") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + written, buf.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok else {
            unlink(temp)
            throw AtomicFileError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        guard rename(temp, path) == 0 else {
            unlink(temp)
            throw AtomicFileError("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        let dfd = open(folder, O_RDONLY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}

extension AtomicFile {
    /// Deletes `.NAME.tmp-PID` files left by writers of `name` that were killed mid-write
    /// (their process no longer exists); files of running processes are left alone.
    static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = "." + name + ".tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            guard let pid = pid_t(entry.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry) }
        }
    }
}

/// A failed atomic write, with the path and the system's reason.
public struct AtomicFileError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
