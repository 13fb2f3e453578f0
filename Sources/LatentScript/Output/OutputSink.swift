#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// write(2), named apart from the sinks' `write` methods.
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}

/// Which stream a piece of output belongs to.
public enum OutputChannel: Sendable {
    /// Results and messages (stdout).
    case standard
    /// Diagnostics (stderr).
    case error
}

/// Where a session's output goes: the terminal, a test buffer, or a transcript.
public protocol OutputSink: AnyObject {
    /// Writes `text` exactly as given (callers add newlines).
    func write(_ text: String, to channel: OutputChannel)
}

/// Drops everything (the output of ranks other than 0 in a data-parallel run).
public final class DiscardedOutput: OutputSink {
    /// A sink that writes nothing.
    public init() {}
    public func write(_ text: String, to channel: OutputChannel) {}
}

/// Writes to the process's stdout and stderr, unbuffered.
public final class StandardOutput: OutputSink {
    /// A sink for the process streams.
    public init() {}

    /// Flushes C stdio buffers (so `print` output stays in order), then writes the bytes.
    public func write(_ text: String, to channel: OutputChannel) {
        fflush(nil)
        let fd: Int32 = channel == .standard ? 1 : 2
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }
}

/// Collects output in memory: both channels interleaved as printed, and each separately.
public final class CapturedOutput: OutputSink {
    /// Everything written, in order.
    public private(set) var text = ""
    /// Only the standard channel.
    public private(set) var standardText = ""
    /// Only the error channel.
    public private(set) var errorText = ""

    /// An empty buffer.
    public init() {}

    /// Appends `text`.
    public func write(_ text: String, to channel: OutputChannel) {
        self.text += text
        if channel == .standard { standardText += text } else { errorText += text }
    }

    /// Empties the buffer.
    public func reset() {
        text = ""; standardText = ""; errorText = ""
    }
}
