import Foundation
import LatentCore
import LatentData
import LatentFiles
import LatentModels
import LatentView

extension CommandRegistry {
    /// `show` (the map in the browser, served by the session) and `export view` (the same page in one
    /// offline HTML file).
    func registerViewCommands() {
        register(Command("show", group: "Plots", dataParallel: .unavailable("the viewer needs the whole map; run show without mpirun"),
                         summary: "Opens the map in the browser: pan, zoom, hover, lasso, move; every action is a statement.",
                         details: """
                         show m d serves the map of model m (its table, live: it follows train, move and pin) with its
                         data d on 127.0.0.1 and prints the address; the prompt stays live. show e shows an embedding,
                         show u a 2-column dataset (another tool's map). The page draws the points with WebGL, colours
                         them by label, by a column or by reconstruction error (colour=), shows the row under the cursor
                         (ID, class, thumbnail or values) and beside it the decoder's output at the cursor, and can lay a
                         decoded lattice over the map. Lasso and box run `sel = select m polygon=[...]` or box=, the Move
                         tool runs `move m sel to=[x, y]`, the buttons `pin m sel`, `unpin m sel`, `train m d epochs=N`
                         and the colour menu `show m d colour="error"`: each is recorded in the history as if typed, so
                         `save history` replays a session that used the page. The page shows the rows of the variable
                         sel, whoever set it. Every request needs the address's random token; only this server's own
                         pages may call it. In Jupyter the page appears in the cell.
                         """,
                         positionals: [ViewKeys.value, ViewKeys.data],
                         options: [ViewKeys.colour, Show.host],
                         examples: ["show m d", "show m d colour=\"error\"", "show u"]) { args, session in
            let source = try Self.mapSource(args, session: session)
            let host = try args[Show.host]
            let server = try checked { try ViewerServer.shared(host: host) }
            let id = ShownViews.register(source, key: "\(host)|\(source.target ?? "")|\(source.dataName ?? "")",
                                         session: session, server: server)
            let url = server.url(view: id)
            // the address is written past the transcript: its token differs in every process
            session.output.write("viewer: \(url)  (colour: \(source.colour))\n", to: .standard)
            if !SessionMapSource.isPerforming { session.notePage(url) }   // the page's own colour menu opens no second page
            return .none
        })

        register(Command("export view", group: "Plots", dataParallel: .rootOnly,
                         summary: "Writes the viewer with the map, its thumbnails and colours into one offline HTML file.",
                         details: """
                         export view m d to "map.html" writes one HTML file that opens in any browser without a server or
                         network: the points, labels and class names, the data's thumbnails (images) or values (tables),
                         the colour columns (reconstruction error, a table's columns) and a decoded 12 x 12 lattice. It
                         looks but does not edit (no session behind it). Data are gzip-compressed inside the page
                         (MNIST's 60000 points with thumbnails: docs/viewer.md gives the size).
                         """,
                         positionals: [ViewKeys.value, ViewKeys.data],
                         options: [ExportView.to, ViewKeys.colour],
                         examples: ["export view m d to \"map.html\""]) { args, session in
            let path = try session.outputPath(try args[ExportView.to])
            guard path.lowercased().hasSuffix(".html") else { throw args.invalid(ExportView.to, "must end in .html, got \(Value.quote(path))") }
            let source = try Self.mapSource(args, session: session)
            let html = try source.exportPage()
            try AtomicFile.write(html, to: path)
            session.print("wrote \(try source.describe().count) points to \(path) (\(html.utf8.count / 1024) KB)")
            return .none
        })
    }

    /// The source a `show` or `export view` statement describes, checked.
    static func mapSource(_ args: Arguments, session: Session) throws -> SessionMapSource {
        let data = try args[ViewKeys.data]
        let shown: SessionMapSource.Shown
        let count: Int
        switch args.value(ViewKeys.value).object {
        case let m as ModelObject:
            let model = try m.requireModel()
            guard let tables = model.asTables else {
                throw CapabilityError(args.command, needs: [.tables], model: model).at(ViewKeys.value)
            }
            shown = .model(m); count = tables.tableRows
        default:
            let e = try embeddingOf(args, ViewKeys.value)
            shown = .points(e); count = e.points.rows
        }
        if let d = data, d.dataset.count != count {
            throw args.invalid(ViewKeys.data, "'\(d.dataset.name)' has \(d.dataset.count) rows, the map has \(count) points; give the data the map was made from")
        }
        let source = SessionMapSource(session: session, shown: shown, data: data, target: args.writtenName(ViewKeys.value),
                                      dataName: args.writtenName(ViewKeys.data), colour: try args[ViewKeys.colour])
        let columns = ["label"] + (try source.describe().columns)
        guard columns.contains(source.colour) else {
            throw args.invalid(ViewKeys.colour, "is \(Value.quote(source.colour)); this map colours by " + columns.joined(separator: ", "))
        }
        return source
    }
}

/// The views a session has shown, by what they show: a second `show m d` (the page's colour menu runs
/// one) replaces the source of the same page instead of opening another.
enum ShownViews {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var views: [ObjectIdentifier: [String: (id: Int, source: SessionMapSource)]] = [:]

    static func register(_ source: SessionMapSource, key: String, session: Session, server: ViewerServer) -> Int {
        lock.withLock {
            let s = ObjectIdentifier(session)
            if let id = views[s]?[key]?.id {
                server.replace(id, with: source)
                views[s]?[key] = (id, source)
                return id
            }
            let id = server.add(source)
            views[s, default: [:]][key] = (id, source)
            return id
        }
    }

    /// After an epoch of `model` (on the session's thread): the pages showing it get its points as they are.
    static func trained(_ model: ModelObject, session: Session) {
        for source in sources(of: session) {
            if case .model(let shown) = source.shown, shown === model { source.publishLive() }
        }
    }

    /// The sources `session` shows now, by view number.
    static func sources(of session: Session) -> [SessionMapSource] {
        lock.withLock { (views[ObjectIdentifier(session)] ?? [:]).values.sorted { $0.id < $1.id }.map(\.source) }
    }
}

/// The parameters `show` and `export view` share.
private enum ViewKeys {
    static let value = Positional<Value>("value", .oneOf([.object(ModelObject.self), .object(EmbeddingObject.self), .object(DatasetObject.self)]),
                                         "a trained gne/gnd model, an Embedding or a 2-column Dataset")
    static let data = Positional<DatasetObject?>("data", "the data behind the points (thumbnails, values, reconstruction error)")
    static let colour = Option<String>("colour", default: "label", "label, error, or a column's name")
}

/// The parameters of `show`.
private enum Show {
    static let host = Option<String>("host", default: "127.0.0.1", "the address to listen on (another than 127.0.0.1 exposes the map to that network)")
}

/// The parameters of `export view`.
private enum ExportView {
    static let to = Option<String>("to", required: true, keyword: true, "the .html file")
}
