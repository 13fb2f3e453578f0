import Foundation
import LatentCommands
import LatentScript
#if canImport(Glibc)
import Glibc
#endif

/// `latent --protocol`: one session driven by JSON lines, for the Jupyter wrapper kernel.
///
/// Requests, one JSON object a line on stdin:
/// `{"op":"execute","code":"..."}` and `{"op":"complete","code":"...","cursor":N}` (N in characters).
/// Replies, one JSON object a line on stdout:
/// `{"type":"stream","name":"stdout","text":...}` while a cell runs, `{"type":"display","path":...,"mime":...}`
/// for each plot file written, `{"type":"display","mime":"text/html","html":...,"url":...}` for each page `show`
/// serves (an iframe of the viewer), `{"type":"live","text":...}` for training's live progress line (`"end":true`
/// when it is done; the kernel updates one display in place), then `{"type":"done","status":"ok"}` or
/// `{"type":"done","status":"error","error":TEXT,"line":N}` (TEXT holds `cell[k]:line:col: error: ...`,
/// the source line and the caret; `"ename":"KeyboardInterrupt"` when an interrupt ended the cell); for
/// completion `{"type":"completion","start":S,"end":E,"matches":[...]}` (file paths inside strings);
/// `{"op":"is_complete","code":...}` answers `{"type":"is_complete","status":"complete"|"incomplete"}`;
/// `{"op":"inspect","code":...,"cursor":N}` answers `{"type":"inspect","found":B,"text":HELP}`.
/// SIGINT stops the running command at its next check (`train` at a batch boundary), ends the cell, and
/// never ends the process; end of input does.
final class ProtocolMode {
    private let session: Session
    private let sink = ProtocolOutput()
    private var cells = 0

    /// A driver over `session`, whose output it takes over.
    init(session: Session) {
        self.session = session
        session.output = sink
        session.isNotebook = true
        session.plotObservers.append { [sink, session] path in
            let absolute = session.resolvePath(path)
            let mime = absolute.lowercased().hasSuffix(".svg") ? "image/svg+xml" : "image/png"
            sink.send(["type": "display", "path": absolute, "mime": mime])
        }
        session.pageObservers.append { [sink] url in
            // the viewer in the cell: an iframe on the session's own server (its address carries the token)
            let html = "<iframe src=\"\(url)\" width=\"100%\" height=\"620\" style=\"border:1px solid #ccc\"></iframe>"
            sink.send(["type": "display", "mime": "text/html", "html": html, "url": url])
        }
    }

    /// Answers requests until end of input; returns 0.
    func run() -> Int32 {
        Signals.installInterruptHandler(restart: true)
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            guard let data = line.data(using: .utf8),
                  let request = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                  let op = request["op"] as? String else {
                sink.send(["type": "done", "status": "error", "error": "latent --protocol: a request is one JSON object with an \"op\""])
                continue
            }
            switch op {
            case "execute": execute(request["code"] as? String ?? "")
            case "complete": complete(request["code"] as? String ?? "", cursor: request["cursor"] as? Int)
            case "is_complete":
                // an open block or string continues on the next line (jupyter console asks before running)
                sink.send(["type": "is_complete", "status": Parser.needsMoreInput(request["code"] as? String ?? "") ? "incomplete" : "complete"])
            case "inspect":
                let text = session.inspection(of: request["code"] as? String ?? "", cursor: request["cursor"] as? Int ?? 0)
                sink.send(["type": "inspect", "found": text != nil, "text": text ?? ""])
            default: sink.send(["type": "done", "status": "error", "error": "latent --protocol: unknown op \(Value.quote(op))"])
            }
        }
        return 0
    }

    private func execute(_ code: String) {
        cells += 1
        sink.beginCell()
        let result: RunResult
        if code.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            result = RunResult()
        } else {
            result = session.run(code, file: "cell[\(cells)]")
        }
        let errors = sink.endCell()
        if result.exitCode != nil {
            sink.send(["type": "stream", "name": "stderr",
                       "text": "exit does not end a notebook session; restart the kernel for a fresh one\n"])
        }
        if result.interrupted {
            // as IPython answers an interrupted cell: an error named KeyboardInterrupt (the frontend then
            // skips the queued cells); what the cell's statements finished, such as a train's epochs, is kept
            sink.send(["type": "done", "status": "error", "ename": "KeyboardInterrupt",
                       "error": errors + "KeyboardInterrupt: the cell was interrupted; the rest of it did not run (models keep what they learned)\n"])
        } else if result.syntaxErrors > 0 || result.runtimeErrors > 0 {
            var reply: [String: Any] = ["type": "done", "status": "error", "error": errors]
            if let line = Self.firstErrorLine(errors, cell: cells) { reply["line"] = line }
            sink.send(reply)
        } else {
            if !errors.isEmpty { sink.send(["type": "stream", "name": "stderr", "text": errors]) }
            sink.send(["type": "done", "status": "ok"])
        }
    }

    /// The line number in the first `cell[k]:LINE:COL:` of the error text.
    static func firstErrorLine(_ text: String, cell: Int) -> Int? {
        let marker = "cell[\(cell)]:"
        guard let range = text.range(of: marker) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    private func complete(_ code: String, cursor: Int?) {
        let characters = Array(code)
        let end = max(0, min(cursor ?? characters.count, characters.count))
        let before = characters[..<end]
        let lineStart = before.lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let completion = session.completions(forLineBeforeCursor: String(before[lineStart...]))
        sink.send(["type": "completion", "start": lineStart + completion.start, "end": end,
                   "matches": completion.candidates])
    }
}

/// Standard output as JSON `stream` lines; the error channel collected per cell (for the error reply).
/// The live line (training progress) is stdout text `\r` + line, padded to cover the previous one.
final class ProtocolOutput: OutputSink, LiveLineOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var errors = ""
    private var collecting = false

    /// The live line as a `live` reply: the kernel shows it in one display it updates in place, so a
    /// saved notebook keeps the final output, not every frame.
    func showLiveLine(_ text: String) {
        send(["type": "live", "text": text])
    }

    /// Ends the live display (the kernel empties it; the final line follows as ordinary output).
    func clearLiveLine() {
        send(["type": "live", "text": "", "end": true])
    }

    /// Starts collecting the error channel.
    func beginCell() { lock.withLock { errors = ""; collecting = true } }

    /// Stops collecting; returns what the error channel received.
    func endCell() -> String { lock.withLock { collecting = false; return errors } }

    func write(_ text: String, to channel: OutputChannel) {
        if channel == .error {
            let kept: Bool = lock.withLock { if collecting { errors += text }; return collecting }
            if kept { return }
        }
        send(["type": "stream", "name": channel == .standard ? "stdout" : "stderr", "text": text])
    }

    /// Writes one JSON object and a newline to stdout.
    func send(_ object: [String: Any]) {
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        lock.withLock { StandardOutput().writeBytes(data) }
    }
}

extension StandardOutput {
    /// Writes raw bytes to stdout, retrying on EINTR.
    func writeBytes(_ data: Data) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue } else { return } }
                offset += n
            }
        }
    }
}
