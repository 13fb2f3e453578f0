import LatentFiles
import Synchronization

/// A process-wide "stop what you are doing" flag: a SIGINT handler sets it, long commands poll it,
/// and the interpreter clears it before each statement.
///
/// Setting and reading are single lock-free atomic operations, so the flag is safe to set from a
/// signal handler (touch `shared` once before installing the handler so it is initialised).
public final class InterruptFlag: InterruptSource {
    private let raised = Atomic<Bool>(false)

    /// The flag the executable's SIGINT handler sets.
    public static let shared = InterruptFlag()

    /// A fresh, lowered flag (tests use their own).
    public init() {}

    /// Raises the flag (async-signal-safe).
    public func set() { raised.store(true, ordering: .relaxed) }

    /// Lowers the flag.
    public func clear() { raised.store(false, ordering: .relaxed) }

    /// True once interrupted, until cleared.
    public var isSet: Bool { raised.load(ordering: .relaxed) }

    /// Throws `Interrupted` when the flag is raised; call it between units of work (epochs, batches).
    public func check() throws {
        if isSet { throw Interrupted() }
    }
}
