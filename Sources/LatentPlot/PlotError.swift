/// Everything that can go wrong while producing a plot; each `description` is one complete sentence.
public enum PlotError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No gnuplot executable was found; `searched` names the PATH or the explicit executable that was tried.
    case gnuplotMissing(searched: String)
    /// gnuplot could not be started at all (permissions, a broken binary, a temp-file failure).
    case launchFailed(String)
    /// gnuplot ran but exited with a non-zero status; `message` is what it printed on stderr.
    case gnuplotFailed(status: Int32, message: String)
    /// gnuplot did not finish within `seconds` and was terminated.
    case timeout(seconds: Double)
    /// The plot inputs or spec are inconsistent (wrong shapes, empty data, bad sizes).
    case invalidInput(String)
    /// The requested output cannot be produced here (unknown extension, no window terminal, ...).
    case unsupportedOutput(String)
    /// Creating, moving or reading an output file failed.
    case io(String)
    /// `Gnuplot.shouldStop` asked to stop (Ctrl-C) and gnuplot was terminated.
    case interrupted

    /// A complete sentence describing the failure and, where possible, the fix.
    public var description: String {
        switch self {
        case .gnuplotMissing(let searched):
            return "gnuplot was not found (searched \(searched)); install it with "
                + "`apt-get install -y gnuplot-nox` or run scripts/setup."
        case .launchFailed(let why):
            return "gnuplot could not be started: \(why)."
        case .gnuplotFailed(let status, let message):
            let text = message.isEmpty ? "no message on stderr" : message
            return "gnuplot failed with exit status \(status): \(text)"
        case .timeout(let seconds):
            return "gnuplot did not finish within \(formatSeconds(seconds)) s and was terminated."
        case .invalidInput(let why):
            return "invalid plot input: \(why)."
        case .unsupportedOutput(let why):
            return "unsupported plot output: \(why)."
        case .io(let why):
            return "plot file error: \(why)."
        case .interrupted:
            return "the plot was interrupted and gnuplot was stopped."
        }
    }
}

/// Seconds without a trailing ".0" for whole numbers ("60", "0.5").
func formatSeconds(_ s: Double) -> String {
    s.rounded() == s && abs(s) < 1e9 ? String(Int(s)) : String(s)
}
