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
        let output: [any ParameterKey] = [PlotKeys.to, PlotKeys.title, PlotKeys.size]
        let points: [any ParameterKey] = [PlotKeys.pointsize, PlotKeys.alpha]

        register(Command("plot embedding", group: "Plots", dataParallel: .needsWholeData, summary: "Scatter plot of an embedding coloured by label, pinned points highlighted.",
                         details: """
                         A 2-column Dataset draws as an embedding too: coordinates made elsewhere (another method's map, loaded from a CSV or
                         .npy file with their labels) beside latent's, e.g. plot compare u m. Wider data: dims=[i, j] picks the
                         two columns. pointsize= and alpha= help dense maps; size= sets the picture's size.
                         """,
                         positionals: [PlotEmbedding.value],
                         options: output + points + [PlotKeys.dims, PlotEmbedding.color],
                         examples: ["plot embedding m to \"map.png\"", "plot embedding e to \"test-map.svg\"", "plot embedding m to \"dense.png\" size=[800, 600] pointsize=0.5 alpha=0.3", "plot embedding u to \"umap.png\"", "plot embedding a to \"dims.png\" dims=[1, 0]"]) { args, session in
            let e = try Self.embeddingOf(args, PlotEmbedding.value)
            var spec = try Self.scatterSpec(e, args: args, title: try args[PlotKeys.title] ?? "embedding: \(e.origin)")
            spec.labelNames = e.labelNames
            let labels: [Int32]? = try args[PlotEmbedding.color].map { $0.map(Int32.init) } ?? e.labels
            if let l = labels, l.count != e.points.rows {
                throw args.invalid(PlotEmbedding.color, "has \(l.count) labels for \(e.points.rows) points")
            }
            try Self.render(ScatterPlot(points: e.points, labels: labels, highlight: e.highlighted, spec: spec), args: args, session: session, name: "embedding")
            return .none
        })

        register(Command("plot loss", group: "Plots", dataParallel: .rootOnly, summary: "Loss curves of a model, one line per loss component (log scale).",
                         positionals: [PlotLoss.models],
                         options: output + [PlotLoss.log],
                         examples: ["plot loss m m2 to \"loss.png\""]) { args, session in
            var series: [LossPlot.Series] = []
            let models = try args[PlotLoss.models]
            guard !models.isEmpty else { throw args.invalid(PlotLoss.models, "needs at least one model") }
            let names = args.writtenNames(PlotLoss.models)
            for (i, m) in models.enumerated() {
                let h = try m.requireModel().history
                let label = (i < names.count ? names[i] : nil) ?? "\(m.config.kind.rawValue)#\(i + 1)"
                guard h.count > 0 else { throw args.invalid(PlotLoss.models, "includes \(label), which has no finished epoch") }
                let components = h.components
                for name in components {
                    // One model: the components' names; several: each line says whose it is, by variable name.
                    let title = models.count == 1 ? name : components.count == 1 ? label : "\(label) \(name)"
                    let pts = h.epochs.compactMap { e in e.losses[name].map { (Double(e.epoch), $0) } }
                    series.append(LossPlot.Series(title, pts.map(\.1), epochs: pts.map(\.0)))
                }
            }
            var spec = LossPlot.Spec(title: try args[PlotKeys.title] ?? "training loss")
            spec.logScale = try args[PlotLoss.log]
            try Self.render(LossPlot(series: series, spec: spec), args: args, session: session, name: "loss")
            return .none
        })

        register(Command("plot images", group: "Plots", dataParallel: .rootOnly, summary: "A grid of images: generated samples, a decoded lattice, or dataset rows.",
                         positionals: [PlotImages.value],
                         options: output + [PlotImages.cols, PlotImages.count],
                         examples: ["plot images g to \"lattice.png\""]) { args, session in
            let values: Matrix, shape: (height: Int, width: Int)?, columns: Int?
            switch args.value(PlotImages.value).object {
            case let s as SamplesObject: values = s.values; shape = s.imageShape; columns = s.gridColumns
            case let d as DatasetObject:
                let n = min(try args[PlotImages.count], d.dataset.count)
                values = d.dataset.sampleRows(Array(0..<n)); shape = d.dataset.imageShape; columns = nil
            default: throw args.invalid(PlotImages.value, "must be Samples or a Dataset")
            }
            let (h, w, c) = try Self.imageShape(shape, features: values.cols, args: args)
            var spec = ImageGrid.Spec(title: try args[PlotKeys.title] ?? "", cols: try args[PlotImages.cols] ?? columns)
            spec.autoRange = values.values.contains { $0 < 0 || $0 > 1 }
            try Self.render(ImageGrid(images: values, height: h, width: w, channels: c, spec: spec), args: args, session: session, name: "images")
            return .none
        })

        register(Command("plot trajectories", group: "Plots", dataParallel: .needsWholeData, summary: "Latent paths (repeated inference) drawn over the final embedding.",
                         positionals: [PlotTrajectories.paths],
                         options: output + [PlotTrajectories.count],
                         examples: ["plot trajectories paths to \"paths.png\""]) { args, session in
            let t = try args[PlotTrajectories.paths]
            let n = t.steps.first?.rows ?? 0
            let shown = session.rng.subsample(n, min(try args[PlotTrajectories.count], n))
            let steps = t.steps.map { Self.firstTwo($0.gatherRows(shown)) }
            let spec = TrajectoryPlot.Spec(title: try args[PlotKeys.title] ?? t.origin)
            let plot = TrajectoryPlot(steps: steps, labels: t.labels.map { l in shown.map { Int(l[$0]) } },
                                      background: t.steps.first.map { Self.firstTwo($0) }, backgroundLabels: t.labels.map { $0.map(Int.init) }, spec: spec)
            try Self.render(plot, args: args, session: session, name: "trajectories")
            return .none
        })

        register(Command("plot compare", group: "Plots", dataParallel: .needsWholeData, summary: "Two embeddings side by side with shared colours.",
                         details: "Each panel is titled by the variable it was given as (plot compare u m: 'u' and 'm'). Either side may be a 2-column Dataset, such as another method's map loaded from a file.",
                         positionals: [PlotCompare.left, PlotCompare.right],
                         options: output + points + [PlotKeys.dims],
                         examples: ["plot compare m m2 to \"compare.png\"", "plot compare u m to \"umap-vs-gne.png\" alpha=0.5"]) { args, session in
            let panels = try [PlotCompare.left, PlotCompare.right].map { side -> ScatterPlot in
                let e = try Self.embeddingOf(args, side)
                var spec = try Self.scatterSpec(e, args: args, title: args.writtenName(side) ?? e.origin)
                spec.labelNames = e.labelNames
                return ScatterPlot(points: e.points, labels: e.labels, highlight: e.highlighted, spec: spec)
            }
            try Self.render(SideBySidePlot(left: panels[0], right: panels[1], title: try args[PlotKeys.title] ?? ""), args: args, session: session, name: "compare")
            return .none
        })
    }

    /// A scatter spec titled `title` with the call's pointsize= and alpha=, checked against their ranges.
    static func scatterSpec(_ e: EmbeddingObject, args: Arguments, title: String) throws -> ScatterPlot.Spec {
        var spec = ScatterPlot.Spec(title: title)
        if let axes = e.axisNames { spec.xLabel = axes.x; spec.yLabel = axes.y }
        if let p = try args[PlotKeys.pointsize] {
            let r = ScatterPlot.Spec.pointSizeRange
            guard r.contains(p) else { throw args.invalid(PlotKeys.pointsize, "must be between \(Value.format(r.lowerBound)) and \(Value.format(r.upperBound)), got \(Value.format(p))") }
            spec.pointSize = p
        }
        if let a = try args[PlotKeys.alpha] {
            let r = ScatterPlot.Spec.alphaRange
            guard r.contains(a) else { throw args.invalid(PlotKeys.alpha, "must be between \(Value.format(r.lowerBound)) and \(Value.format(r.upperBound)) (1 is opaque), got \(Value.format(a))") }
            spec.alpha = a
        }
        return spec
    }

    /// The points a plot draws from an Embedding, a table model or a Dataset of coordinates, cut to the two
    /// columns `dims=` picks (default the first two; a Dataset must have exactly 2 columns or give dims=).
    static func embeddingOf(_ args: Arguments, _ key: Positional<Value>) throws -> EmbeddingObject {
        let v = args.value(key), argument = key.parameter.name
        let e: EmbeddingObject, columns: Int, what: String
        switch v.object {
        case let embedding as EmbeddingObject:
            e = embedding; columns = e.points.cols; what = "the embedding (\(e.origin))"
        case let m as ModelObject:
            let model = try m.requireModel()
            guard let tables = model.asTables, let table = tables.trainingEmbedding else {
                let missing = CapabilityError(args.command, needs: [.tables], model: model)
                throw CommandError("\(missing); use 'embed' to compute one", argument: argument)
            }
            e = EmbeddingObject(points: table, labels: m.trainingLabels, labelNames: m.labelNames,
                                highlighted: tables.pinnedRows, origin: "\(model.config.kind.rawValue) table")
            columns = e.points.cols; what = "the model's table"
        case let d as DatasetObject:
            let data = d.dataset
            let names = data.featureNames.map { " (" + $0.prefix(6).joined(separator: ", ") + ($0.count > 6 ? ", ..." : "") + ")" } ?? ""
            guard data.features == 2 || args.has(PlotKeys.dims) else {
                throw CommandError("dataset '\(data.name)' has \(data.features) column\(data.features == 1 ? "" : "s")\(names); '\(args.command)' needs 2 "
                                   + "(x and y coordinates), or dims=[i, j] to pick two", argument: argument)
            }
            let (x, y) = try pickedColumns(args, columns: data.features, what: "dataset '\(data.name)'")
            let points = Matrix(rows: data.count, cols: 2)
            for r in 0..<data.count {
                points[r, 0] = data.rawValue(r, x) * data.scale[x] + data.offset[x]
                points[r, 1] = data.rawValue(r, y) * data.scale[y] + data.offset[y]
            }
            let axes = data.featureNames.map { (x: $0[x], y: $0[y]) }
            return EmbeddingObject(points: points, labels: data.labels, labelNames: data.labelNames, origin: data.name, axisNames: axes)
        default:
            throw CommandError("expected an Embedding, a Model or a Dataset", argument: argument)
        }
        guard columns >= 2 else { throw args.invalid(key, "is 1-D; plots need at least 2 dimensions") }
        let (x, y) = try pickedColumns(args, columns: columns, what: what)
        if x == 0 && y == 1 && columns == 2 { return e }
        let points = Matrix(rows: e.points.rows, cols: 2)
        for r in 0..<points.rows { points[r, 0] = e.points[r, x]; points[r, 1] = e.points[r, y] }
        return EmbeddingObject(points: points, labels: e.labels, labelNames: e.labelNames, highlighted: e.highlighted,
                               origin: e.origin, axisNames: e.axisNames ?? (x: "dim \(x + 1)", y: "dim \(y + 1)"))
    }

    /// The columns `dims=[x, y]` names (default 0 and 1), each checked against `columns`.
    static func pickedColumns(_ args: Arguments, columns: Int, what: String) throws -> (Int, Int) {
        guard let dims = try args[PlotKeys.dims] else { return (0, 1) }
        guard dims.count == 2 else { throw args.invalid(PlotKeys.dims, "needs two columns [x, y], got \(dims.count)") }
        for c in dims where c < 0 || c >= columns {
            throw args.invalid(PlotKeys.dims, "names column \(c), but \(what) has columns 0 to \(columns - 1)")
        }
        return (dims[0], dims[1])
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
            throw args.invalid(PlotImages.value, "has \(d) features and no image shape; load it with image=[height, width]")
        }
        return (side, side, 1)
    }

    /// Renders to `to=` (or the `terminal` setting), prints text plots, and tells the session about files.
    static func render(_ plot: some PlotKind, args: Arguments, session: Session, name: String) throws {
        let plotter = PlotterHolder.shared.plotter(for: session)
        var output: PlotOutput
        if let to = try args[PlotKeys.to] {
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
        if let size = try args[PlotKeys.size] {
            guard size.count == 2 else { throw args.invalid(PlotKeys.size, "needs [width, height], got \(size.count) number\(size.count == 1 ? "" : "s")") }
            let r = PlotSize.range(for: output.terminal), unit = output.terminal == .dumb ? "characters" : "pixels"
            guard size.allSatisfy(r.contains) else {
                throw args.invalid(PlotKeys.size, "must be \(r.lowerBound) to \(r.upperBound) \(unit) each way for \(output.terminal.rawValue) output, got \(size[0])x\(size[1])")
            }
            output.size = PlotSize(size[0], size[1])
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

/// The options every plot command shares (`plot lines` too): where it goes, its title and size, how points look.
enum PlotKeys {
    static let to = Option<String?>("to", keyword: true, "image file (.png, .svg, .txt); without it the 'terminal' setting decides (dumb prints here)")
    static let title = Option<String?>("title", "the plot's title")
    static let size = Option<[Int]?>("size", "[width, height]: 100 to 8000 pixels (png, svg, sixel), 20 to 500 characters (dumb text)")
    static let pointsize = Option<Double?>("pointsize", "point size, 0.05 to 10 (default: smaller as the points grow in number)")
    static let alpha = Option<Double?>("alpha", "opacity of the points, 0.01 to 1 (default 1); the text terminal ignores it")
    static let dims = Option<[Int]?>("dims", "the two columns drawn, as [x, y] (default [0, 1]; a Dataset must have 2 columns or give them)")
}

/// The parameters of `plot embedding`.
private enum PlotEmbedding {
    static let color = Option<[Int]?>("color", "labels to colour by (default: the embedding's)")
    static let value = Positional<Value>("value", .oneOf([.object(EmbeddingObject.self), .object(ModelObject.self), .object(DatasetObject.self)]), "an Embedding, a gne/gnd model (its table), or a Dataset of 2-D coordinates")
}

/// The parameters of `plot loss`.
private enum PlotLoss {
    static let log = Option<Bool>("log", default: true, "logarithmic loss axis")
    static let models = Variadic<ModelObject>("models", "one or more models")
}

/// The parameters of `plot images`.
private enum PlotImages {
    static let cols = Option<Int?>("cols", "images per row")
    static let count = Option<Int>("count", default: 100, "at most this many images (datasets)")
    static let value = Positional<Value>("value", .oneOf([.object(SamplesObject.self), .object(DatasetObject.self)]), "samples or a dataset")
}

/// The parameters of `plot trajectories`.
private enum PlotTrajectories {
    static let count = Option<Int>("count", default: 60, "paths drawn (the background shows all points)")
    static let paths = Positional<TrajectoryObject>("paths", "from infer")
}

/// The parameters of `plot compare`.
private enum PlotCompare {
    static let left = Positional<Value>("left", .oneOf([.object(EmbeddingObject.self), .object(ModelObject.self), .object(DatasetObject.self)]), "first embedding")
    static let right = Positional<Value>("right", .oneOf([.object(EmbeddingObject.self), .object(ModelObject.self), .object(DatasetObject.self)]), "second embedding")
}
