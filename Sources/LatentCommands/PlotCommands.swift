import Foundation
import LatentCore
import LatentModels
import LatentPlot

/// Plotters by gnuplot executable, timeout and interrupt flag (each caches gnuplot's terminal list).
final class PlotterHolder: @unchecked Sendable {
    static let shared = PlotterHolder()
    private let lock = NSLock()
    private var plotters: [String: Plotter] = [:]

    /// The plotter for the session's `gnuplot` and `plottimeout` settings; Ctrl-C stops its gnuplot.
    func plotter(for session: Session) -> Plotter {
        let executable = session.setting("gnuplot").string ?? ""
        let timeout = session.setting("plottimeout").number ?? 60
        let flag = session.interrupt
        let key = "\(executable)|\(timeout)|\(ObjectIdentifier(flag).hashValue)"
        lock.lock()
        defer { lock.unlock() }
        if let plotter = plotters[key] { return plotter }
        if plotters.count >= 16 { plotters.removeAll() }
        let plotter = Plotter(gnuplot: Gnuplot(executable: executable.isEmpty ? nil : executable, timeout: timeout,
                                               shouldStop: { flag.isSet }))
        plotters[key] = plotter
        return plotter
    }
}

extension CommandRegistry {
    /// `plot embedding`, `plot loss`, `plot images`, `plot trajectories`, `plot compare`.
    func registerPlotCommands() {
        let output = [Parameter("to", .string, keyword: true, "image file (.png, .svg, .txt); without it the 'terminal' setting decides (dumb prints here)"),
                      Parameter("title", .string, "the plot's title")]

        register(Command("plot embedding", group: "Plots", dataParallel: .needsWholeData, summary: "Scatter plot of an embedding coloured by label, pinned points highlighted.",
                         positionals: [Parameter("value", .oneOf([.object("Embedding"), .object("Model")]), "an Embedding, or a gne/gnd model (its table)")],
                         options: output + [Parameter("color", .list(.int), "labels to colour by (default: the embedding's)")]) { args, session in
            let e = try Self.embeddingOf(args["value"], args: args)
            var spec = ScatterPlot.Spec(title: try args.stringIfPresent("title") ?? "embedding: \(e.origin)")
            spec.labelNames = e.labelNames
            let labels: [Int32]? = args.has("color") ? try args.ints("color").map(Int32.init) : e.labels
            if let l = labels, l.count != e.points.rows {
                throw args.invalid("color", "has \(l.count) labels for \(e.points.rows) points")
            }
            guard e.points.cols >= 2 else { throw args.invalid("value", "is 1-D; plots need at least 2 dimensions") }
            let points = e.points.cols == 2 ? e.points : Self.firstTwo(e.points)
            try Self.render(ScatterPlot(points: points, labels: labels, highlight: e.highlighted, spec: spec), args: args, session: session, name: "embedding")
            return .none
        })

        register(Command("plot loss", group: "Plots", dataParallel: .rootOnly, summary: "Loss curves of a model, one line per loss component (log scale).",
                         positionals: [Parameter("models", .object("Model"), variadic: true, "one or more models")],
                         options: output + [Parameter("log", .bool, default: true, "logarithmic loss axis")]) { args, session in
            var series: [LossPlot.Series] = []
            let models = try args.list("models").map { v -> ModelObject in
                guard let m = v.object(as: ModelObject.self) else { throw args.invalid("models", "expects models") }
                return m
            }
            guard !models.isEmpty else { throw args.invalid("models", "needs at least one model") }
            for (i, m) in models.enumerated() {
                let h = try m.requireModel().history
                guard h.count > 0 else { throw args.invalid("models", "includes a model with no finished epoch") }
                for name in h.components {
                    let prefix = models.count > 1 ? "\(m.config.kind.rawValue)#\(i + 1) " : ""
                    let pts = h.epochs.compactMap { e in e.losses[name].map { (Double(e.epoch), $0) } }
                    series.append(LossPlot.Series(prefix + name, pts.map(\.1), epochs: pts.map(\.0)))
                }
            }
            var spec = LossPlot.Spec(title: try args.stringIfPresent("title") ?? "training loss")
            spec.logScale = try args.bool("log")
            try Self.render(LossPlot(series: series, spec: spec), args: args, session: session, name: "loss")
            return .none
        })

        register(Command("plot images", group: "Plots", dataParallel: .rootOnly, summary: "A grid of images: generated samples, a decoded lattice, or dataset rows.",
                         positionals: [Parameter("value", .oneOf([.object("Samples"), .object("Dataset")]), "samples or a dataset")],
                         options: output + [Parameter("cols", .int, "images per row"),
                                            Parameter("count", .int, default: 100, "at most this many images (datasets)")]) { args, session in
            let values: Matrix, shape: (height: Int, width: Int)?, columns: Int?
            switch args["value"].object {
            case let s as SamplesObject: values = s.values; shape = s.imageShape; columns = s.gridColumns
            case let d as DatasetObject:
                let n = min(try args.int("count"), d.dataset.count)
                values = d.dataset.sampleRows(Array(0..<n)); shape = d.dataset.imageShape; columns = nil
            default: throw args.invalid("value", "must be Samples or a Dataset")
            }
            let (h, w, c) = try Self.imageShape(shape, features: values.cols, args: args)
            var spec = ImageGrid.Spec(title: try args.stringIfPresent("title") ?? "", cols: try args.intIfPresent("cols") ?? columns)
            spec.autoRange = values.values.contains { $0 < 0 || $0 > 1 }
            try Self.render(ImageGrid(images: values, height: h, width: w, channels: c, spec: spec), args: args, session: session, name: "images")
            return .none
        })

        register(Command("plot trajectories", group: "Plots", dataParallel: .needsWholeData, summary: "Latent paths (repeated inference) drawn over the final embedding.",
                         positionals: [Parameter("paths", .object("Trajectory"), "from infer")],
                         options: output + [Parameter("count", .int, default: 60, "paths drawn (the background shows all points)")]) { args, session in
            let t = try args.object("paths", as: TrajectoryObject.self)
            let n = t.steps.first?.rows ?? 0
            let shown = session.rng.subsample(n, min(try args.int("count"), n))
            let steps = t.steps.map { Self.firstTwo($0.gatherRows(shown)) }
            let spec = TrajectoryPlot.Spec(title: try args.stringIfPresent("title") ?? t.origin)
            let plot = TrajectoryPlot(steps: steps, labels: t.labels.map { l in shown.map { Int(l[$0]) } },
                                      background: t.steps.first.map { Self.firstTwo($0) }, backgroundLabels: t.labels.map { $0.map(Int.init) }, spec: spec)
            try Self.render(plot, args: args, session: session, name: "trajectories")
            return .none
        })

        register(Command("plot compare", group: "Plots", dataParallel: .needsWholeData, summary: "Two embeddings side by side with shared colours.",
                         positionals: [Parameter("left", .oneOf([.object("Embedding"), .object("Model")]), "first embedding"),
                                       Parameter("right", .oneOf([.object("Embedding"), .object("Model")]), "second embedding")],
                         options: output) { args, session in
            let a = try Self.embeddingOf(args["left"], args: args), b = try Self.embeddingOf(args["right"], args: args)
            let left = ScatterPlot(points: Self.firstTwo(a.points), labels: a.labels, highlight: a.highlighted,
                                   spec: ScatterPlot.Spec(title: a.origin, labelNames: a.labelNames))
            let right = ScatterPlot(points: Self.firstTwo(b.points), labels: b.labels, highlight: b.highlighted,
                                    spec: ScatterPlot.Spec(title: b.origin, labelNames: b.labelNames))
            try Self.render(SideBySidePlot(left: left, right: right, title: try args.stringIfPresent("title") ?? ""), args: args, session: session, name: "compare")
            return .none
        })
    }

    static func embeddingOf(_ v: Value, args: Arguments) throws -> EmbeddingObject {
        if let e = v.object as? EmbeddingObject { return e }
        if let m = v.object as? ModelObject {
            let model = try m.requireModel()
            guard let tables = model.asTables, let table = tables.trainingEmbedding else {
                let missing = CapabilityError(args.command, needs: [.tables], model: model)
                throw CommandError("\(missing); use 'embed' to compute one")
            }
            return EmbeddingObject(points: table, labels: m.trainingLabels, labelNames: m.labelNames,
                                   highlighted: tables.pinnedRows, origin: "\(model.config.kind.rawValue) table")
        }
        throw CommandError("expected an Embedding or a Model")
    }

    /// The first two columns of (n, k >= 2).
    static func firstTwo(_ m: Matrix) -> Matrix {
        if m.cols == 2 { return m }
        let out = Matrix(rows: m.rows, cols: 2)
        for r in 0..<m.rows { out[r, 0] = m[r, 0]; out[r, 1] = m.cols > 1 ? m[r, 1] : 0 }
        return out
    }

    /// Height, width and channels (1 gray, 3 RGB planes) of rows of `d` values: the recorded shape, else square gray images.
    static func imageShape(_ shape: (height: Int, width: Int)?, features d: Int, args: Arguments) throws -> (Int, Int, Int) {
        if let shape {
            let pixels = shape.height * shape.width
            if pixels == d || pixels * 3 == d { return (shape.height, shape.width, d / pixels) }
        }
        let side = Int(Double(d).squareRoot().rounded())
        guard side * side == d else {
            throw args.invalid("value", "has \(d) features and no image shape; load it with image=[height, width]")
        }
        return (side, side, 1)
    }

    /// Renders to `to=` (or the `terminal` setting), prints text plots, and tells the session about files.
    static func render(_ plot: some PlotKind, args: Arguments, session: Session, name: String) throws {
        let plotter = PlotterHolder.shared.plotter(for: session)
        let output: PlotOutput
        if let to = try args.stringIfPresent("to") {
            output = try PlotOutput(path: try session.outputPath(to))
        } else {
            switch session.plotTerminal {
            case "dumb", "text": output = .text()
            case "window": output = .window()
            case "sixel": output = .sixel()
            case let t:
                guard let terminal = PlotTerminal(rawValue: t) else {
                    throw CommandError("the terminal setting is \(Value.quote(t)); use png, svg, dumb, window or sixel")
                }
                output = try PlotOutput(path: try session.outputPath("\(name).\(t)"), terminal: terminal)
            }
        }
        let result: PlotResult
        do { result = try plotter.render(plot, to: output) } catch PlotError.interrupted { throw Interrupted() }
        if let text = result.text, output.path == nil { session.print(text) }
        if let path = result.path {
            session.notePlot(path)
            session.print("wrote \(displayPath(path, session: session))")
        }
    }

    static func displayPath(_ path: String, session: Session) -> String {
        let base = session.baseDirectory.hasSuffix("/") ? session.baseDirectory : session.baseDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
