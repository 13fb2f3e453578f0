import Foundation
import LatentModels

/// Shows training progress: a self-rewriting bar with ETA on a terminal, a line every few epochs otherwise.
///
/// Lines go to the session's output (so transcripts and tests see them); the bar goes straight to the
/// terminal's stderr and is erased when training ends. Timings are left out when the `timings` setting
/// is false, so replayed scripts print identical text.
final class ProgressReporter {
    private let session: Session
    private let interactive: Bool
    private let every: Int
    private let timings: Bool
    private let shown: Bool
    private let names: [String]
    private var lastDraw = Date.distantPast

    init(session: Session, epochs: Int, names: [String]) {
        self.session = session
        self.names = names
        interactive = session.output is StandardOutput && isatty(2) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
        every = max(1, epochs / 10)
        timings = session.setting("timings").bool ?? true
        shown = session.setting("progress").bool ?? true
    }

    func batch(_ p: TrainProgress) {
        guard interactive, shown else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || p.batch == p.batchCount else { return }
        lastDraw = now
        let done = Double(p.epochIndex) + Double(p.batch) / Double(p.batchCount)
        let fraction = done / Double(p.epochCount)
        let width = 24
        let filled = Int(fraction * Double(width))
        let eta = fraction > 0 ? p.elapsed * (1 - fraction) / fraction : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(format: "\r  epoch %d (%d/%d) %@ %3.0f%%  %@  eta %@ \u{1B}[K", p.epoch, p.epochIndex + 1, p.epochCount,
                          bar, fraction * 100, lossText(p.losses.map(Double.init)), duration(eta))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func epoch(_ record: EpochRecord, index: Int, of count: Int) {
        if interactive {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        guard shown, (index + 1) % every == 0 || index + 1 == count else { return }
        var line = String(format: "epoch %4d  ", record.epoch) + lossText(names.map { record.losses[$0] ?? .nan })
        if timings { line += String(format: "  (%.2f s)", record.seconds) }
        session.print(line)
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func lossText(_ values: [Double]) -> String {
        zip(names, values).map { "\($0) \(formatMetric($1))" }.joined(separator: "  ")
    }

    private func duration(_ s: Double) -> String {
        s < 60 ? String(format: "%.0fs", s) : String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60)
    }
}
