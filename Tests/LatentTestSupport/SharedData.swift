import Foundation

/// `../shared/data` beside the package root (MNIST, digits, COIL-20, ORL faces), or nil when absent: tests
/// that need it skip with a message then.
public func sharedDataFolder() -> String? {
    let folder = LatentBinary.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").path
    return FileManager.default.fileExists(atPath: folder) ? folder : nil
}

/// The package root (for samples/).
public func packageRoot() -> String { LatentBinary.packageRoot.path }
