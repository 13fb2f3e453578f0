import CEditLine
import Foundation
import LatentFiles
import LatentScript
#if canImport(Glibc)
import Glibc
#endif

/// Line editing through libedit: emacs keys, persistent history, and tab completion supplied by a closure.
final class LineEditor: LineReader {
    let isInteractive = true
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String
    private var prompt: UnsafeMutablePointer<CChar>
    private let complete: (String) -> Completion

    /// An editor saving history to `historyPath`; nil when libedit cannot start.
    init?(historyPath: String, complete: @escaping (String) -> Completion) {
        setlocale(LC_CTYPE, "")
        guard let editor = latent_el_open("latent"), let history = latent_history_open(1000) else { return nil }
        self.editor = editor
        self.history = history
        self.historyPath = historyPath
        self.complete = complete
        self.prompt = strdup("")
        if (try? ReadableFile(historyPath)) != nil { _ = latent_history_load(history, historyPath) }   // never a FIFO
        latent_el_set_history(editor, history)
        latent_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        latent_el_set_prompt(editor) { el in
            guard let el, let data = latent_el_clientdata(el) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().prompt
        }
        latent_el_bind_tab(editor) { el, _ in
            guard let el, let data = latent_el_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor(el)
        }
    }

    deinit {
        el_end(editor)
        history_end(history)
        free(prompt)
    }

    func read(prompt text: String) -> LineRead {
        free(prompt)
        prompt = strdup(text)
        InterruptFlag.shared.clear()
        Signals.installInterruptHandler(restart: false)
        defer { Signals.installInterruptHandler(restart: true) }
        var count: Int32 = 0
        guard let raw = el_gets(editor, &count) else {
            if InterruptFlag.shared.isSet {
                InterruptFlag.shared.clear()
                latent_write_stdout("^C\n", 3)
                return .cancelled
            }
            latent_write_stdout("\n", 1)
            return .end
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    func remember(_ entry: String) {
        guard !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        _ = latent_history_enter(history, entry)
        saveHistory()
    }

    /// Writes the history file through the atomic writer (owner-only, as libedit's own save); a failure
    /// to keep history is not worth interrupting the session for.
    private func saveHistory() {
        var bytes: UnsafeMutablePointer<CChar>? = nil
        var count = 0
        defer { free(bytes) }
        guard latent_history_bytes(history, &bytes, &count) >= 0, let bytes else { return }
        let data = [UInt8](UnsafeRawBufferPointer(start: bytes, count: count))
        try? AtomicFile.write(data, to: historyPath, newFileMode: 0o600)
    }

    /// Inserts the completion of the word before the cursor, or lists the candidates when ambiguous.
    private func completeAtCursor(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: max(0, length)), as: UTF8.self)
        let completion = complete(before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_ERROR) }
        if completion.candidates.count == 1 {
            let candidate = completion.candidates[0]
            let rest = String(candidate.dropFirst(completion.prefix.count)) + (candidate.hasSuffix("=") ? "" : " ")
            _ = el_insertstr(el, rest)
            return UInt8(CC_REFRESH)
        }
        let common = completion.commonPrefix
        if common.count > completion.prefix.count {
            _ = el_insertstr(el, String(common.dropFirst(completion.prefix.count)))
            return UInt8(CC_REFRESH)
        }
        let width = (completion.candidates.map(\.count).max() ?? 0) + 2
        let perLine = max(1, 78 / width)
        var listing = "\n"
        for (i, candidate) in completion.candidates.enumerated() {
            listing += candidate.padding(toLength: width, withPad: " ", startingAt: 0)
            if (i + 1) % perLine == 0 || i == completion.candidates.count - 1 { listing += "\n" }
        }
        latent_write_stdout(listing, listing.utf8.count)
        return UInt8(CC_REDISPLAY)
    }
}
