import Foundation

/// Writes a Markdown transcript of a session (`record FILE.md`): each top-level statement in a
/// `latent` code block, its output in a `text` block, and an image link for every plot it wrote.
///
/// The file is appended to after every statement, so it is complete up to the last statement even
/// if the process dies.
final class Recorder {
    /// The transcript's absolute path.
    let path: String
    private var statement: String? = nil
    private var captured = ""
    private var plots: [String] = []

    /// Creates (or truncates) the transcript and writes its title.
    init(path: String, title: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "# \(title)\n".write(toFile: path, atomically: false, encoding: .utf8)
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

    /// Appends the statement, its output and its images to the transcript.
    func end() {
        guard let text = statement else { return }
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
        append(block)
    }

    private func append(_ text: String) {
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
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
    /// Starts a Markdown transcript at `path` (relative to `baseDirectory`), replacing any running one.
    public func startRecording(to path: String) throws {
        recorder = try Recorder(path: resolvePath(path), title: "latent session")
    }

    /// Stops the transcript, if any; returns its path.
    @discardableResult
    public func stopRecording() -> String? {
        defer { recorder = nil }
        return recorder?.path
    }

    /// True while a transcript is being written.
    public var isRecording: Bool { recorder != nil }
}
