/// What the map viewer shows and does. The command layer adopts it for one `show` (a model and its
/// data, an embedding, or a 2-column dataset); the server calls it from its own threads, so an adopter
/// takes the session's lock in every method (and throws `ViewBusy` when the session stays busy, e.g.
/// training, so that a request never waits for minutes).
public protocol MapViewSource: AnyObject, Sendable {
    /// The view's fixed facts: title, point count, class names, image shape, colour columns.
    func describe() throws -> ViewDescription
    /// The points' current coordinates, labels and pinned flags.
    func points() throws -> ViewPoints
    /// A per-point value to colour by (`error`, or a feature column's name); `count` floats.
    func column(_ name: String) throws -> [Float]
    /// One row: its ID, class and thumbnail (images) or feature values (tables).
    func item(_ row: Int) throws -> ViewItem
    /// The decoder's output at a point of the plane (any point, data or empty space).
    func decode(x: Double, y: Double) throws -> ViewSample
    /// A `side` x `side` decoded lattice over the map, with the cells that hold no data point marked.
    func lattice(side: Int) throws -> ViewLattice
    /// The rows of the session's selection (the variable `sel`), empty when there is none.
    func selection() throws -> [Int]
    /// What changed since the page last looked (cheap: the page polls it).
    func state() -> ViewState
    /// Runs an action of the page as the session statement it stands for (recorded in the history);
    /// returns that statement's text and what it printed.
    func perform(_ action: ViewAction) throws -> ViewActionResult
}

/// The shape of an image row: height, width and channels (1 gray, 3 RGB planes).
public struct ViewImageShape: Sendable, Equatable {
    public var height: Int, width: Int, channels: Int
    public init(height: Int, width: Int, channels: Int) { self.height = height; self.width = width; self.channels = channels }
    /// Bytes of one thumbnail (8-bit, planes interleaved as RGB).
    public var pixels: Int { height * width * channels }
}

/// The fixed facts of a view.
public struct ViewDescription: Sendable {
    public var title: String
    public var count: Int
    public var classNames: [String]?
    /// The data's image shape; nil for tables (hover shows feature values instead).
    public var image: ViewImageShape?
    /// Names of the values `item` and `decode` return for tables.
    public var featureNames: [String]
    /// Names `column` accepts, in menu order ("error" first when there is a decoder and data).
    public var columns: [String]
    /// True when the view can decode points of the plane (a model is shown).
    public var canDecode: Bool
    /// True when the page's actions can run as statements (a model shown by its variable's name).
    public var canEdit: Bool
    /// Why the page cannot edit, when it cannot.
    public var editNote: String?
    public init(title: String, count: Int, classNames: [String]?, image: ViewImageShape?, featureNames: [String],
                columns: [String], canDecode: Bool, canEdit: Bool, editNote: String?) {
        self.title = title; self.count = count; self.classNames = classNames; self.image = image
        self.featureNames = featureNames; self.columns = columns; self.canDecode = canDecode
        self.canEdit = canEdit; self.editNote = editNote
    }
}

/// Coordinates (x, y) of `count` points with their labels (-1: none) and pinned rows.
public struct ViewPoints: Sendable {
    public var x: [Float], y: [Float]
    public var labels: [Int32]?
    public var pinned: [Int]
    public init(x: [Float], y: [Float], labels: [Int32]?, pinned: [Int]) { self.x = x; self.y = y; self.labels = labels; self.pinned = pinned }
}

/// One decoded or stored row: 8-bit pixels for images, values for tables.
public struct ViewSample: Sendable {
    public var pixels: [UInt8]?
    public var values: [Float]?
    public init(pixels: [UInt8]? = nil, values: [Float]? = nil) { self.pixels = pixels; self.values = values }
}

/// One row of the data under the cursor.
public struct ViewItem: Sendable {
    public var row: Int
    public var id: String
    public var label: Int32?
    public var className: String?
    public var sample: ViewSample?
    public init(row: Int, id: String, label: Int32?, className: String?, sample: ViewSample?) {
        self.row = row; self.id = id; self.label = label; self.className = className; self.sample = sample
    }
}

/// A decoded lattice: `side` x `side` cells between `lo` and `hi`, top-left first, each `pixels`
/// bytes; `empty[i]` is true where no data point lies in cell i.
public struct ViewLattice: Sendable {
    public var side: Int
    public var lo: [Double], hi: [Double]
    public var pixels: [UInt8]
    public var empty: [Bool]
    public init(side: Int, lo: [Double], hi: [Double], pixels: [UInt8], empty: [Bool]) {
        self.side = side; self.lo = lo; self.hi = hi; self.pixels = pixels; self.empty = empty
    }
}

/// What the page polls: a version that changes with every statement the session runs (the page then
/// fetches points and selection again), whether the session is busy, the colouring, the last statement,
/// and a counter of the live snapshots a running `train` left (the page then fetches the points alone).
public struct ViewState: Sendable, Equatable {
    public var version: Int
    public var busy: Bool
    public var colour: String
    public var lastStatement: String?
    public var live: Int
    public init(version: Int, busy: Bool, colour: String, lastStatement: String?, live: Int = 0) {
        self.version = version; self.busy = busy; self.colour = colour; self.lastStatement = lastStatement; self.live = live
    }
}

/// An action of the page; the source runs each as a statement of the session.
public enum ViewAction: Sendable, Equatable {
    /// `sel = select MODEL polygon=[x0, y0, x1, y1, ...]`
    case selectPolygon([Double])
    /// `sel = select MODEL box=[x0, y0, x1, y1]`
    case selectBox([Double])
    /// `move MODEL sel to=[x, y]`
    case move(to: [Double])
    /// `pin MODEL sel`
    case pin
    /// `unpin MODEL sel`
    case unpin
    /// `show ... colour="NAME"`
    case colour(String)
    /// `train MODEL DATA epochs=N`
    case train(epochs: Int)
}

/// What an action ran.
public struct ViewActionResult: Sendable {
    public var statement: String
    public var ok: Bool
    public var output: String
    public init(statement: String, ok: Bool, output: String) { self.statement = statement; self.ok = ok; self.output = output }
}

/// The session stayed busy (a statement is running) for longer than a request waits.
public struct ViewBusy: Error, Sendable {
    public init() {}
}

/// A request the view refuses, with the sentence the page shows.
public struct ViewRefusal: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
