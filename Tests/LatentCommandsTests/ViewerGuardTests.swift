import Foundation
import XCTest
@testable import LatentView

/// The viewer server's request checks and its bundled assets, without a server.
final class ViewerGuardTests: XCTestCase {
    let guardian = RequestGuard(token: "0123456789abcdef0123456789abcdef", port: 8123, hostNames: ["127.0.0.1", "localhost"])

    func testTheTokenHostAndOriginAreChecked() {
        let token = guardian.token
        XCTAssertNil(guardian.refusal(host: "127.0.0.1:8123", origin: nil, token: token))
        XCTAssertNil(guardian.refusal(host: "localhost:8123", origin: "http://localhost:8123", token: token))
        XCTAssertNil(guardian.refusal(host: "127.0.0.1:8123", origin: "http://127.0.0.1:8123", token: token))
        XCTAssertEqual(guardian.refusal(host: "127.0.0.1:8123", origin: nil, token: nil)?.status, 403)
        XCTAssertEqual(guardian.refusal(host: "127.0.0.1:8123", origin: nil, token: String(token.dropLast()) + "0")?.status, 403)
        XCTAssertEqual(guardian.refusal(host: "127.0.0.1:8123", origin: nil, token: token + "0")?.status, 403)
        XCTAssertEqual(guardian.refusal(host: "evil.example:8123", origin: nil, token: token)?.status, 421, "DNS rebinding")
        XCTAssertEqual(guardian.refusal(host: "127.0.0.1:9999", origin: nil, token: token)?.status, 421)
        XCTAssertEqual(guardian.refusal(host: nil, origin: nil, token: token)?.status, 421)
        XCTAssertEqual(guardian.refusal(host: "127.0.0.1:8123", origin: "http://evil.example", token: token)?.status, 403, "another site")
        XCTAssertEqual(guardian.refusal(host: "127.0.0.1:8123", origin: "null", token: token)?.status, 403, "a sandboxed or file page")
    }

    func testTokensAreRandom32HexDigits() {
        let a = RequestGuard.randomToken(), b = RequestGuard.randomToken()
        XCTAssertEqual(a.count, 32)
        XCTAssertTrue(a.allSatisfy(\.isHexDigit))
        XCTAssertNotEqual(a, b)
    }

    /// The assets in the binary are the files in Sources/LatentView/Assets (scripts/embed-viewer-assets).
    func testTheEmbeddedAssetsAreTheAssetFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/LatentView/Assets")
        for (file, text) in [("page.html", ViewerAssetText.page), ("viewer.js", ViewerAssetText.script), ("viewer.css", ViewerAssetText.style)] {
            let onDisk = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            XCTAssertEqual(text + "\n", onDisk, "\(file) changed: run scripts/embed-viewer-assets")
        }
    }

    func testPointsTravelAsLittleEndianArrays() {
        let bytes = MapBinary.points(ViewPoints(x: [1, 2], y: [3, 4], labels: [0, -1], pinned: [1]))
        XCTAssertEqual(Array(bytes[0..<4]), Array("LVP1".utf8))
        XCTAssertEqual(bytes.count, 16 + 2 * 12 + 4)
        let floats = bytes[16..<32].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        XCTAssertEqual(floats, [1, 2, 3, 4])
        let ints = bytes[32..<44].withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
        XCTAssertEqual(ints, [0, -1, 1])
    }
}
