import Foundation
import LatentCore

extension CommandRegistry {
    /// Every command of latent: the session built-ins plus data, models, evaluation, plots and editing.
    ///
    /// The `examples:` of each command's declaration use the usual names: d (a labelled Dataset, m's training
    /// data), m and m2 (gne models), tr and te (a split), e (an Embedding), g (Samples), c (a supervised gnd),
    /// v (a vae), k (a kaleido), paths (trajectories), s (rows), t (a table), r (a report), u (a Dataset of 2-D
    /// coordinates made elsewhere, e.g. UMAP's, loaded from umap.csv); DocumentedExamplesTests defines them and
    /// runs every example.
    public static func latent() -> CommandRegistry {
        let registry = CommandRegistry.standard()
        registry.registerDataCommands()
        registry.registerModelCommands()
        registry.registerCopyCommand()
        registry.registerInferenceCommands()
        registry.registerEvalCommands()
        registry.registerScoresCommand()
        registry.registerColumnCommand()
        registry.registerPlotCommands()
        registry.registerEditCommands()
        registry.registerViewCommands()
        registry.registerTablePlot()
        registry.addDomainSearchTerms()
        registry.introduction = [
            "A map in one step:  d = load \"samples/digits.csv\" label=first image=[8, 8]   (scale=auto: load says how it scaled)",
            "                    m = model gne       (or gnd; plain=true: the paper's method alone)",
            "                    train m d           (UMAP's neighbour layout inside training, the spectral start, a length for the data's size)",
            "                    eval m d            then: plot embedding m to \"map.png\", generate m grid=12, embed m newdata",
        ]
        return registry
    }
}

extension Session {
    /// A session with every latent command, its own `LatentContext` (generator, ranks, plotter) and the
    /// numeric and plot settings.
    public static func latent(output: any OutputSink = StandardOutput(), interrupt: InterruptFlag = .shared,
                              baseDirectory: String? = nil) -> Session {
        let session = baseDirectory.map { Session(registry: .latent(), output: output, interrupt: interrupt, baseDirectory: $0) }
            ?? Session(registry: .latent(), output: output, interrupt: interrupt)
        session.context = LatentContext(seed: session.seed)
        session.defineSetting(Setting("threads", .int, default: 2,
                                      "threads for training, products and evaluation (0: one per core; results are the same bits for any count)") { value, session in
            let most = Parallel.maxThreads
            guard let n = value.int, (0...most).contains(n) else {
                throw CommandError("threads must be 0 (one per core) or between 1 and \(most), got \(value)")
            }
            session.latent.useThreads(n == 0 ? min(ProcessInfo.processInfo.activeProcessorCount, most) : n)
        })
        session.defineSetting(Setting("progress", .bool, default: true, replayed: false,
                                      "print training progress (a line every tenth of the epochs; a live line on a terminal or in a notebook) and the summary line of train (scripts that check losses with assert turn it off)"))
        session.defineSetting(Setting("timings", .bool, default: true, replayed: false,
                                      "print wall-clock times (turn off for byte-identical transcripts)"))
        for setting in PlotSettings.definitions { session.defineSetting(setting) }
        return session
    }
}
