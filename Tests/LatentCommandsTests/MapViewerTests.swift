import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript
@testable import LatentView
import CZlib

/// The map viewer through its commands and its server, without a browser (scripts/test-viewer drives
/// chromium): `select ... polygon=`, `show` serving the session's map behind its token, the page's actions
/// running as recorded statements that replay, the session's lock, and `export view`'s offline page.
final class MapViewerTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "latent-viewer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    static let setup = """
        set seed 3
        set progress false
        d = head (load "DIGITS" label=first scale=16 image=[8, 8]) 300
        m = model gne dims=2 width=8 blocks=1
        train m d epochs=3 batch=50
        """

    func makeSession() throws -> (Session, CapturedOutput) {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: dir)
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        XCTAssertEqual(session.run(Self.setup.replacingOccurrences(of: "DIGITS", with: digits), file: "setup.latent").status, 0, output.text)
        return (session, output)
    }

    func table(_ session: Session) throws -> (x: [Float], y: [Float]) {
        let m = try XCTUnwrap(session.variables["m"]?.object as? ModelObject)
        let value = try XCTUnwrap(m.model?.asTables).positions.table.value
        return ((0..<value.rows).map { value[$0, 0] }, (0..<value.rows).map { value[$0, 1] })
    }

    func testPolygonSelectsTheRowsInsideByTheEvenOddRule() throws {
        let (session, output) = try makeSession()
        let (x, y) = try table(session)
        let xs = x.map(Double.init).sorted(), ys = y.map(Double.init).sorted()
        // corners between points, so no point lies on an edge (box= counts edges in, the polygon's rule need not)
        let (x0, x1, y0, y1) = ((xs[60] + xs[61]) / 2, (xs[240] + xs[241]) / 2, (ys[60] + ys[61]) / 2, (ys[240] + ys[241]) / 2)
        // a box as a polygon selects what box= selects
        XCTAssertEqual(session.run("a = select m box=[\(x0), \(y0), \(x1), \(y1)]\nb = select m polygon=[\(x0), \(y0), \(x1), \(y0), \(x1), \(y1), \(x0), \(y1)]",
                                   file: "t").status, 0, output.text)
        XCTAssertEqual(session.variables["a"]?.list?.compactMap(\.int), session.variables["b"]?.list?.compactMap(\.int))
        // a triangle: the lower-left half of the box
        XCTAssertEqual(session.run("t = select m polygon=[\(x0), \(y0), \(x1), \(y0), \(x0), \(y1)]", file: "t").status, 0, output.text)
        let expected = (0..<x.count).filter { i in
            let px = Double(x[i]), py = Double(y[i])
            return px > x0 && py > y0 && (px - x0) / (x1 - x0) + (py - y0) / (y1 - y0) < 1
        }
        let got = session.variables["t"]?.list?.compactMap(\.int) ?? []
        XCTAssertFalse(got.isEmpty)
        XCTAssertEqual(got, expected)
        output.reset()
        XCTAssertNotEqual(session.run("select m polygon=[0, 0, 1, 1]", file: "t").status, 0)
        XCTAssertTrue(output.text.contains("at least 3 corners"), output.text)
    }

    func testShowServesTheMapBehindItsTokenAndActionsAreRecordedStatementsThatReplay() throws {
        let (session, output) = try makeSession()
        var pages: [String] = []
        session.pageObservers.append { pages.append($0) }
        XCTAssertEqual(session.run("show m d", file: "t").status, 0, output.text)
        let url = try XCTUnwrap(pages.first.flatMap(URL.init(string:)), output.text)
        XCTAssertTrue(output.text.contains("viewer: http://127.0.0.1:"), output.text)
        let token = try XCTUnwrap(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "token" }?.value)
        let base = "http://127.0.0.1:\(url.port!)"
        let view = url.path.split(separator: "/").last!

        XCTAssertEqual(try fetch(url.absoluteString).status, 200)
        XCTAssertEqual(try fetch("\(base)\(url.path)").status, 403, "no token")
        XCTAssertEqual(try fetch("\(base)/assets/viewer.js?token=\(token)").status, 200)
        XCTAssertEqual(try fetch("\(base)/assets/nosuch.js?token=\(token)").status, 404)
        XCTAssertEqual(try fetch("\(base)/api/\(view)/points?token=\(token)", headers: ["Origin": "http://example.org"]).status, 403)

        // the points as binary arrays: header, x, y, labels, no pins
        let points = try fetch("\(base)/api/\(view)/points?token=\(token)")
        XCTAssertEqual(points.status, 200)
        XCTAssertEqual(points.body.count, 16 + 300 * 12)
        let (x, _) = try table(session)
        let firstX = points.body[16..<20].withUnsafeBytes { $0.loadUnaligned(as: Float.self) }
        XCTAssertEqual(firstX, x[0])

        // an item, the decoder at a point, the error column
        let item = try json(fetch("\(base)/api/\(view)/item?row=5&token=\(token)"))
        XCTAssertEqual(item["id"] as? String, "5")
        XCTAssertEqual(Data(base64Encoded: item["pixels"] as? String ?? "")?.count, 64)
        let decoded = try json(fetch("\(base)/api/\(view)/decode?x=0.1&y=-0.2&token=\(token)"))
        XCTAssertEqual(Data(base64Encoded: decoded["pixels"] as? String ?? "")?.count, 64)
        XCTAssertEqual(try fetch("\(base)/api/\(view)/column?name=error&token=\(token)").body.count, 300 * 4)
        XCTAssertEqual(try fetch("\(base)/api/\(view)/item?row=300&token=\(token)").status, 400, "a row outside the map")

        // the page's actions run as statements of the session, recorded in its history
        let lasso = try json(fetch("\(base)/api/\(view)/act?token=\(token)", method: "POST",
                                   body: #"{"action": "select-polygon", "polygon": [-100, -100, 100, -100, 0, 100]}"#))
        XCTAssertEqual(lasso["statement"] as? String, "sel = select m polygon=[-100, -100, 100, -100, 0, 100]")
        XCTAssertEqual(session.variables["sel"]?.list?.count, 300)
        let move = try json(fetch("\(base)/api/\(view)/act?token=\(token)", method: "POST", body: #"{"action": "move", "to": [0.25, -1.5]}"#))
        XCTAssertEqual(move["statement"] as? String, "move m sel to=[0.25, -1.5]")
        XCTAssertEqual(move["ok"] as? Bool, true)
        _ = try fetch("\(base)/api/\(view)/act?token=\(token)", method: "POST", body: #"{"action": "train", "epochs": 2}"#)
        XCTAssertEqual(try fetch("\(base)/api/\(view)/act?token=\(token)", method: "POST", body: #"{"action": "move", "to": [1]}"#).status, 400)
        XCTAssertEqual(Array(session.history.suffix(3)), ["sel = select m polygon=[-100, -100, 100, -100, 0, 100]",
                                                          "move m sel to=[0.25, -1.5]", "train m d epochs=2"])
        // the selection the page shows is the variable sel, wherever it was set
        XCTAssertEqual(session.run("sel = select m label=3", file: "t").status, 0)
        let selection = try fetch("\(base)/api/\(view)/selection?token=\(token)").body
        XCTAssertEqual(selection.count / 4, session.variables["sel"]?.list?.count)

        // the history replays to the same table
        let history = session.historyScript().replacingOccurrences(of: "show m d\n", with: "")
        let replay = Session.latent(output: CapturedOutput(), interrupt: InterruptFlag(), baseDirectory: dir)
        XCTAssertEqual(replay.run(history, file: "replay.latent").status, 0)
        XCTAssertEqual(try table(replay).x, try table(session).x)
        XCTAssertEqual(try table(replay).y, try table(session).y)
    }

    func testRequestsWaitForTheRunningStatementAndAreToldTheSessionIsBusy() throws {
        let (session, output) = try makeSession()
        XCTAssertEqual(session.run("show m d", file: "t").status, 0, output.text)
        let source = try XCTUnwrap(ShownViews.sources(of: session).last)
        session.access.lock()
        let done = expectation(description: "busy")
        Thread.detachNewThread {
            var busy = false
            do { _ = try source.points() } catch { busy = error is ViewBusy }
            XCTAssertTrue(busy, "points() while a statement runs")
            XCTAssertTrue(source.state().busy)
            done.fulfill()
        }
        wait(for: [done], timeout: 10)
        // a train publishes the points of its last epoch, which a busy session still serves
        source.publishLive()
        let live = expectation(description: "live")
        Thread.detachNewThread {
            XCTAssertEqual(try? source.points().x.count, 300)
            XCTAssertEqual(source.state().live, 1)
            live.fulfill()
        }
        wait(for: [live], timeout: 10)
        session.access.unlock()
        XCTAssertEqual(try source.points().x.count, 300)
        XCTAssertEqual(session.run("train m d epochs=3 batch=50", file: "t").status, 0)
        XCTAssertGreaterThan(source.state().live, 1, "train publishes the points after its epochs")
    }

    func testAnEmbeddingSelectsButDoesNotMoveAndAnExpressionOnlyLooks() throws {
        let (session, output) = try makeSession()
        XCTAssertEqual(session.run("e = embed m d\nshow e d\nshow (embed m d)", file: "t").status, 0, output.text)
        let sources = ShownViews.sources(of: session)
        XCTAssertEqual(sources.count, 2)
        let embedding = sources[0], expression = sources[1]
        XCTAssertEqual(try embedding.describe().canEdit, true)
        XCTAssertEqual(try embedding.describe().canDecode, false, "an embedding has no decoder")
        let r = try embedding.perform(.selectBox([-100, -100, 100, 100]))
        XCTAssertEqual(r.statement, "sel = select e box=[-100, -100, 100, 100]")
        XCTAssertEqual(session.variables["sel"]?.list?.count, 300)
        XCTAssertThrowsError(try embedding.perform(.move(to: [0, 0])))
        XCTAssertEqual(try expression.describe().canEdit, false)
        XCTAssertThrowsError(try expression.perform(.pin))
        XCTAssertEqual(try embedding.item(7).sample?.pixels?.count, 64, "the data's thumbnail")
    }

    func testShowRefusesDataThatDoNotMatchTheMapAndUnknownColours() throws {
        let (session, output) = try makeSession()
        XCTAssertNotEqual(session.run("show m (head d 10)", file: "t").status, 0)
        XCTAssertTrue(output.text.contains("has 10 rows, the map has 300 points"), output.text)
        output.reset()
        XCTAssertNotEqual(session.run("show m d colour=\"nosuch\"", file: "t").status, 0)
        XCTAssertTrue(output.text.contains("this map colours by label, error"), output.text)
    }

    func testExportViewWritesOneOfflinePageWithTheDataInside() throws {
        let (session, output) = try makeSession()
        XCTAssertEqual(session.run("export view m d to \"map.html\"", file: "t").status, 0, output.text)
        let html = try String(contentsOfFile: dir + "/out/map.html", encoding: .utf8)
        XCTAssertFalse(html.contains("http://") || html.contains("https://"), "no network address")
        XCTAssertTrue(html.contains("id=\"latent-data\"") && html.contains("DecompressionStream"))
        let meta = try XCTUnwrap(html.range(of: "id=\"latent-meta\">").flatMap { start in
            html[start.upperBound...].range(of: "</script>").map { String(html[start.upperBound..<$0.lowerBound]) }
        })
        let parts = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(meta.utf8)) as? [String: Any])?["parts"] as? [String: [Int]])
        XCTAssertEqual(parts["points"]?[1], 16 + 300 * 12)
        XCTAssertEqual(parts["thumbs"]?[1], 300 * 64)
        XCTAssertEqual(parts["column:error"]?[1], 300 * 4)
        // the blob inflates (gzip) to the parts' extent
        let b64 = try XCTUnwrap(html.range(of: "id=\"latent-data\">").flatMap { s in
            html[s.upperBound...].range(of: "</script>").map { String(html[s.upperBound..<$0.lowerBound]) }
        })
        let blob = try XCTUnwrap(Data(base64Encoded: b64))
        let inflated = try gunzip([UInt8](blob))
        XCTAssertEqual(inflated.count, parts.values.map { $0[0] + $0[1] }.max())
    }

    // MARK: helpers

    struct Fetched { var status: Int; var body: [UInt8] }

    func fetch(_ url: String, method: String = "GET", body: String? = nil, headers: [String: String] = [:]) throws -> Fetched {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.utf8); request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Fetched?
        URLSession.shared.dataTask(with: request) { data, response, _ in
            result = Fetched(status: (response as? HTTPURLResponse)?.statusCode ?? -1, body: [UInt8](data ?? Data()))
            done.signal()
        }.resume()
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        return try XCTUnwrap(result)
    }

    func json(_ f: Fetched) throws -> [String: Any] {
        XCTAssertEqual(f.status, 200, String(decoding: f.body, as: UTF8.self))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(f.body)) as? [String: Any])
    }

    func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        XCTAssertEqual(inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)), Z_OK)
        defer { inflateEnd(&stream) }
        var input = bytes, out: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = UInt32(inBuf.count)
            while status == Z_OK {
                chunk.withUnsafeMutableBufferPointer { c in
                    stream.next_out = c.baseAddress
                    stream.avail_out = UInt32(c.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    out += c.prefix(c.count - Int(stream.avail_out))
                }
            }
        }
        XCTAssertEqual(status, Z_STREAM_END)
        return out
    }
}
