import Synchronization

/// Something that says whether the user asked to stop (Ctrl-C, Jupyter's interrupt button).
public protocol InterruptSource: AnyObject, Sendable {
    /// True once the user asked to stop.
    var isSet: Bool { get }
}

/// Thrown by work that stopped early at a safe point because the user pressed Ctrl-C.
public struct Interrupted: Error, CustomStringConvertible, Sendable {
    /// An interruption.
    public init() {}
    /// "interrupted".
    public var description: String { "interrupted" }
}

/// The stop request that long loops in the library layers poll: graph building, layout passes, the
/// spectral start, evaluation, CSV parsing. Whoever runs work on the user's behalf (a script session)
/// installs its interrupt source with `polling(_:_:)`; library code calls `check()` (or reads
/// `requested` inside parallel regions and checks after them) between units of work that each take
/// well under a second, so Ctrl-C stops any step within about a second and leaves state consistent.
/// Without an installed source nothing is ever requested.
public enum Interruption {
    private static let installed = Mutex<(any InterruptSource)?>(nil)

    /// Runs `body` with `source` as the request `check()` reads, then restores the previous source.
    public static func polling<T>(_ source: any InterruptSource, _ body: () throws -> T) rethrows -> T {
        let previous = installed.withLock { current in
            let old = current
            current = source
            return old
        }
        defer { installed.withLock { $0 = previous } }
        return try body()
    }

    /// Whether the installed source asks to stop.
    public static var requested: Bool { installed.withLock { $0?.isSet } ?? false }

    /// Throws `Interrupted` when the installed source asks to stop.
    public static func check() throws {
        if requested { throw Interrupted() }
    }
}
