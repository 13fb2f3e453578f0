import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentNeighbours
import LatentModels

extension CommandRegistry {
    /// Human-in-the-loop and beyond-the-paper commands: `select`, `pin`, `unpin`, `move`, `reassign`, `neighbours`.
    func registerEditCommands() {
        register(Command("select", group: "Editing", dataParallel: .needsWholeData, summary: "Row indices by label, by a box in an embedding, or the first N.",
                         details: "select d label=3 (or a class name: label=\"barolo\"); select m box=[x0, y0, x1, y1] (points of the model's table inside the box); select m polygon=[x0, y0, x1, y1, x2, y2, ...] (inside the polygon: what the viewer's lasso runs); select e first=10; select d by=sc.error above=0.05 (rows whose value in a list, such as a score or a column, is above or below a bound).",
                         positionals: [Select.value],
                         options: [Select.label, Select.by, Select.above, Select.below, Select.box, Select.polygon, Select.first],
                         examples: ["s = select d label=3", "s = select m box=[0, 0, 1, 1]", "s = select d label=3 first=10",
                                    "far = select d by=(scores m d).outlier above=2", "sel = select m polygon=[0, 0, 2, 0, 0, 2]"]) { args, _ in
            var rows: [Int], labels: [Int32]?, labelNames: [String]?, embedding: EmbeddingObject? = nil
            if let d = args.value(Select.value).object as? DatasetObject {
                (rows, labels, labelNames) = (Array(0..<d.dataset.count), d.dataset.labels, d.dataset.labelNames)
            } else {
                let e = try Self.embeddingOf(args, Select.value)
                (rows, labels, labelNames, embedding) = (Array(0..<e.points.rows), e.labels, e.labelNames, e)
            }
            if args.has(Select.label) {
                guard let l = labels else { throw args.invalid(Select.label, embedding == nil ? "needs labelled data" : "needs labelled points") }
                let want = try Self.wantedLabel(args, names: labelNames); rows = rows.filter { l[$0] == want }
            }
            if args.has(Select.box) {
                guard let e = embedding else { throw args.invalid(Select.box, "applies to an Embedding or a Model") }
                rows = try Self.rows(rows, of: e, inBox: args)
            }
            if let corners = try args[Select.polygon] {
                guard let e = embedding else { throw args.invalid(Select.polygon, "applies to an Embedding or a Model") }
                guard corners.count >= 6, corners.count % 2 == 0 else {
                    throw args.invalid(Select.polygon, "must be [x0, y0, x1, y1, x2, y2, ...]: at least 3 corners, an x and a y each; got \(corners.count) numbers")
                }
                let polygon = Polygon(flat: corners)
                rows = rows.filter { r in polygon.contains(Double(e.points[r, 0]), e.points.cols > 1 ? Double(e.points[r, 1]) : 0) }
            }
            rows = try Self.boundedRows(rows, args: args)
            if let n = try args[Select.first] { rows = Array(rows.prefix(max(0, n))) }
            return .ints(rows)
        })

        register(Command("pin", group: "Editing", dataParallel: .needsWholeData, summary: "Pins embedding rows: training no longer moves them (gne/gnd).",
                         positionals: [Pin.model, Pin.rows],
                         examples: ["pin m s"]) { args, session in
            let tables = try args[Pin.model].require(.tables, for: "pin", at: Pin.model) { $0.asTables }
            let rows = try Self.checkedRows(try args[Pin.rows], args, Pin.rows, count: tables.tableRows)
            tables.setPinned(rows, true)
            session.print("pinned \(rows.count) rows (\(tables.pinnedRows.count) in all)")
            return .none
        })
        register(Command("unpin", group: "Editing", dataParallel: .needsWholeData, summary: "Releases pinned rows (all of them when no rows are given).",
                         positionals: [Unpin.model, Unpin.rows],
                         examples: ["unpin m s", "unpin m"]) { args, session in
            let tables = try args[Unpin.model].require(.tables, for: "unpin", at: Unpin.model) { $0.asTables }
            if args.has(Unpin.rows) {
                tables.setPinned(try Self.checkedRows(try args[Unpin.rows] ?? [], args, Unpin.rows, count: tables.tableRows), false)
            } else { tables.unpinAll() }
            session.print("\(tables.pinnedRows.count) rows pinned")
            return .none
        })
        register(Command("move", group: "Editing", dataParallel: .needsWholeData, summary: "Moves embedding rows to a point (and pins them unless pin=false).",
                         details: "The GNE paper's human-in-the-loop edit: drag points where you think they belong, then train on.",
                         positionals: [Move.model, Move.rows],
                         options: [Move.to, Move.spread, Move.pin],
                         examples: ["move m s to=[2, 2]"]) { args, session in
            let tables = try args[Move.model].require(.tables, for: "move", at: Move.model) { $0.asTables }
            let table = tables.positions
            let rows = try Self.checkedRows(try args[Move.rows], args, Move.rows, count: table.count)
            let target = try args[Move.to].map(Float.init)
            guard target.count == table.dims else { throw args.invalid(Move.to, "needs \(table.dims) coordinates, got \(target.count)") }
            guard target.allSatisfy(\.isFinite) else { throw args.invalid(Move.to, "must be finite coordinates (within ±3.4e38)") }
            let spread = Float(try args[Move.spread])
            guard spread.isFinite else { throw args.invalid(Move.spread, "must be a finite number") }
            for r in rows {
                for j in 0..<table.dims { table.table.value[r, j] = target[j] + spread * session.rng.normal() }
                table.table.moment1.row(r).update(repeating: 0, count: table.dims)
                table.table.moment2.row(r).update(repeating: 0, count: table.dims)
            }
            if try args[Move.pin] { tables.setPinned(rows, true) }
            session.print("moved \(rows.count) rows to [\(target.map { formatNumber(Double($0)) }.joined(separator: ", "))]")
            return .none
        })

        register(Command("reassign", group: "Editing", dataParallel: .needsWholeData, summary: "Global re-assignment: moves each point to the decoded lattice node that reconstructs it best, if that beats its place.",
                         details: "GNE paper, future work 2: a grid search over the 2-D latent space, then train on. Prints the reconstruction error before and after.",
                         positionals: [Reassign.model, Reassign.data],
                         options: [Reassign.grid, Reassign.quiet],
                         examples: ["reassign m d grid=12"]) { args, session in
            let tables = try args[Reassign.model].require(.tables, for: "reassign", at: Reassign.model) { $0.asTables }
            let data = try args[Reassign.data].dataset
            guard data.count == tables.tableRows else { throw args.invalid(Reassign.data, "has \(data.count) samples, the table has \(tables.tableRows)") }
            var options = ReassignOptions()
            options.latticeSide = try args[Reassign.grid]
            let r = try checked { try Reassignment.run(tables, data: data, options: options) }
            if try !args[Reassign.quiet] { session.print("reassign: moved \(r.moved) of \(data.count) points; per-pixel MSE \(formatMetric(r.before)) -> \(formatMetric(r.after))") }
            return .object(ReportObject(metrics: ["moved": Double(r.moved), "before": r.before, "after": r.after], text: ""))
        })

        register(Command("neighbours", group: "Editing", dataParallel: .needsEveryPoint, summary: "Adds a neighbour-graph force to a gne or gnd model's training (kNN on a PCA projection).",
                         details: """
                         GNE and G-NeuroDAVIS see no pairwise similarity, so classes mix at their borders. This builds the
                         k-nearest-neighbour graph of the data once (kNN on a pca=50 projection, see graph=) and adds a force to
                         training. form=umap (the default) is a UMAP-style layout: the kNN graph becomes a symmetric fuzzy
                         graph; after every optimiser step, edges at the batch rows are sampled in proportion to their weight
                         and pull both ends together, and each pulled row is pushed away from `negatives` random rows, with
                         q = 1/(1 + a d^2b) fitted to mindist, in units of `length` table units. weight is the step size
                         (1 = UMAP's learning rate); it falls linearly to 0 by the end of the next train call (or over
                         decay=E epochs), so later train calls refine the map by reconstruction alone. form=smooth adds
                         weight * |e_i - mean of its neighbours|^2 to the loss instead (a graph-Laplacian prior).
                         weight=0 removes the force. exaggeration= places the umap form on the attraction-repulsion
                         spectrum: 0 is UMAP's curve; from 1 the force is t-SNE's gradient, sampled (kernel
                         (1 + d^2/tail)^-tail, the repulsion normalised by the mean kernel over random pairs), with the
                         attraction times the exaggeration: 1 = t-SNE (finer local structure; its defaults negatives=20
                         weight=0.3 quiet the sampled repulsion), about 4 = UMAP-like clusters. The default is 1 up to
                         \(NeighbourTerm.Defaults.spectrumUpTo) points and UMAP's curve above (docs/maps.md).
                         The graph and the spectral start use a fixed seed, so maps made with different seeds share them.
                         On gnd the force acts on the means table. A model made with
                         init=spectral and not trained yet starts at the spectral layout of the fuzzy graph (UMAP's
                         init; PCA when the graph is disconnected or the solver does not converge, and it says so);
                         layout=E then runs E passes of the layout alone (the decoder idle) before training.
                         For short runs and large data, start from the graph: model gne init=spectral optimizer=lazy,
                         then neighbours m d layout=10 (1.26M images: 5-fold kNN 0.974 after 20 epochs; docs/scaling.md).
                         """,
                         positionals: [Neighbours.model, Neighbours.data],
                         options: [Neighbours.weight, Neighbours.k, Neighbours.pca, Neighbours.graph, Neighbours.form, Neighbours.decay, Neighbours.negatives, Neighbours.mindist, Neighbours.length, Neighbours.layout,
                                   Neighbours.exaggeration, Neighbours.tail, Neighbours.early],
                         examples: ["neighbours m d weight=0.3", "neighbours c d", "neighbours m d exaggeration=0"]) { args, session in
            let object = try args[Neighbours.model]
            let data = try args[Neighbours.data]
            let built = try object.build(for: data.dataset, session: session)
            guard let layout = built.asLayoutForce else {
                throw CapabilityError("neighbours", needs: [.layoutForce], model: built).at(Neighbours.model)
            }
            if object.trainingData == nil { object.trainingData = data }
            object.neighboursChosen = true
            var settings = NeighbourSettings()
            settings.weight = try args[Neighbours.weight].map(Float.init)
            guard (settings.weight ?? 1) >= 0 else { throw args.invalid(Neighbours.weight, "must be zero or positive") }
            if settings.weight == 0 { try layout.setNeighbourTerm(nil, dataset: nil); session.print("neighbour force removed"); return .none }
            guard data.dataset.count == layout.tableRows else {
                throw args.invalid(Neighbours.data, "'\(data.dataset.name)' has \(data.dataset.count) samples, but the model's table has \(layout.tableRows) rows; give the data the model was created for")
            }
            settings.k = try args[Neighbours.k]
            settings.pcaDimensions = try args[Neighbours.pca]
            guard (1...100).contains(settings.k) else { throw args.invalid(Neighbours.k, "must be between 1 and 100") }
            settings.negatives = try args[Neighbours.negatives]
            settings.decayEpochs = try args[Neighbours.decay]
            if let negatives = settings.negatives, !(0...NeighbourTerm.maxNegatives).contains(negatives) {
                throw args.invalid(Neighbours.negatives, "must be between 0 and \(NeighbourTerm.maxNegatives)")
            }
            guard settings.decayEpochs >= 0 else { throw args.invalid(Neighbours.decay, "must be zero or more") }
            let layoutEpochs = try args[Neighbours.layout]
            guard (0...NeighbourTerm.maxLayoutEpochs).contains(layoutEpochs) else { throw args.invalid(Neighbours.layout, "must be between 0 and \(NeighbourTerm.maxLayoutEpochs)") }
            if layoutEpochs > 0, built.history.count > 0 {
                throw args.invalid(Neighbours.layout, "applies before training only; this model has trained \(built.history.count) epochs")
            }
            settings.minDistance = Float(try args[Neighbours.mindist])
            settings.length = Float(try args[Neighbours.length])
            guard settings.minDistance >= 0, settings.minDistance < 3 else { throw args.invalid(Neighbours.mindist, "must be between 0 and 3") }
            guard settings.length > 0 else { throw args.invalid(Neighbours.length, "must be positive") }
            guard let graph = KNNGraph.Method(rawValue: try args[Neighbours.graph]) else {
                throw args.invalid(Neighbours.graph, "must be exact, approx or auto")
            }
            guard let form = NeighbourTerm.Form(rawValue: try args[Neighbours.form]) else {
                throw args.invalid(Neighbours.form, "must be umap or smooth")
            }
            settings.exaggeration = try args[Neighbours.exaggeration].map(Float.init)
            settings.tail = Float(try args[Neighbours.tail])
            settings.earlyEpochs = try args[Neighbours.early]
            settings.graph = graph
            settings.form = form
            try Self.setNeighbours(settings, object: object, layout: layout, data: data, layoutEpochs: layoutEpochs, session: session)
            return .none
        })
    }

    /// The rows among `rows` whose point of `e` lies in `select`'s `box=[x0, y0, x1, y1]` (corners in any order).
    private static func rows(_ rows: [Int], of e: EmbeddingObject, inBox args: Arguments) throws -> [Int] {
        let b = (try args[Select.box] ?? []).map(Float.init)
        guard b.count == 4 else { throw args.invalid(Select.box, "must be [x0, y0, x1, y1]") }
        let (x0, x1, y0, y1) = (min(b[0], b[2]), max(b[0], b[2]), min(b[1], b[3]), max(b[1], b[3]))
        return rows.filter { r in
            let x = e.points[r, 0], y = e.points.cols > 1 ? e.points[r, 1] : 0
            return x >= x0 && x <= x1 && y >= y0 && y <= y1
        }
    }

    /// Builds the force `settings` describe over `data` (NeighbourSettings.term), sets it on `layout` and says so;
    /// before training, starts the table at the spectral layout (init=spectral) and runs `layoutEpochs` passes of
    /// the layout alone. `neighbours` and a map's first `train` (ModelObject+Map.swift) both come here.
    static func setNeighbours(_ settings: NeighbourSettings, object: ModelObject, layout: LayoutForceModel, data: DatasetObject,
                              layoutEpochs: Int, session: Session) throws {
        let built = try object.requireModel()
        let t0 = Date()
        let term = try checked { try settings.term(for: data.dataset) }
        try layout.setNeighbourTerm(term, dataset: data.dataset.name)
        let timings = session.setting("timings").bool ?? true
        var line = "neighbour graph: \(term.graph.k) neighbours of \(data.dataset.count) points"
        if timings { line += String(format: " built in %.1f s", Date().timeIntervalSince(t0)) }
        session.print(line + "; \(term.form.rawValue) weight \(formatMetric(Double(term.weight)))" + (term.spectrum.map { "; \($0)" } ?? ""))
        if let tables = built.asTables, built.history.count == 0 {
            try Self.startLayout(tables, term: term, object: object, data: data.dataset, epochs: layoutEpochs,
                                 timings: timings, session: session)
        } else if case .spectral = object.pendingInit {
            session.print("init=spectral: the model has trained \(built.history.count) epochs already; its table is kept")
        }
    }

    /// Before training: the spectral start (for a model made with init=spectral) and `epochs` passes of
    /// the layout alone on the positions, printing what was done.
    static func startLayout(_ tables: TableModel, term: NeighbourTerm, object: ModelObject, data: Dataset, epochs: Int,
                            timings: Bool, session: Session) throws {
        if case .spectral = object.pendingInit {
            let t0 = Date()
            let start = try checked {
                try tables.initialiseSpectral(term.graph, seed: NeighbourTerm.Defaults.graphSeed) {
                    try PCAProjection.project(data, components: tables.dims)
                }
            }
            let took = timings ? String(format: " in %.1f s", Date().timeIntervalSince(t0)) : ""
            switch start {
            case .spectral(let iterations):
                session.print("init=spectral: the fuzzy graph's spectral layout (\(iterations) solver iterations\(took))")
            case .fallback(let reason):
                session.print("init=spectral: \(reason); started from PCA instead")
            }
        }
        guard epochs > 0 else { return }
        let t0 = Date()
        let loss = try term.layoutEpochs(table: tables.positions.table.value, epochs: epochs, pinned: tables.positions.pinned,
                                     rng: &session.rng)
        let took = timings ? String(format: " in %.1f s", Date().timeIntervalSince(t0)) : ""
        session.print("layout alone: \(epochs) passes\(took), last pass's loss \(formatMetric(Double(loss))) per row")
    }

    /// The class `label=` names: a number, or a class name looked up in `names`.
    private static func wantedLabel(_ args: Arguments, names: [String]?) throws -> Int32 {
        let v = args.value(Select.label)
        if let i = v.int { return Int32(clamping: i) }
        let name = v.string ?? ""
        guard let names else { throw args.invalid(Select.label, "is a class name, but these labels are numbers; give label=NUMBER") }
        guard let k = names.firstIndex(of: name) else {
            throw args.invalid(Select.label, "names no class: the classes are \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : "")"
                               + Suggestion.didYouMean(name, in: names))
        }
        return Int32(k)
    }

    /// `rows` kept where `by=`'s value is above `above=` and below `below=` (each when given).
    private static func boundedRows(_ rows: [Int], args: Arguments) throws -> [Int] {
        guard args.has(Select.above) || args.has(Select.below) || args.has(Select.by) else { return rows }
        guard let by = try args[Select.by] else {
            throw args.has(Select.above) ? args.invalid(Select.above, "needs by=, the list of numbers it bounds")
                                         : args.invalid(Select.below, "needs by=, the list of numbers it bounds")
        }
        guard args.has(Select.above) || args.has(Select.below) else { throw args.invalid(Select.by, "needs above= or below=") }
        let count: Int
        if let d = args.value(Select.value).object as? DatasetObject { count = d.dataset.count } else { count = try embeddingOf(args, Select.value).points.rows }
        guard by.count == count else { throw args.invalid(Select.by, "has \(by.count) values for \(count) rows; give one per row") }
        let above = try args[Select.above] ?? -.infinity, below = try args[Select.below] ?? .infinity
        return rows.filter { by[$0] > above && by[$0] < below }
    }

    /// `rows` (the value of `key`), each checked against `count`.
    static func checkedRows(_ rows: [Int], _ args: Arguments, _ key: some ParameterKey, count: Int) throws -> [Int] {
        if let bad = rows.first(where: { $0 < 0 || $0 >= count }) {
            throw args.invalid(key, "includes \(bad), outside 0..<\(count)")
        }
        return rows
    }
}

/// The parameters of `select`.
private enum Select {
    static let value = Positional<Value>("value", .oneOf([.object(DatasetObject.self), .object(EmbeddingObject.self), .object(ModelObject.self)]), "where to select")
    static let label = Option<Value?>("label", .oneOf([.int, .string]), "rows with this class (its number or name)")
    static let by = Option<[Double]?>("by", "a number per row (a score, a column) that above= and below= test")
    static let above = Option<Double?>("above", "rows whose by= value is above this")
    static let below = Option<Double?>("below", "rows whose by= value is below this")
    static let box = Option<[Double]?>("box", "[x0, y0, x1, y1] in the first two latent dimensions")
    static let polygon = Option<[Double]?>("polygon", "[x0, y0, x1, y1, ...]: the corners of a polygon in the first two dimensions")
    static let first = Option<Int?>("first", "the first N rows of the result")
}

/// The parameters of `pin`.
private enum Pin {
    static let model = Positional<ModelObject>("model", "a trained gne or gnd model")
    static let rows = Positional<[Int]>("rows", "row indices (from select)")
}

/// The parameters of `unpin`.
private enum Unpin {
    static let model = Positional<ModelObject>("model", "the model")
    static let rows = Positional<[Int]?>("rows", "row indices")
}

/// The parameters of `move`.
private enum Move {
    static let model = Positional<ModelObject>("model", "a trained gne or gnd model")
    static let rows = Positional<[Int]>("rows", "row indices (from select)")
    static let to = Option<[Double]>("to", required: true, keyword: true, "the target point [x, y, ...]")
    static let spread = Option<Double>("spread", default: 0, "std of Gaussian jitter around the target")
    static let pin = Option<Bool>("pin", default: true, "pin the moved rows")
}

/// The parameters of `reassign`.
private enum Reassign {
    static let model = Positional<ModelObject>("model", "a trained gne or (unsupervised) gnd model")
    static let data = Positional<DatasetObject>("data", "its training data")
    static let grid = Option<Int>("grid", default: .int(ReassignOptions().latticeSide), "lattice side")
    static let quiet = Option<Bool>("quiet", default: false, "print nothing (the report's moved, before and after hold the numbers)")
}

/// The parameters of `neighbours`.
private enum Neighbours {
    /// The defaults, as a map's first train builds the force with them.
    static let force = NeighbourSettings()
    static let model = Positional<ModelObject>("model", "a gne or gnd model")
    static let data = Positional<DatasetObject>("data", "its training data")
    static let weight = Option<Double?>("weight", "umap: layout step size (default 1, with exaggeration >= 1 \(NeighbourTerm.Defaults.spectrumWeight.formatted())); smooth: strength relative to reconstruction (default 1)")
    static let k = Option<Int>("k", default: .int(force.k), "graph neighbours per point")
    static let pca = Option<Int>("pca", default: .int(force.pcaDimensions), "PCA dimensions the graph is built in (0: raw features)")
    static let graph = Option<String>("graph", .choice(["exact", "approx", "auto"]), default: .string(force.graph.rawValue), "kNN search: exact, NN-descent (approx), or auto (approx above \(KNNGraph.approximateAbove) points, where exact search takes over a second)")
    static let form = Option<String>("form", .choice(["umap", "smooth"]), default: .string(force.form.rawValue), "how neighbours act")
    static let decay = Option<Int>("decay", default: .int(force.decayEpochs), "umap: epochs over which the step size falls to 0 (0: those of the next train call)")
    static let negatives = Option<Int?>("negatives", "umap: random rows pushed away per pulled edge (default \(NeighbourTerm.Defaults.negatives), with exaggeration >= 1 \(NeighbourTerm.Defaults.spectrumNegatives))")
    static let mindist = Option<Double>("mindist", default: .float(force.minDistance), "umap: distance up to which neighbours count as identical")
    static let length = Option<Double>("length", default: .float(force.length), "umap: table units per layout unit")
    static let layout = Option<Int>("layout", default: 0, "umap: passes of the layout alone over the table now, before training")
    static let exaggeration = Option<Double?>("exaggeration", "umap: attraction-repulsion spectrum: 0 = UMAP's curve (mindist), 1 = t-SNE's forces, about 4 = UMAP-like clusters with t-SNE's kernel (default 1 up to \(NeighbourTerm.Defaults.spectrumUpTo) points, 0 above)")
    static let tail = Option<Double>("tail", default: .number(Double(NeighbourTerm.Defaults.tail)), "umap, exaggeration >= 1: kernel (1 + d^2/tail)^-tail; 1 = Cauchy (t-SNE), below 1 heavier tails")
    static let early = Option<Int>("early", default: .number(Double(NeighbourTerm.Defaults.earlyEpochs)), "umap, exaggeration >= 1: first epochs at exaggeration 12 (t-SNE's early exaggeration)")
}
