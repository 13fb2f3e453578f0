#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How deep the interpreter may recurse on the thread it runs on, measured in bytes of stack.
///
/// Each nested block, expression and user-command call is a few interpreter frames, so the parser's
/// nesting limit (128) times the user-call limit (100) can need more stack than a thread has. The
/// interpreter checks the room left before every statement and expression and refuses with a sentence
/// when less than `reserve` bytes remain: deep scripts end in an error, never in a stack overflow,
/// whatever thread runs them. `Session` runs top-level programs on a thread of `runStackBytes`, sized
/// so that every program within both limits fits.
struct StackGuard {
    /// Room kept free below the deepest interpreter frame, for the command (and library code) it runs.
    static let reserve = 1 << 20
    /// Stack of the thread top-level programs run on. The deepest script within the limits, a command
    /// recursing 99 deep with 124 nested blocks in each call, peaks at 84 MB resident in a debug build
    /// (stack and heap together); 256 MB leaves room for sourced files nesting further. Only the pages
    /// touched are committed.
    static let runStackBytes = 256 << 20

    /// The lowest address a frame may reach on this thread.
    let floor: UInt

    /// The guard of the calling thread: its own bounds, from pthread_getattr_np; where they cannot be
    /// read, the stack limit (`ulimit -s`) below the caller's frame, as for the main thread.
    init() {
        var marker: UInt8 = 0
        let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        if let low = StackGuard.threadStackLow(), low < here {
            floor = low + UInt(StackGuard.reserve)
            return
        }
        var bytes = 8 << 20
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_STACK.rawValue), &limit) == 0, limit.rlim_cur < 1 << 40 {   // RLIM_INFINITY is all ones
            bytes = Int(clamping: limit.rlim_cur)
        }
        let room = UInt(max(0, bytes - StackGuard.reserve))
        floor = here > room ? here - room : 0
    }

    /// The lowest address of the calling thread's stack, when the system says.
    private static func threadStackLow() -> UInt? {
        #if canImport(Glibc)
        var attributes = pthread_attr_t()
        guard pthreadGetattrNP(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        return UInt(bitPattern: address)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return nil
        #endif
    }

    /// True while the caller's frame is above the floor.
    @inline(__always) var hasRoom: Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } > floor
    }

    /// Runs `body` on a new thread with a `runStackBytes` stack and waits for it (inline when the
    /// thread cannot be made).
    static func onLargeStack<T>(_ body: () -> T) -> T {
        var result: T?
        withoutActuallyEscaping(body) { body in
            let box = Unmanaged.passRetained(ThreadBody { result = body() })
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, runStackBytes)
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t?
            #endif
            let made = pthread_create(&thread, &attributes, { raw in
                #if canImport(Glibc)
                let context = raw!
                #else
                let context = raw
                #endif
                let work = Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue()
                work.run()
                return nil
            }, box.toOpaque())
            if made == 0 {
                #if canImport(Glibc)
                pthread_join(thread, nil)
                #else
                pthread_join(thread!, nil)
                #endif
            } else {
                box.takeRetainedValue().run()
            }
        }
        return result!
    }
}

#if canImport(Glibc)
/// glibc's pthread_getattr_np (a GNU extension the Glibc module does not export): the calling thread's
/// actual stack bounds, for the main thread and any other.
@_silgen_name("pthread_getattr_np")
private func pthreadGetattrNP(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// The work handed to the large-stack thread.
private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
