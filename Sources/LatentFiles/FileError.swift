import Foundation

/// A failed file operation: the file as the caller named it and one sentence saying what went wrong,
/// e.g. `out/emb.csv: cannot be written: the disk is full`.
public struct FileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What the operation was trying to do when it failed.
    public enum Kind: String, Sendable, Equatable {
        /// The file does not exist.
        case missing
        /// The path names a folder, a device, a FIFO, a socket or a link where a regular file is needed.
        case notRegular
        /// Opening or reading failed.
        case unreadable
        /// Creating, writing, syncing or renaming failed.
        case unwritable
        /// The file is larger than the caller allows.
        case tooLarge
    }

    /// The category of failure.
    public let kind: Kind
    /// The file concerned.
    public let path: String
    /// What went wrong, without the path.
    public let detail: String
    /// The system error number behind the failure, when there was one.
    public let code: Int32?

    /// A failure of `kind` on `path`.
    public init(_ kind: Kind, path: String, _ detail: String, code: Int32? = nil) {
        self.kind = kind
        self.path = path
        self.detail = detail
        self.code = code
    }

    /// `path: detail`.
    public var description: String { path + ": " + detail }

    /// The detail without its leading "cannot be written: " (or read, opened): why, as a short phrase.
    public var reason: String {
        for action in ["cannot be written: ", "cannot be read: ", "cannot be opened: "] where detail.hasPrefix(action) {
            return String(detail.dropFirst(action.count))
        }
        return detail
    }

    /// A short phrase for a POSIX error number ("no such file", "permission denied", "the disk is full").
    public static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or folder"
        case EACCES, EPERM: return "permission denied"
        case ENOSPC: return "the disk is full"
        case EDQUOT: return "the disk quota is exhausted"
        case EROFS: return "the file system is read-only"
        case EISDIR: return "it is a folder"
        case ENOTDIR: return "a part of the path is not a folder"
        case ELOOP: return "it is a symbolic link (or the path has too many links)"
        case ENAMETOOLONG: return "the name is too long"
        case EEXIST: return "a file of that name already exists"
        case EIO: return "an input/output error occurred (the device or file cannot be read this way)"
        case EFBIG: return "the file is too large for this file system"
        case EMFILE, ENFILE: return "too many files are open"
        case ENOMEM: return "there is not enough memory"
        case ENXIO, ENODEV: return "there is no such device"
        case EAGAIN: return "it is not ready to be read (a pipe or device)"
        case EXDEV: return "the temporary file and the target are on different file systems"
        case EBUSY, ETXTBSY: return "the file is busy"
        case EINVAL: return "the operation is not supported on this file"
        default: return String(cString: strerror(code))
        }
    }

    /// A complete message for an error of unknown origin: Foundation's and the system's errors as the
    /// phrase `describe` gives, every other error (a `FileError` with its path) as its own description.
    public static func sentence(_ error: any Error) -> String {
        if error is FileError || !(error is POSIXError || error is CocoaError || type(of: error) is NSError.Type) {
            return "\(error)"
        }
        let ns = error as NSError
        let path = (error as? CocoaError)?.filePath ?? ns.userInfo[NSFilePathErrorKey] as? String
        return (path.map { "\($0): " } ?? "") + describe(error)
    }

    /// A phrase for any error from Foundation, the system or `FileError` (its `reason`): POSIX and Cocoa file
    /// errors become "no such file or folder", "the disk is full", ... instead of `NSCocoaErrorDomain Code=...` text.
    public static func describe(_ error: any Error) -> String {
        if let file = error as? FileError { return file.reason }
        if let posix = error as? POSIXError { return reason(posix.code.rawValue) }
        if let cocoa = error as? CocoaError { return describe(cocoaCode: cocoa.code.rawValue, userInfo: cocoa.userInfo) }
        if type(of: error) is NSError.Type {
            let ns = error as NSError
            if ns.domain == NSPOSIXErrorDomain { return reason(Int32(ns.code)) }
            if ns.domain == NSCocoaErrorDomain { return describe(cocoaCode: ns.code, userInfo: ns.userInfo) }
            return "the operation failed (\(ns.localizedDescription))"
        }
        return "\(error)"
    }

    private static func describe(cocoaCode: Int, userInfo: [String: Any]) -> String {
        if let underlying = userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(Int32(underlying.code))
        }
        switch cocoaCode {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return reason(ENOENT)
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return reason(EACCES)
        case NSFileWriteOutOfSpaceError: return reason(ENOSPC)
        case NSFileWriteVolumeReadOnlyError: return reason(EROFS)
        case NSFileWriteFileExistsError: return reason(EEXIST)
        case NSFileReadInapplicableStringEncodingError, NSFileReadCorruptFileError: return "it is not readable text"
        case NSFileReadTooLargeError: return "the file is too large"
        case NSFileWriteInvalidFileNameError, NSFileReadInvalidFileNameError: return "the name is not a valid file name"
        default: return cocoaCode >= 512 && cocoaCode < 768 ? "the file cannot be written" : "the file cannot be read"
        }
    }
}
