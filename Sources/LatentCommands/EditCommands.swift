import Foundation
import LatentCore
import LatentData
import LatentEval
import LatentModels

extension CommandRegistry {
    /// Human-in-the-loop and beyond-the-paper commands: `select`, `pin`, `unpin`, `move`, `reassign`, `neighbours`.
    func registerEditCommands() {
        register(Command("select", group: "Editing", dataParallel: .needsWholeData, summary: "Row indices by label, by a box in an embedding, or the first N.",
                         details: "select d label=3; select m box=[x0, y0, x1, y1] (points of the model's table inside the box); select e first=10.",
                         positionals: [Parameter("value", .oneOf([.object("Dataset"), .object("Embedding"), .object("Model")]), "where to select")],
                         options: [Parameter("label", .int, "rows with this class"),
                                   Parameter("box", .list(.number), "[x0, y0, x1, y1] in the first two latent dimensions"),
                                   Parameter("first", .int, "the first N rows of the result")]) { args, _ in
            var rows: [Int]
            switch args["value"].object {
            case let d as DatasetObject:
                rows = Array(0..<d.dataset.count)
                if args.has("label") {
                    guard let l = d.dataset.labels else { throw args.invalid("label", "needs labelled data") }
                    let want = Int32(try args.int("label")); rows = rows.filter { l[$0] == want }
                }
                if args.has("box") { throw args.invalid("box", "applies to an Embedding or a Model") }
            default:
                let e = try Self.embeddingOf(args["value"], args: args)
                rows = Array(0..<e.points.rows)
                if args.has("label") {
                    guard let l = e.labels else { throw args.invalid("label", "needs labelled points") }
                    let want = Int32(try args.int("label")); rows = rows.filter { l[$0] == want }
                }
                if args.has("box") {
                    let b = try args.numbers("box").map(Float.init)
                    guard b.count == 4 else { throw args.invalid("box", "must be [x0, y0, x1, y1]") }
                    let (x0, x1, y0, y1) = (min(b[0], b[2]), max(b[0], b[2]), min(b[1], b[3]), max(b[1], b[3]))
                    rows = rows.filter { r in
                        let x = e.points[r, 0], y = e.points.cols > 1 ? e.points[r, 1] : 0
                        return x >= x0 && x <= x1 && y >= y0 && y <= y1
                    }
                }
            }
            if let n = try args.intIfPresent("first") { rows = Array(rows.prefix(max(0, n))) }
            return .ints(rows)
        })

        register(Command("pin", group: "Editing", dataParallel: .needsWholeData, summary: "Pins embedding rows: training no longer moves them (gne/gnd).",
                         positionals: [Parameter("model", .object("Model"), "a trained gne or gnd model"),
                                       Parameter("rows", .list(.int), "row indices (from select)")]) { args, session in
            let tables = try args.object("model", as: ModelObject.self).require(.tables, for: "pin") { $0.asTables }
            let rows = try Self.checkedRows(args, count: tables.tableRows)
            tables.setPinned(rows, true)
            session.print("pinned \(rows.count) rows (\(tables.pinnedRows.count) in all)")
            return .none
        })
        register(Command("unpin", group: "Editing", dataParallel: .needsWholeData, summary: "Releases pinned rows (all of them when no rows are given).",
                         positionals: [Parameter("model", .object("Model"), "the model"),
                                       Parameter("rows", .list(.int), required: false, "row indices")]) { args, session in
            let tables = try args.object("model", as: ModelObject.self).require(.tables, for: "unpin") { $0.asTables }
            if args.has("rows") {
                tables.setPinned(try Self.checkedRows(args, count: tables.tableRows), false)
            } else { tables.unpinAll() }
            session.print("\(tables.pinnedRows.count) rows pinned")
            return .none
        })
        register(Command("move", group: "Editing", dataParallel: .needsWholeData, summary: "Moves embedding rows to a point (and pins them unless pin=false).",
                         details: "The GNE paper's human-in-the-loop edit: drag points where you think they belong, then train on.",
                         positionals: [Parameter("model", .object("Model"), "a trained gne or gnd model"),
                                       Parameter("rows", .list(.int), "row indices (from select)")],
                         options: [Parameter("to", .list(.number), required: true, keyword: true, "the target point [x, y, ...]"),
                                   Parameter("spread", .number, default: 0, "std of Gaussian jitter around the target"),
                                   Parameter("pin", .bool, default: true, "pin the moved rows")]) { args, session in
            let tables = try args.object("model", as: ModelObject.self).require(.tables, for: "move") { $0.asTables }
            let table = tables.positions
            let rows = try Self.checkedRows(args, count: table.count)
            let target = try args.numbers("to").map(Float.init)
            guard target.count == table.dims else { throw args.invalid("to", "needs \(table.dims) coordinates, got \(target.count)") }
            guard target.allSatisfy(\.isFinite) else { throw args.invalid("to", "must be finite coordinates (within ±3.4e38)") }
            let spread = Float(try args.number("spread"))
            guard spread.isFinite else { throw args.invalid("spread", "must be a finite number") }
            for r in rows {
                for j in 0..<table.dims { table.table.value[r, j] = target[j] + spread * session.rng.normal() }
                table.table.moment1.row(r).update(repeating: 0, count: table.dims)
                table.table.moment2.row(r).update(repeating: 0, count: table.dims)
            }
            if try args.bool("pin") { tables.setPinned(rows, true) }
            session.print("moved \(rows.count) rows to [\(target.map { formatNumber(Double($0)) }.joined(separator: ", "))]")
            return .none
        })

        register(Command("reassign", group: "Editing", dataParallel: .needsWholeData, summary: "Global re-assignment: moves each point to the decoded lattice node that reconstructs it best, if that beats its place.",
                         details: "GNE paper, future work 2: a grid search over the 2-D latent space, then train on. Prints the reconstruction error before and after.",
                         positionals: [Parameter("model", .object("Model"), "a trained gne or (unsupervised) gnd model"),
                                       Parameter("data", .object("Dataset"), "its training data")],
                         options: [Parameter("grid", .int, default: .int(ReassignOptions().latticeSide), "lattice side"),
                                   Parameter("quiet", .bool, default: false, "print nothing (the report's moved, before and after hold the numbers)")]) { args, session in
            let tables = try args.object("model", as: ModelObject.self).require(.tables, for: "reassign") { $0.asTables }
            let data = try args.object("data", as: DatasetObject.self).dataset
            guard data.count == tables.tableRows else { throw args.invalid("data", "has \(data.count) samples, the table has \(tables.tableRows)") }
            var options = ReassignOptions()
            options.latticeSide = try args.int("grid")
            let r = try checked { try Reassignment.run(tables, data: data, options: options) }
            if try !args.bool("quiet") { session.print("reassign: moved \(r.moved) of \(data.count) points; per-pixel MSE \(formatMetric(r.before)) -> \(formatMetric(r.after))") }
            return .object(ReportObject(metrics: ["moved": Double(r.moved), "before": r.before, "after": r.after], text: ""))
        })

        let force = NeighbourSettings()
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
                         weight=0 removes the force. On gnd the force acts on the means table. A model made with
                         init=spectral and not trained yet starts at the spectral layout of the fuzzy graph (UMAP's
                         init; PCA when the graph is disconnected or the solver does not converge, and it says so);
                         layout=E then runs E passes of the layout alone (the decoder idle) before training.
                         For short runs and large data, start from the graph: model gne init=spectral optimizer=lazy,
                         then neighbours m d layout=10 (1.26M images: 5-fold kNN 0.974 after 20 epochs; docs/scaling.md).
                         """,
                         positionals: [Parameter("model", .object("Model"), "a gne or gnd model"),
                                       Parameter("data", .object("Dataset"), "its training data")],
                         options: [Parameter("weight", .number, default: .float(force.weight), "umap: layout step size; smooth: strength relative to reconstruction"),
                                   Parameter("k", .int, default: .int(force.k), "graph neighbours per point"),
                                   Parameter("pca", .int, default: .int(force.pcaDimensions), "PCA dimensions the graph is built in (0: raw features)"),
                                   Parameter("graph", .choice(["exact", "approx", "auto"]), default: .string(force.graph.rawValue), "kNN search: exact, NN-descent (approx), or auto (approx above \(KNNGraph.approximateAbove) points, where exact search takes over a second)"),
                                   Parameter("form", .choice(["umap", "smooth"]), default: .string(force.form.rawValue), "how neighbours act"),
                                   Parameter("decay", .int, default: .int(force.decayEpochs), "umap: epochs over which the step size falls to 0 (0: those of the next train call)"),
                                   Parameter("negatives", .int, default: .int(force.negatives), "umap: random rows pushed away per pulled edge"),
                                   Parameter("mindist", .number, default: .float(force.minDistance), "umap: distance up to which neighbours count as identical"),
                                   Parameter("length", .number, default: .float(force.length), "umap: table units per layout unit"),
                                   Parameter("layout", .int, default: 0, "umap: passes of the layout alone over the table now, before training")]) { args, session in
            let object = try args.object("model", as: ModelObject.self)
            let data = try args.object("data", as: DatasetObject.self)
            let built = try object.build(for: data.dataset, session: session)
            guard let layout = built.asLayoutForce else {
                throw CapabilityError("neighbours", needs: [.layoutForce], model: built).at("model")
            }
            if object.trainingData == nil { object.trainingData = data }
            object.neighboursChosen = true
            var settings = NeighbourSettings()
            settings.weight = Float(try args.number("weight"))
            guard settings.weight >= 0 else { throw args.invalid("weight", "must be zero or positive") }
            if settings.weight == 0 { try layout.setNeighbourTerm(nil, dataset: nil); session.print("neighbour force removed"); return .none }
            guard data.dataset.count == layout.tableRows else {
                throw args.invalid("data", "'\(data.dataset.name)' has \(data.dataset.count) samples, but the model's table has \(layout.tableRows) rows; give the data the model was created for")
            }
            settings.k = try args.int("k")
            settings.pcaDimensions = try args.int("pca")
            settings.negatives = try args.int("negatives")
            settings.decayEpochs = try args.int("decay")
            settings.minDistance = Float(try args.number("mindist"))
            settings.length = Float(try args.number("length"))
            guard let graph = KNNGraph.Method(rawValue: try args.string("graph")) else { throw args.invalid("graph", "must be exact, approx or auto") }
            guard let form = NeighbourTerm.Form(rawValue: try args.string("form")) else { throw args.invalid("form", "must be umap or smooth") }
            settings.graph = graph
            settings.form = form
            let layoutEpochs = try args.int("layout")
            guard layoutEpochs >= 0 else { throw args.invalid("layout", "must be zero or more") }
            do { try settings.validate() } catch let e as ConfigError { throw args.invalid(e.option ?? "weight", e.description) }
            try Self.setNeighbours(settings, object: object, layout: layout, data: data, layoutEpochs: layoutEpochs, session: session)
            return .none
        })
    }

    /// Builds the force `settings` describe over `data`, sets it on `layout` and says so; before training, starts
    /// the table at the spectral layout (init=spectral) and runs `layoutEpochs` passes of the layout alone.
    static func setNeighbours(_ settings: NeighbourSettings, object: ModelObject, layout: LayoutForceModel, data: DatasetObject,
                              layoutEpochs: Int, session: Session) throws {
        let built = try object.requireModel()
        let t0 = Date()
        let term = try checked { try settings.term(for: data.dataset, seed: session.seed) }
        try layout.setNeighbourTerm(term, dataset: data.dataset.name)
        let timings = session.setting("timings").bool ?? true
        var line = "neighbour graph: \(settings.k) neighbours of \(data.dataset.count) points"
        if timings { line += String(format: " built in %.1f s", Date().timeIntervalSince(t0)) }
        session.print(line + "; \(term.form.rawValue) weight \(formatMetric(Double(settings.weight)))")
        if let tables = built.asTables, built.history.count == 0 {
            try Self.startLayout(tables, term: term, object: object, data: data.dataset, epochs: layoutEpochs,
                                 timings: timings, session: session)
        } else {
            if layoutEpochs > 0 {
                throw CommandError("layout= applies before training only; this model has trained \(built.history.count) epochs")
            }
            if case .spectral = object.pendingInit {
                session.print("init=spectral: the model has trained \(built.history.count) epochs already; its table is kept")
            }
        }
    }

    /// Before training: the spectral start (for a model made with init=spectral) and `epochs` passes of
    /// the layout alone on the positions, printing what was done.
    static func startLayout(_ tables: TableModel, term: NeighbourTerm, object: ModelObject, data: Dataset, epochs: Int,
                            timings: Bool, session: Session) throws {
        if case .spectral = object.pendingInit {
            let t0 = Date()
            let start = try checked {
                try tables.initialiseSpectral(term.graph, seed: session.seed) {
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
        let loss = term.layoutEpochs(table: tables.positions.table.value, epochs: epochs, pinned: tables.positions.pinned,
                                     rng: &session.rng)
        let took = timings ? String(format: " in %.1f s", Date().timeIntervalSince(t0)) : ""
        session.print("layout alone: \(epochs) passes\(took), last pass's loss \(formatMetric(Double(loss))) per row")
    }

    static func checkedRows(_ args: Arguments, count: Int) throws -> [Int] {
        let rows = try args.ints("rows")
        if let bad = rows.first(where: { $0 < 0 || $0 >= count }) {
            throw args.invalid("rows", "includes \(bad), outside 0..<\(count)")
        }
        return rows
    }
}
