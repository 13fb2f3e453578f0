import Foundation

/// latent's one way of writing a file: bytes stream into a uniquely named temporary file beside the
/// target (created with `O_CREAT | O_EXCL | O_NOFOLLOW`, so a planted file or link is never followed),
/// `commit()` syncs it, gives it the target's permissions, renames it over the target and syncs the folder.
/// A kill at any moment leaves the old file or the new one, never a mixture; a writer dropped without
/// committing removes its temporary file. A target that is a link, a folder or a device is refused.
public final class AtomicFileWriter {
    /// The target as the caller named it.
    public let path: String
    /// The temporary file being written.
    public let temporaryPath: String
    private let folder: String
    private var fd: Int32
    private var mode: mode_t?
    private var owner: (uid_t, gid_t)?

    /// Checks the target and creates the temporary file; with `createFolder` a missing parent folder is made.
    /// A new file gets `newFileMode` (less the umask); a replaced one keeps the target's permissions.
    public init(_ path: String, createFolder: Bool = false, newFileMode: mode_t = 0o666) throws {
        self.path = path
        let name = (path as NSString).lastPathComponent
        let parent = (path as NSString).deletingLastPathComponent
        folder = parent.isEmpty ? "." : parent
        guard !name.isEmpty, name != ".", name != ".." else {
            throw FileError(.notRegular, path: path, "cannot be written: it names a folder; expected a file name")
        }
        if createFolder { try AtomicFileWriter.makeFolder(folder, for: path) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw FileError(.unwritable, path: path, "cannot be written: the folder '\(folder)' does not exist")
        }
        if let st = try AtomicFileWriter.existingTarget(path) {
            mode = st.st_mode & 0o7777
            owner = (st.st_uid, st.st_gid)
        }
        AtomicFileWriter.removeStaleTemporaries(of: name, in: folder)
        var made: (String, Int32)? = nil
        var lastError: Int32 = EEXIST
        for _ in 0..<64 {
            let candidate = folder + "/." + name + ".tmp-\(getpid())-" + AtomicFileWriter.randomSuffix()
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode == nil ? newFileMode : 0o600)
            if fd >= 0 { made = (candidate, fd); break }
            lastError = errno
            if lastError != EEXIST { break }
        }
        guard let (temp, fd) = made else {
            throw FileError(.unwritable, path: path, "cannot be written: \(FileError.reason(lastError))", code: lastError)
        }
        temporaryPath = temp
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd); unlink(temporaryPath) }
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard fd >= 0 else { throw FileError(.unwritable, path: path, "cannot be written: the file was already committed") }
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, base + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw fail(n < 0 ? errno : ENOSPC) }
            done += n
        }
    }

    /// Appends `bytes` to the temporary file.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Syncs the temporary file, renames it over the target and syncs the folder.
    public func commit() throws {
        guard fd >= 0 else { return }
        if let mode { _ = fchmod(fd, mode) }
        if let (uid, gid) = owner, geteuid() == 0 { _ = fchown(fd, uid, gid) }
        guard fsync(fd) == 0 else { throw fail(errno) }
        let closed = close(fd)
        fd = -1
        guard closed == 0 else { let code = errno; unlink(temporaryPath); throw failed(code) }
        do { _ = try AtomicFileWriter.existingTarget(path) } catch { unlink(temporaryPath); throw error }
        guard rename(temporaryPath, path) == 0 else { let code = errno; unlink(temporaryPath); throw failed(code) }
        let dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Closes and removes the temporary file and returns the error for `code`.
    private func fail(_ code: Int32) -> FileError {
        if fd >= 0 { close(fd); fd = -1; unlink(temporaryPath) }
        return failed(code)
    }

    private func failed(_ code: Int32) -> FileError {
        FileError(.unwritable, path: path, "cannot be written: \(FileError.reason(code))", code: code)
    }

    /// The target's status when it exists as a regular file, nil when it does not exist; throws when it is
    /// a link, a folder, a device, a FIFO or a socket, which latent never replaces.
    static func existingTarget(_ path: String) throws -> stat? {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw FileError(.unwritable, path: path, "cannot be written: \(FileError.reason(code))", code: code)
        }
        let type = st.st_mode & S_IFMT
        guard type == S_IFREG else {
            let what = type == S_IFLNK ? "is a symbolic link; latent does not write through links (give the real path)"
                : type == S_IFDIR ? "is a folder; expected a file name"
                : "is not a regular file (\(ReadableFile.typeName(type))); latent replaces only regular files"
            throw FileError(.notRegular, path: path, "cannot be written: it " + what)
        }
        return st
    }

    private static func makeFolder(_ folder: String, for path: String) throws {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw FileError(.unwritable, path: path, "cannot be written: the folder '\(folder)' cannot be created: \(FileError.describe(error))")
        }
    }

    private static func randomSuffix() -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in letters[Int(g.next() % UInt64(letters.count))] })
    }

    /// Deletes `.NAME.tmp-PID[-XXXX]` regular files left by writers of `name` that were killed mid-write
    /// (their process no longer exists); files of running processes are left alone.
    static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = "." + name + ".tmp-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let pid = pid_t(rest.prefix { $0 != "-" }), pid > 0, pid != getpid() else { continue }
            var st = stat()
            let full = folder + "/" + entry
            guard lstat(full, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(full) }
        }
    }
}

/// Whole-file writes through `AtomicFileWriter`.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically (temporary file, fsync, rename, fsync of the folder).
    public static func write(_ bytes: [UInt8], to path: String, createFolder: Bool = false,
                             newFileMode: mode_t = 0o666) throws {
        let writer = try AtomicFileWriter(path, createFolder: createFolder, newFileMode: newFileMode)
        try writer.write(bytes)
        try writer.commit()
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String, createFolder: Bool = false) throws {
        try write(Array(text.utf8), to: path, createFolder: createFolder)
    }
}
