import Foundation
import LatentCore
import LatentPlot

/// What latent's commands keep per session beside the language's state: the random generator, the ranks
/// of a data-parallel run and the plotter. A session made by `Session.latent()` owns one (`session.latent`);
/// two sessions in one process share none of it.
public final class LatentContext: SessionContext {
    /// The session's random generator; `set seed N` starts it again from N.
    public var rng: Rng
    /// The group of ranks when latent runs data-parallel under mpirun (more than one rank); nil otherwise.
    public var communicator: Communicator?
    /// The session's thread count (`set threads`). LatentCore's team is one per process: this session's
    /// count is put on it when the session runs a statement, so making a session changes nothing.
    public private(set) var threads = 2
    /// True once the session has run a statement: from then on `set threads` resizes the team at once.
    private var running = false
    /// The plotter for the current plot settings, and those settings (a change of them makes a new one).
    private var plotter: (settings: PlotSettings, plotter: Plotter)?

    /// A context whose generator starts from `seed`.
    public init(seed: UInt64) { rng = Rng(seed: seed) }

    /// The generator as the running top-level statement found it.
    private var rngBeforeStatement: Rng?

    public func reseed(_ seed: UInt64) { rng = Rng(seed: seed) }
    public func beginStatement() {
        rngBeforeStatement = rng
        running = true
        if Parallel.threads != threads { setBlasThreads(threads) }
    }

    /// Makes `n` the session's thread count, resizing the team now when the session is running.
    func useThreads(_ n: Int) {
        threads = n
        if running { setBlasThreads(n) }
    }
    public func rollBack() { if let saved = rngBeforeStatement { rng = saved } }

    /// The plotter for `settings` (made once per change of them: it keeps gnuplot's list of terminals).
    func plotter(for settings: PlotSettings) -> Plotter {
        if let plotter, plotter.settings == settings { return plotter.plotter }
        let made = Plotter(gnuplot: Gnuplot(executable: settings.gnuplot.isEmpty ? nil : settings.gnuplot,
                                            timeout: settings.timeout, shouldStop: { settings.interrupt.isSet }))
        plotter = (settings, made)
        return made
    }
}

/// The settings plots read, together: the terminal (png, svg, dumb, window, sixel), the gnuplot
/// executable, its timeout, and the interrupt flag that stops it.
struct PlotSettings: Equatable {
    var terminal: String
    var gnuplot: String
    var timeout: Double
    var interrupt: InterruptFlag

    /// The session's plot settings.
    init(_ session: Session) {
        terminal = session.effectivePlotTerminal   // a notebook shows sixel and window plots as inline PNG
        gnuplot = session.setting("gnuplot").string ?? ""
        timeout = session.setting("plottimeout").number ?? 60
        interrupt = session.interrupt
    }

    /// Equal when they make the same plotter (the terminal is chosen per plot).
    static func == (a: PlotSettings, b: PlotSettings) -> Bool {
        a.gnuplot == b.gnuplot && a.timeout == b.timeout && a.interrupt === b.interrupt
    }

    /// The settings latent adds to every session for plots (`terminal` is the language's own).
    static var definitions: [Setting] {
        [
            Setting("plottimeout", .number, default: 60, replayed: false,
                    "seconds a gnuplot run may take before it is stopped and reported") { value, _ in
                guard let s = value.number, s > 0, s.isFinite else { throw CommandError("plottimeout must be a positive number of seconds") }
            },
            Setting("gnuplot", .string, default: .string(ProcessInfo.processInfo.environment["LATENT_GNUPLOT"] ?? ""),
                    replayed: false, "the gnuplot executable (empty: search PATH; default $LATENT_GNUPLOT)"),
        ]
    }
}

extension Session {
    /// This session's latent state (made on first use when the session was not made by `Session.latent()`).
    public var latent: LatentContext {
        if let context = context as? LatentContext { return context }
        let made = LatentContext(seed: seed)
        context = made
        return made
    }

    /// The session's random generator (kept in `latent`).
    public var rng: Rng {
        get { latent.rng }
        _modify { let context = latent; yield &context.rng }
        set { latent.rng = newValue }
    }

    /// The group of ranks of a data-parallel run (kept in `latent`); setting it tells the language which rank this is.
    public var communicator: Communicator? {
        get { latent.communicator }
        set {
            latent.communicator = newValue
            ranks = newValue.map { Ranks(rank: $0.rank, size: $0.size) }
        }
    }
}
