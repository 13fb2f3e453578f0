import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The map viewer's HTTP server: one per process, started by the first `show`, listening on 127.0.0.1
/// (or a given host) at a free port, serving the page, its bundled assets and the views' data only.
///
/// Routes (every one behind `RequestGuard`: token, Host, Origin):
/// `GET /view/ID` the page; `GET /assets/NAME` a bundled asset; `GET /api/ID/describe` (JSON),
/// `/points` (binary, `MapBinary.points`), `/column?name=` (Float32s), `/selection` (UInt32s),
/// `/item?row=`, `/decode?x=&y=`, `/lattice?side=`, `/state` (JSON); `POST /api/ID/act` runs an action.
/// Nothing maps a request to a file: there is no path to escape from.
public final class ViewerServer: @unchecked Sendable {
    /// The port the server listens on.
    public let port: Int
    /// The host it listens on.
    public let host: String
    /// The guard every request passes.
    public let requestGuard: RequestGuard
    private let lock = NSLock()
    private var views: [Int: any MapViewSource] = [:]
    private var nextView = 1
    private static let work = DispatchQueue(label: "latent.viewer.work", attributes: .concurrent)
    nonisolated(unsafe) private static var running: [String: ViewerServer] = [:]
    private static let startLock = NSLock()

    private init(host: String, port: Int, token: String) {
        self.host = host
        self.port = port
        var names = [host.lowercased()]
        if host == "127.0.0.1" { names.append("localhost") }
        self.requestGuard = RequestGuard(token: token, port: port, hostNames: names)
    }

    /// The process's server on `host`, started on first use (with a new random token).
    public static func shared(host: String = "127.0.0.1") throws -> ViewerServer {
        try startLock.withLock {
            if let server = running[host] { return server }
            let server = try start(host: host)
            running[host] = server
            return server
        }
    }

    /// Adds a view; returns its number (the page's address is `url(view:)`).
    public func add(_ source: any MapViewSource) -> Int {
        lock.withLock {
            let id = nextView
            nextView += 1
            views[id] = source
            return id
        }
    }

    /// Replaces the source of view `id` (a `show` of the same variables again).
    public func replace(_ id: Int, with source: any MapViewSource) { lock.withLock { views[id] = source } }

    /// The page's address, with the token.
    public func url(view id: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)/view/\(id)?token=\(requestGuard.token)"
    }

    private func source(_ id: Int) -> (any MapViewSource)? { lock.withLock { views[id] } }

    // MARK: starting

    private final class StartBox: @unchecked Sendable {
        var port: Int?
        var failure: String?
        let ready = DispatchSemaphore(value: 0)
    }

    private static func start(host: String) throws -> ViewerServer {
        let box = StartBox()
        var logger = Logger(label: "latent.viewer")
        logger.logLevel = .critical   // the prompt is the user's: the server prints nothing there
        let holder = ServerHolder()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            guard let server = holder.server else { return ViewerServer.plain(503, "starting") }
            return await server.respond(request)
        }
        let app = Application(responder: responder,
                              configuration: .init(address: .hostname(host, port: 0), serverName: nil),
                              onServerRunning: { channel in
                                  box.port = channel.localAddress?.port
                                  box.ready.signal()
                              },
                              logger: logger)
        Task.detached {
            do { try await app.run() } catch {
                box.failure = "\(error)"
                box.ready.signal()
            }
        }
        guard box.ready.wait(timeout: .now() + 20) == .success, let port = box.port else {
            throw ViewRefusal("the viewer's server did not start on \(host): \(box.failure ?? "no answer in 20 s")")
        }
        let server = ViewerServer(host: host, port: port, token: RequestGuard.randomToken())
        holder.server = server
        return server
    }

    private final class ServerHolder: @unchecked Sendable {
        private let lock = NSLock()
        private var value: ViewerServer?
        var server: ViewerServer? {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    // MARK: answering

    func respond(_ request: Request) async -> Response {
        let token = request.uri.queryParameters["token"].map(String.init)
            ?? request.headers[HTTPField.Name("X-Latent-Token")!]
        if let refused = requestGuard.refusal(host: request.head.authority,
                                              origin: request.headers[.origin], token: token) {
            return Self.plain(refused.status, refused.reason)
        }
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "/view/3" -> ["", "view", "3"]; "/api/3/points" -> ["", "api", "3", "points"]
        switch (request.method, parts.count) {
        case (.get, 3) where parts[1] == "view":
            guard let id = Int(parts[2]), source(id) != nil else { return Self.plain(404, "no such view") }
            return Self.reply(200, "text/html; charset=utf-8", Array(ViewerPage.html(view: id, token: requestGuard.token).utf8),
                              page: true)
        case (.get, 3) where parts[1] == "assets":
            guard let asset = ViewerAssets.all[parts[2]] else { return Self.plain(404, "no such asset") }
            return Self.reply(200, asset.type, Array(asset.text.utf8))
        case (_, 4) where parts[1] == "api":
            guard let id = Int(parts[2]), let source = source(id) else { return Self.plain(404, "no such view") }
            return await api(parts[3], request: request, source: source, view: id)
        default:
            return Self.plain(404, "not found")
        }
    }

    private func api(_ name: String, request: Request, source: any MapViewSource, view: Int) async -> Response {
        let query = request.uri.queryParameters
        func number(_ key: String) -> Double? { query[Substring(key)].flatMap { Double(String($0)) } }
        if request.method == .post {
            guard name == "act" else { return Self.plain(405, "only 'act' takes POST") }
            var request = request
            guard let body = try? await request.collectBody(upTo: 1 << 22),
                  let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] else {
                return Self.plain(400, "an action is one JSON object")
            }
            let action: ViewAction
            do { action = try ViewActionDecoding.action(object) } catch { return Self.plain(400, "\(error)") }
            return await run {
                let r = try source.perform(action)
                return Self.json(["statement": r.statement, "ok": r.ok, "output": r.output])
            }
        }
        guard request.method == .get else { return Self.plain(405, "GET or POST only") }
        switch name {
        case "describe": return await run { Self.json(MapBinary.describe(try source.describe(), view: view)) }
        case "points": return await run { Self.binary(MapBinary.points(try source.points())) }
        case "selection": return await run { Self.binary(MapBinary.rows(try source.selection())) }
        case "column":
            guard let column = query["name"].map(String.init) else { return Self.plain(400, "column needs name=") }
            return await run { Self.binary(MapBinary.floats(try source.column(column))) }
        case "item":
            guard let row = query["row"].flatMap({ Int(String($0)) }) else { return Self.plain(400, "item needs row=N") }
            return await run {
                let item = try source.item(row)
                var o = MapBinary.sample(item.sample)
                o["row"] = item.row; o["id"] = item.id
                if let l = item.label { o["label"] = Int(l) }
                if let c = item.className { o["className"] = c }
                return Self.json(o)
            }
        case "decode":
            guard let x = number("x"), let y = number("y"), x.isFinite, y.isFinite else {
                return Self.plain(400, "decode needs finite x= and y=")
            }
            return await run { Self.json(MapBinary.sample(try source.decode(x: x, y: y))) }
        case "lattice":
            let side = Int(number("side") ?? 12)
            guard (2...32).contains(side) else { return Self.plain(400, "lattice side must be between 2 and 32") }
            return await run {
                let l = try source.lattice(side: side)
                return Self.json(["side": l.side, "lo": l.lo, "hi": l.hi, "empty": l.empty,
                                  "pixels": Data(l.pixels).base64EncodedString()])
            }
        case "state":
            let s = source.state()
            var o: [String: Any] = ["version": s.version, "busy": s.busy, "colour": s.colour, "live": s.live]
            if let last = s.lastStatement { o["last"] = last }
            return Self.json(o)
        default:
            return Self.plain(404, "no such request")
        }
    }

    /// Runs blocking work (the source takes the session's lock) off the server's event loops.
    private func run(_ body: @escaping @Sendable () throws -> Response) async -> Response {
        await withCheckedContinuation { continuation in
            Self.work.async {
                let response: Response
                do { response = try body() } catch is ViewBusy {
                    response = Self.plain(503, "the session is busy; try again when the running statement ends")
                } catch let refusal as ViewRefusal {
                    response = Self.plain(400, refusal.message)
                } catch {
                    response = Self.plain(400, "\(error)")
                }
                continuation.resume(returning: response)
            }
        }
    }

    // MARK: responses

    static func reply(_ status: Int, _ type: String, _ bytes: [UInt8], page: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store"]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if page {
            // the page runs only its own bundled script and talks only to this server
            headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'"
        }
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func plain(_ status: Int, _ text: String) -> Response { reply(status, "text/plain; charset=utf-8", Array((text + "\n").utf8)) }
    static func json(_ object: [String: Any]) -> Response { reply(200, "application/json", MapBinary.json(object)) }
    static func binary(_ bytes: [UInt8]) -> Response { reply(200, "application/octet-stream", bytes) }
}

/// Reads the page's action objects: `{"action": "select-polygon", "polygon": [x0, y0, ...]}`,
/// `select-box` with `box`, `move` with `to`, `pin`, `unpin`, `colour` with `by`, `train` with `epochs`.
enum ViewActionDecoding {
    static func action(_ o: [String: Any]) throws -> ViewAction {
        func numbers(_ key: String) throws -> [Double] {
            guard let list = o[key] as? [Any] else { throw ViewRefusal("'\(key)' must be a list of numbers") }
            let values = list.compactMap { ($0 as? NSNumber)?.doubleValue }
            guard values.count == list.count, values.allSatisfy(\.isFinite) else { throw ViewRefusal("'\(key)' must hold finite numbers only") }
            return values
        }
        switch o["action"] as? String {
        case "select-polygon":
            let p = try numbers("polygon")
            guard p.count >= 6, p.count % 2 == 0, p.count <= 2 * 4096 else {
                throw ViewRefusal("a polygon needs 3 to 4096 corners as [x0, y0, x1, y1, ...], got \(p.count) numbers")
            }
            return .selectPolygon(p)
        case "select-box":
            let b = try numbers("box")
            guard b.count == 4 else { throw ViewRefusal("a box is [x0, y0, x1, y1], got \(b.count) numbers") }
            return .selectBox(b)
        case "move":
            let to = try numbers("to")
            guard to.count == 2 else { throw ViewRefusal("'to' is [x, y], got \(to.count) numbers") }
            return .move(to: to)
        case "pin": return .pin
        case "unpin": return .unpin
        case "colour":
            guard let by = o["by"] as? String, !by.isEmpty, by.count <= 200 else { throw ViewRefusal("'colour' needs 'by', a column name") }
            return .colour(by)
        case "train":
            guard let epochs = (o["epochs"] as? NSNumber)?.intValue, (1...10_000).contains(epochs) else {
                throw ViewRefusal("'train' needs 'epochs' between 1 and 10000")
            }
            return .train(epochs: epochs)
        default:
            throw ViewRefusal("unknown action \(String(describing: o["action"] ?? "none"))")
        }
    }
}
