import Foundation
import LatentModels
import LatentScript
#if canImport(Glibc)
import Glibc
#endif

/// An output that can show one live line, rewritten in place (a notebook's stream with `\r`). The
/// session's output conforms when it can; otherwise the terminal's stderr is used, when it is one.
public protocol LiveLineOutput: AnyObject {
    /// Replaces the live line with `text` (one line, no newline).
    func showLiveLine(_ text: String)
    /// Removes the live line, so the next output starts at the beginning of an empty line.
    func clearLiveLine()
}

/// Shows training progress: a live line (epoch, bar, loss, time left) rewritten in place while a `train`
/// call runs, and a printed line every tenth of the epochs.
///
/// The printed lines go to the session's output (so transcripts and tests see them). The live line goes
/// to a `LiveLineOutput` session output (the notebook), else to stderr when it is a terminal; it appears
/// once training has run for `delay` seconds, however short each epoch is, is redrawn at most every
/// `interval` seconds, makes way for each printed line and is erased when training ends. Piped and
/// scripted output never contains it. Timings are left out of the printed lines when the `timings`
/// setting is false; `set progress false` hides both.
final class ProgressReporter {
    /// Seconds of training before the live line appears (so quick calls print nothing extra).
    static let delay = 0.5
    /// The shortest time between two redraws (at most 10 a second).
    static let interval = 0.1

    private let session: Session
    private let every: Int
    private let timings: Bool
    private let shown: Bool
    private let names: [String]
    private let live: LiveLineOutput?
    private var drawn = false
    private var lastDraw = -Double.infinity

    init(session: Session, epochs: Int, names: [String]) {
        self.session = session
        self.names = names
        every = max(1, epochs / 10)
        timings = session.setting("timings").bool ?? true
        shown = session.setting("progress").bool ?? true
        if !shown {
            live = nil
        } else if let output = session.output as? LiveLineOutput {
            live = output
        } else if session.output is StandardOutput, isatty(2) != 0, ProcessInfo.processInfo.environment["CI"] == nil {
            live = TerminalLiveLine(fd: 2)
        } else {
            live = nil
        }
    }

    deinit { finish() }   // a train that threw leaves no half-drawn line behind

    func batch(_ p: TrainProgress) {
        guard let live, p.elapsed >= Self.delay, p.elapsed - lastDraw >= Self.interval else { return }
        lastDraw = p.elapsed
        drawn = true
        live.showLiveLine(Self.liveText(p, losses: lossText(p.losses.map(Double.init))))
    }

    func epoch(_ record: EpochRecord, index: Int, of count: Int) {
        guard shown, (index + 1) % every == 0 || index + 1 == count else { return }
        var line = String(format: "epoch %4d  ", record.epoch) + lossText(names.map { record.losses[$0] ?? .nan })
        if timings { line += String(format: "  (%.2f s)", record.seconds) }
        if drawn {
            live?.clearLiveLine()
            drawn = false
            lastDraw = -Double.infinity   // back at the next batch
        }
        session.print(line)
    }

    /// Erases the live line (before the final `trained ...` line).
    func finish() {
        if drawn { live?.clearLiveLine() }
        drawn = false
    }

    /// `epoch 37/200 ████████················  18%  loss 0.1234  14s left` (the model's own epoch number
    /// first when it was trained before: `epoch 237 (37/200)`).
    static func liveText(_ p: TrainProgress, losses: String) -> String {
        let done = Double(p.epochIndex) + Double(p.batch) / Double(max(1, p.batchCount))
        let fraction = min(1, max(0, done / Double(max(1, p.epochCount))))
        let width = 20
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let left = fraction > 0 ? p.elapsed * (1 - fraction) / fraction : 0
        let count = "\(p.epochIndex + 1)/\(p.epochCount)"
        let epoch = p.epoch == p.epochIndex + 1 ? "epoch \(count)" : "epoch \(p.epoch) (\(count))"
        return String(format: "%@ %@ %3.0f%%  %@  %@ left", epoch, bar, fraction * 100, losses, duration(left))
    }

    private func lossText(_ values: [Double]) -> String {
        zip(names, values).map { "\($0) \(formatMetric($1))" }.joined(separator: "  ")
    }

    static func duration(_ s: Double) -> String {
        s < 60 ? String(format: "%.0fs", s) : String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }
}

/// The live line on a terminal: carriage return, the text cut to the terminal's width (so it never
/// wraps), erase to the end of the line.
final class TerminalLiveLine: LiveLineOutput {
    private let fd: Int32

    init(fd: Int32) { self.fd = fd }

    func showLiveLine(_ text: String) {
        var size = winsize()
        let columns = ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        put("\r" + String(text.prefix(max(10, columns - 1))) + "\u{1B}[K")
    }

    func clearLiveLine() { put("\r\u{1B}[K") }

    private func put(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { return } }
            offset += n
        }
    }
}
