import Foundation

/// Streams bytes to a temporary file next to `path`; `commit()` renames it into place, and a writer
/// dropped without committing removes its temporary file, so readers never see a half-written file.
final class AtomicWriter {
    let path: String
    let tmp: String
    private var file: UnsafeMutablePointer<FILE>?

    /// Opens the temporary file; throws when the folder is missing or not writable.
    init(_ path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw DataError(.writeFailed, file: path, "cannot be written: folder '\(dir)' does not exist")
        }
        tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        guard let f = fopen(tmp, "wb") else {
            throw DataError(.writeFailed, file: path, "cannot be written: \(String(cString: strerror(errno)))")
        }
        file = f
    }

    deinit {
        if let file { fclose(file); unlink(tmp) }
    }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws {
        guard let file else { return }
        let n = bytes.withUnsafeBytes { b in b.baseAddress.map { fwrite($0, 1, b.count, file) } ?? 0 }
        guard n == bytes.count else {
            throw DataError(.writeFailed, file: path, "cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes, closes and renames the temporary file onto `path`.
    func commit() throws {
        guard let f = file else { return }
        file = nil
        let ok = fflush(f) == 0
        fclose(f)
        guard ok else {
            unlink(tmp)
            throw DataError(.writeFailed, file: path, "cannot be written: flushing failed (disk full?)")
        }
        guard rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw DataError(.writeFailed, file: path, "cannot be written: rename failed (\(reason))")
        }
    }
}
