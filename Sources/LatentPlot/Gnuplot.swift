import Foundation
import LatentFiles

/// Owner of the gnuplot executable: finds it, runs one script per call and reports its failures.
public struct Gnuplot: Sendable {
    /// Explicit executable path; when nil, `gnuplot` is searched on `searchPath`.
    public var executable: String?
    /// Colon-separated directories to search; nil means the process's `PATH`.
    public var searchPath: String?
    /// Seconds a run may take before gnuplot is terminated and `PlotError.timeout` is thrown.
    public var timeout: Double
    /// Polled while gnuplot runs (every 50 ms); returning true terminates it with `PlotError.interrupted`.
    public var shouldStop: (@Sendable () -> Bool)?

    /// A gnuplot owner; defaults find `gnuplot` on `PATH` and allow 60 s per run.
    public init(executable: String? = nil, searchPath: String? = nil, timeout: Double = 60,
                shouldStop: (@Sendable () -> Bool)? = nil) {
        self.executable = executable
        self.searchPath = searchPath
        self.timeout = timeout
        self.shouldStop = shouldStop
    }

    /// What one gnuplot run printed.
    public struct Output: Sendable {
        /// Text gnuplot wrote to stdout (`print` output, or plots when no `set output` was given).
        public var stdout: String
        /// Text gnuplot wrote to stderr on success (warnings).
        public var stderr: String
    }

    /// The absolute path of the gnuplot executable, or `PlotError.gnuplotMissing`.
    public func locate() throws -> String {
        let fm = FileManager.default
        if let exe = executable {
            guard fm.isExecutableFile(atPath: exe) else { throw PlotError.gnuplotMissing(searched: exe) }
            return exe
        }
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = String(dir) + "/gnuplot"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw PlotError.gnuplotMissing(searched: "PATH=\(path)")
    }

    /// Runs raw gnuplot commands (a user script); errors come back as `PlotError.gnuplotFailed`.
    public func run(raw text: String, arguments: [String] = []) throws -> Output {
        try run(PlotScript(raw: text), arguments: arguments)
    }

    /// Runs `script` in a fresh gnuplot process and waits for it (at most `timeout` seconds).
    public func run(_ script: PlotScript, arguments: [String] = []) throws -> Output {
        let exe = try locate()
        let dir = try TempDirectory(prefix: "latent-gnuplot")
        defer { dir.remove() }
        let scriptPath = dir.path + "/plot.gp"
        do { try AtomicFile.write(script.bytes(), to: scriptPath) } catch {
            throw PlotError.launchFailed("cannot write the script file \(scriptPath): \(FileError.describe(error))")
        }
        return try execute(exe, arguments: arguments + [scriptPath], scriptPath: scriptPath)
    }

    /// The terminal names this gnuplot supports (`GPVAL_TERMINALS`).
    public func terminals() throws -> Set<String> {
        let out = try run(raw: "set print '-'\nprint GPVAL_TERMINALS")
        return Set(out.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    /// Launches the process, drains its pipes on background threads and enforces the timeout.
    private func execute(_ exe: String, arguments: [String], scriptPath: String) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }

        let outBox = DataBox(), errBox = DataBox()
        let drained = DispatchGroup()
        for (handle, box) in [(outPipe.fileHandleForReading, outBox), (errPipe.fileHandleForReading, errBox)] {
            drained.enter()
            DispatchQueue.global().async {
                box.set(handle.readDataToEndOfFile())
                drained.leave()
            }
        }
        do {
            try process.run()
        } catch {
            try? outPipe.fileHandleForWriting.close()
            try? errPipe.fileHandleForWriting.close()
            throw PlotError.launchFailed("\(exe): \(FileError.describe(error))")
        }
        let deadline = DispatchTime.now() + max(timeout, 0)
        var stopped = false, late = false
        while finished.wait(timeout: min(deadline, .now() + 0.05)) == .timedOut {
            if shouldStop?() == true { stopped = true; break }
            if DispatchTime.now() >= deadline { late = true; break }
        }
        if stopped || late {
            process.terminate()
            if finished.wait(timeout: .now() + 1) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = finished.wait(timeout: .now() + 1)
            }
            _ = drained.wait(timeout: .now() + 1)
            throw stopped ? PlotError.interrupted : PlotError.timeout(seconds: timeout)
        }
        // A persisting window helper may keep the pipes open; do not wait for it forever.
        _ = drained.wait(timeout: .now() + 2)
        let stdout = String(decoding: outBox.get(), as: UTF8.self)
        let stderr = String(decoding: errBox.get(), as: UTF8.self)
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal {
            throw PlotError.gnuplotFailed(status: status,
                                          message: "killed by signal \(status). " + Gnuplot.clean(stderr, scriptPath))
        }
        guard status == 0 else {
            throw PlotError.gnuplotFailed(status: status, message: Gnuplot.clean(stderr, scriptPath))
        }
        return Output(stdout: stdout, stderr: stderr)
    }

    /// gnuplot's stderr trimmed to its first error report, with the temp script path shortened.
    static func clean(_ stderr: String, _ scriptPath: String) -> String {
        let lines = stderr.replacingOccurrences(of: "\"\(scriptPath)\"", with: "script")
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "^" }
        return lines.prefix(12).joined(separator: " | ")
    }
}

/// Thread-safe holder for bytes read on a background thread.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

/// A uniquely named directory under the system temp folder.
struct TempDirectory {
    /// Absolute path of the directory.
    let path: String

    init(prefix: String) throws {
        var template = Array((NSTemporaryDirectory() + "/\(prefix).XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw PlotError.launchFailed("cannot create a temporary directory") }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Deletes the directory and its contents.
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
