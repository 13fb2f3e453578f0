import Foundation
import LatentFiles

/// Writes a Markdown transcript of a session (`record FILE.md`): each top-level statement in a
/// `latent` code block, its output in a `text` block, and an image link for every plot it wrote.
///
/// The whole transcript is rewritten atomically after every statement (through `AtomicFile`), so the
/// file is complete up to the last statement even if the process dies, and a failed write (a full disk)
/// is reported instead of leaving a silently truncated transcript.
final class Recorder {
    /// The transcript's absolute path.
    let path: String
    private var transcript: String
    private var statement: String? = nil
    private var captured = ""
    private var plots: [String] = []

    /// When the transcript replaced a file: that file's last modification.
    let replaced: Date?

    /// Creates (or replaces) the transcript and writes its title; throws `FileError` when it cannot be written.
    init(path: String, title: String) throws {
        self.path = path
        transcript = "# \(title)\n"
        let existing = try? FileManager.default.attributesOfItem(atPath: path)   // the link itself, not its target
        replaced = existing?[.type] as? FileAttributeType == .typeRegular ? existing?[.modificationDate] as? Date : nil
        try AtomicFile.write(transcript, to: path, createFolder: true)
    }

    /// Starts capturing output for a statement.
    func begin(statement text: String) {
        statement = text
        captured = ""
        plots = []
    }

    /// Adds output written while the statement runs.
    func capture(_ text: String) {
        if statement != nil { captured += text }
    }

    /// Adds an image written by the statement (absolute path).
    func notePlot(_ absolutePath: String) {
        if statement != nil { plots.append(absolutePath) }
    }

    /// Appends the statement, its output and its images to the transcript; returns the reason when the
    /// transcript could not be written (nil when it was, or when no statement was being recorded).
    @discardableResult
    func end() -> String? {
        guard let text = statement else { return nil }
        statement = nil
        var block = "\n```latent\n\(text)\n```\n"
        if !captured.isEmpty {
            block += "\n```text\n\(captured.hasSuffix("\n") ? captured : captured + "\n")```\n"
        }
        let folder = (path as NSString).deletingLastPathComponent
        for plot in plots {
            let link = Recorder.relativePath(from: folder, to: plot)
            block += "\n![\((plot as NSString).lastPathComponent)](\(link))\n"
        }
        transcript += block
        do { try AtomicFile.write(transcript, to: path) } catch { return "\(error)" }
        return nil
    }

    /// `file` relative to folder `from` (both absolute), using `..` where needed.
    static func relativePath(from folder: String, to file: String) -> String {
        let a = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: file).standardizedFileURL.pathComponents
        var common = 0
        while common < a.count && common < b.count && a[common] == b[common] { common += 1 }
        let ups = Array(repeating: "..", count: a.count - common)
        return (ups + b[common...]).joined(separator: "/")
    }
}

extension Session {
    /// Starts a Markdown transcript at `path` (`outputPath`'s rule: a name without a folder goes to the output folder), replacing any running one;
    /// returns the modification time of the file it replaced, nil when there was none.
    @discardableResult
    public func startRecording(to path: String) throws -> Date? {
        let started = try Recorder(path: outputPath(path), title: "latent session")
        recorder = started
        return started.replaced
    }

    /// Stops the transcript, if any; returns its path.
    @discardableResult
    public func stopRecording() -> String? {
        defer { recorder = nil }
        return recorder?.path
    }

    /// The running transcript's path, nil when none is running.
    public var recordingPath: String? { recorder?.path }

    /// True while a transcript is being written.
    public var isRecording: Bool { recorder != nil }

    /// Ends the running statement's transcript entry; a failed write stops the recording, is printed
    /// and counts as a runtime error of the run (so a script's exit status says so).
    func endRecordedStatement(_ result: inout RunResult) {
        guard let failure = recorder?.end() else { return }
        recorder = nil
        printError("error: the transcript stopped: \(failure)")
        result.runtimeErrors += 1
    }
}
