import Foundation
import LatentCore
import LatentData
import LatentModels
import LatentView

/// What one `show` shows, read from the live session: a model's table (it moves as the model trains and
/// as points are moved), or the fixed points of an Embedding or of a 2-column Dataset; the data rows
/// under the cursor; the decoder at any point. Every method holds the session's lock (waiting at most
/// `patience`), so the server never reads a statement half-done, and the page's actions run as
/// statements of the session: recorded in its history like typed ones.
final class SessionMapSource: MapViewSource, @unchecked Sendable {
    /// What is shown: a model (its table, live) or fixed points.
    enum Shown {
        case model(ModelObject)
        case points(EmbeddingObject)
    }

    /// The session (weak: a page left open after its session ended gets a refusal, not a crash).
    private weak var session: Session?
    let shown: Shown
    let data: DatasetObject?
    /// How the statements name what is shown (`m`, `d`); nil when it was not a variable.
    let target: String?, dataName: String?
    /// The colouring chosen (`label`, `error` or a column name).
    var colour: String
    private var lastStatement: String?
    private var actions = 0
    private var errorCache: (key: Int, values: [Float])?
    /// The points as of the last epoch of a running `train` (read while the session is busy).
    private let liveLock = NSLock()
    private var live: (version: Int, points: ViewPoints)?
    private var liveCount = 0
    private var nextLive = Date.distantPast
    /// True while a statement of the page runs (under the session's lock, so one at a time).
    nonisolated(unsafe) static var isPerforming = false
    /// How long a request waits for a running statement before the page is told the session is busy.
    private let patience: TimeInterval = 0.5
    /// Maps data values to 8-bit pixels, fixed per view (the data's range).
    private lazy var pixelRange: (lo: Float, hi: Float) = ViewPixels.range(of: data?.dataset)

    init(session: Session, shown: Shown, data: DatasetObject?, target: String?, dataName: String?, colour: String) {
        self.session = session
        self.shown = shown
        self.data = data
        self.target = target
        self.dataName = dataName
        self.colour = colour
    }

    /// Runs `body` holding the session's lock, or throws `ViewBusy` when it stays taken.
    private func locked<T>(_ body: (Session) throws -> T) throws -> T {
        guard let session else { throw ViewRefusal("the session that showed this map has ended") }
        if session.holdsAccess { return try body(session) }   // called from a statement: the session is ours
        guard session.access.lock(before: Date().addingTimeInterval(patience)) else { throw ViewBusy() }
        defer { session.access.unlock() }
        return try body(session)
    }

    private var count: Int {
        switch shown {
        case .model(let m): return m.model?.asTables?.tableRows ?? 0
        case .points(let e): return e.points.rows
        }
    }

    private var labels: [Int32]? {
        switch shown {
        case .model(let m): return m.trainingLabels ?? matchingData?.dataset.labels
        case .points(let e): return e.labels ?? matchingData?.dataset.labels
        }
    }

    private var classNames: [String]? {
        switch shown {
        case .model(let m): return m.labelNames ?? matchingData?.dataset.labelNames
        case .points(let e): return e.labelNames ?? matchingData?.dataset.labelNames
        }
    }

    /// The data, when it has one row per point.
    private var matchingData: DatasetObject? { data.flatMap { $0.dataset.count == count ? $0 : nil } }

    private var decoder: EmbeddingModel? {
        if case .model(let m) = shown { return m.model?.asLatent }
        return nil
    }

    private var image: ViewImageShape? {
        guard let d = matchingData?.dataset, let s = d.imageShape else { return nil }
        return ViewImageShape(height: s.height, width: s.width, channels: d.imageChannels)
    }

    func describe() throws -> ViewDescription {
        try locked { _ in
            let d = matchingData?.dataset
            var columns: [String] = []
            if decoder != nil, d != nil { columns.append("error") }
            let features = d.flatMap { $0.imageShape == nil ? ViewPixels.featureNames($0) : nil } ?? []
            if features.count <= 64 { columns += features }
            let title: String
            switch shown {
            case .model(let m): title = (target ?? "model") + " (" + m.config.kind.rawValue + ")" + (dataName.map { " on " + $0 } ?? "")
            case .points(let e): title = (target ?? e.origin)
            }
            var note: String? = nil
            if target == nil { note = "shown from an expression, not a variable: show a variable to select and move from the page" }
            return ViewDescription(title: title, count: count, classNames: classNames, image: image, featureNames: features,
                                   columns: columns, canDecode: decoder != nil && d != nil, canEdit: target != nil, editNote: note)
        }
    }

    func points() throws -> ViewPoints {
        do { return try locked { _ in currentPoints() } } catch is ViewBusy {
            // while a statement runs (train), the points as of its last epoch
            if let snapshot = liveLock.withLock({ live?.points }) { return snapshot }
            throw ViewBusy()
        }
    }

    /// Called by `train` after each epoch (holding the session): keeps a copy of the points for the page,
    /// at most four a second.
    func publishLive() {
        let now = Date()
        guard liveLock.withLock({ now >= nextLive }) else { return }
        let points = currentPoints()
        liveLock.withLock {
            liveCount += 1
            live = (liveCount, points)
            nextLive = now.addingTimeInterval(0.25)
        }
    }

    /// The points as they are now (the caller holds the lock).
    func currentPoints() -> ViewPoints {
        switch shown {
        case .model(let m):
            guard let tables = m.model?.asTables else { return ViewPoints(x: [], y: [], labels: nil, pinned: []) }
            let value = tables.positions.table.value, n = value.rows
            let second = value.cols > 1 ? 1 : 0
            return ViewPoints(x: (0..<n).map { value[$0, 0] }, y: (0..<n).map { value[$0, second] },
                              labels: labels, pinned: tables.pinnedRows)
        case .points(let e):
            let n = e.points.rows, second = e.points.cols > 1 ? 1 : 0
            return ViewPoints(x: (0..<n).map { e.points[$0, 0] }, y: (0..<n).map { e.points[$0, second] },
                              labels: labels, pinned: e.highlighted)
        }
    }

    func column(_ name: String) throws -> [Float] {
        try locked { session in try currentColumn(name, session: session) }
    }

    /// A colour column (the caller holds the lock).
    func currentColumn(_ name: String, session: Session) throws -> [Float] {
        guard let d = matchingData?.dataset else { throw ViewRefusal("no data with one row per point: no column '\(name)'") }
        if name == "error" {
            guard case .model(let m) = shown, let em = decoder, let tables = m.model?.asTables else {
                throw ViewRefusal("'error' needs a model and its training data")
            }
            let key = session.history.count
            if let cache = errorCache, cache.key == key { return cache.values }
            guard let errors = ReconstructionError.perRow(em, data: d, embedding: tables.positions.table.value,
                                                          classes: m.trainingLabels) else {
                throw ViewRefusal("'error' needs the model's training data, one row per point")
            }
            let values = errors.map(Float.init)
            errorCache = (key, values)
            return values
        }
        let names = ViewPixels.featureNames(d)
        guard let j = names.firstIndex(of: name) else {
            throw ViewRefusal("no column '\(name)'; the columns are error and \(names.prefix(8).joined(separator: ", "))")
        }
        return (0..<d.count).map { d.rawValue($0, j) * d.scale[j] + d.offset[j] }
    }

    func item(_ row: Int) throws -> ViewItem {
        try locked { _ in
            guard row >= 0, row < count else { throw ViewRefusal("row \(row) is outside 0..<\(count)") }
            let label = labels.map { $0[row] }
            let name = label.flatMap { l in classNames.flatMap { l >= 0 && Int(l) < $0.count ? $0[Int(l)] : nil } }
            var sample: ViewSample? = nil
            if let d = matchingData?.dataset {
                sample = image != nil ? ViewSample(pixels: ViewPixels.image(d.row(row), dataset: d, range: pixelRange))
                                      : ViewSample(values: d.row(row))
            }
            let id = matchingData?.dataset.ids.map { $0[row] } ?? String(row)   // the row's ID (load ... id=), else its number
            return ViewItem(row: row, id: id, label: label, className: name, sample: sample)
        }
    }

    func decode(x: Double, y: Double) throws -> ViewSample {
        try locked { _ in
            guard let em = decoder, let d = matchingData?.dataset else { throw ViewRefusal("only a model with its data decodes") }
            let z = Matrix(rows: 1, cols: em.dims)
            z[0, 0] = Float(x)
            if em.dims > 1 { z[0, 1] = Float(y) }
            let out = try Generation.decode(em, z, classes: try conditioningClass(x: x, y: y).map { [$0] })
            let values = Array(UnsafeBufferPointer(start: out.row(0), count: out.cols))
            return image != nil ? ViewSample(pixels: ViewPixels.image(values, dataset: d, range: pixelRange)) : ViewSample(values: values)
        }
    }

    /// A class-conditional decoder's class at (x, y): the class of the nearest point.
    private func conditioningClass(x: Double, y: Double) throws -> Int? {
        guard let conditional = decoder as? ConditionalModel, conditional.conditionClasses > 0 else { return nil }
        guard let labels else { throw ViewRefusal("a class-conditional decoder needs labelled points") }
        let p = currentPoints()
        var best = 0, bestD = Double.infinity
        for i in 0..<p.x.count {
            let dx = Double(p.x[i]) - x, dy = Double(p.y[i]) - y
            if dx * dx + dy * dy < bestD { bestD = dx * dx + dy * dy; best = i }
        }
        return Int(max(0, labels[best]))
    }

    func lattice(side: Int) throws -> ViewLattice {
        try locked { _ in
            guard let em = decoder, let d = matchingData?.dataset, image != nil else {
                throw ViewRefusal("a decoded lattice needs a model and its image data")
            }
            return try ViewPixels.lattice(em, side: side, points: currentPoints(), dataset: d, range: pixelRange) { x, y in
                try self.conditioningClass(x: x, y: y)
            }
        }
    }

    func selection() throws -> [Int] {
        try locked { session in
            guard let list = session.variables["sel"]?.list else { return [] }
            let n = count
            return list.compactMap { $0.int }.filter { $0 >= 0 && $0 < n }
        }
    }

    func state() -> ViewState {
        guard let session, session.access.try() else {
            return ViewState(version: -1, busy: true, colour: colour, lastStatement: lastStatement,
                             live: liveLock.withLock { liveCount })
        }
        defer { session.access.unlock() }
        return ViewState(version: session.history.count * 1_000 + actions, busy: false, colour: colour, lastStatement: lastStatement,
                         live: liveLock.withLock { liveCount })
    }

    func perform(_ action: ViewAction) throws -> ViewActionResult {
        guard let target else { throw ViewRefusal("shown from an expression: show a variable to edit from the page") }
        if case .move = action, case .points = shown { throw ViewRefusal("only a model's points move (move needs a model)") }
        let statement: String
        switch action {
        case .selectPolygon(let p): statement = "sel = select \(target) polygon=\(Self.list(p))"
        case .selectBox(let b): statement = "sel = select \(target) box=\(Self.list(b))"
        case .move(let to): statement = "move \(target) sel to=\(Self.list(to))"
        case .pin: statement = "pin \(target) sel"
        case .unpin: statement = "unpin \(target) sel"
        case .colour(let by):
            guard by == "label" || by.allSatisfy({ $0 != "\"" && $0 != "\n" && $0 != "{" && $0 != "}" }) else {
                throw ViewRefusal("a column name cannot hold quotes, braces or line breaks")
            }
            statement = "show \(target)" + (dataName.map { " " + $0 } ?? "") + " colour=\"\(by)\""
        case .train(let epochs):
            guard let dataName else { throw ViewRefusal("train needs the data: show the model with its data (show m d)") }
            statement = "train \(target) \(dataName) epochs=\(epochs)"
        }
        return try locked { session in
            let capture = CapturingOutput(forwardingTo: session.output)
            session.output.write("viewer> \(statement)\n", to: .standard)
            session.output = capture
            Self.isPerforming = true
            defer { session.output = capture.forward; Self.isPerforming = false }
            let result = session.run(statement, file: "<viewer>")
            actions += 1
            let ok = result.syntaxErrors == 0 && result.runtimeErrors == 0
            lastStatement = ok ? statement : "failed: " + statement
            return ViewActionResult(statement: statement, ok: ok, output: capture.text)
        }
    }

    /// The whole view as one offline page: points, thumbnails or values, colour columns, a decoded lattice.
    func exportPage() throws -> String {
        try locked { session in
            let description = try describe()
            let points = currentPoints()
            var thumbnails: [UInt8]? = nil, values: [Float]? = nil
            if let d = matchingData?.dataset {
                if image != nil {
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(d.count * (image?.pixels ?? 0))
                    for r in 0..<d.count { bytes += ViewPixels.image(d.row(r), dataset: d, range: pixelRange) }
                    thumbnails = bytes
                } else {
                    values = (0..<d.count).flatMap { d.row($0) }
                }
            }
            let columns = try description.columns.map { (name: $0, values: try currentColumn($0, session: session)) }
            let lattice = description.canDecode && image != nil ? try self.lattice(side: 12) : nil
            return try ViewExport(description: description, points: points, thumbnails: thumbnails, values: values,
                                  columns: columns, lattice: lattice).html()
        }
    }

    /// `[a, b, ...]` with each number in its shortest exact form, so the statement replays the same values.
    static func list(_ values: [Double]) -> String {
        "[" + values.map { v in v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)" }.joined(separator: ", ") + "]"
    }
}

/// Passes output on and keeps a copy (what a statement run from the page printed, for the page).
final class CapturingOutput: OutputSink {
    let forward: any OutputSink
    private(set) var text = ""
    init(forwardingTo forward: any OutputSink) { self.forward = forward }
    func write(_ text: String, to channel: OutputChannel) {
        self.text += text
        forward.write(text, to: channel)
    }
}
