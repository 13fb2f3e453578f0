import Foundation
import XCTest
import LatentTestSupport

/// `latent --protocol` (what the Jupyter kernel drives), through the binary: JSON lines in and out.
final class ProtocolModeTests: XCTestCase {
    private func replies(_ requests: [[String: Any]], in folder: URL? = nil) throws -> [[String: Any]] {
        let input = try requests.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        let outcome = try LatentBinary.run(["--protocol"], stdin: input, in: folder)
        XCTAssertEqual(outcome.status, 0, outcome.output)
        return outcome.output.split(separator: "\n").filter { $0.hasPrefix("{") }.map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:]
        }
    }

    func testStreamsErrorsWithTheLineAndCompletion() throws {
        let out = try replies([
            ["op": "execute", "code": "x = 2 + 3\nprint (x * 2)"],
            ["op": "execute", "code": "print x\nd = load \"nosuch.csv\""],
            ["op": "complete", "code": "print x\ntra", "cursor": 11],
            ["op": "execute", "code": "exit 3"],
            ["op": "execute", "code": "print (x + 1)"],
        ])
        guard out.count == 9 else { return XCTFail("\(out)") }
        let types = out.map { $0["type"] as? String ?? "?" }
        XCTAssertEqual(types, ["stream", "done", "stream", "done", "completion", "stream", "done", "stream", "done"])
        XCTAssertEqual(out[0]["text"] as? String, "10\n")
        XCTAssertEqual(out[1]["status"] as? String, "ok")
        XCTAssertEqual(out[2]["text"] as? String, "5\n")
        XCTAssertEqual(out[3]["status"] as? String, "error")
        XCTAssertEqual(out[3]["line"] as? Int, 2)
        let error = out[3]["error"] as? String ?? ""
        XCTAssertTrue(error.hasPrefix("cell[2]:2:5: error: nosuch.csv: no such file"), error)
        XCTAssertTrue(error.contains("d = load \"nosuch.csv\"\n    ^~~~"), error)
        XCTAssertEqual(out[4]["start"] as? Int, 8)
        XCTAssertEqual(out[4]["end"] as? Int, 11)
        XCTAssertTrue((out[4]["matches"] as? [String] ?? []).contains("train"), "\(out[4])")
        XCTAssertTrue((out[5]["text"] as? String ?? "").contains("restart the kernel"))
        XCTAssertEqual(out[7]["text"] as? String, "6\n", "exit leaves the session running")
    }

    func testPlotsAreReportedAsImageFiles() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") else { throw XCTSkip("no gnuplot") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-protocol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        let out = try replies([["op": "execute", "code": """
            set seed 7
            d = load "\(digits)" label=first scale=16 image=[8, 8]
            m = model gne dims=2 init=pca
            train m d epochs=2 batch=128
            plot loss m
            """]], in: folder)
        let displays = out.filter { $0["type"] as? String == "display" }
        XCTAssertEqual(displays.count, 1, "\(out)")
        let path = displays.first?["path"] as? String ?? ""
        XCTAssertEqual(displays.first?["mime"] as? String, "image/png")
        XCTAssertTrue(path.hasPrefix("/") && path.hasSuffix("out/loss.png"), path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(Array(bytes.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        XCTAssertEqual(out.last?["status"] as? String, "ok")
    }

    func testKernelInstallWritesAKernelspec() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-kernelspec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try LatentBinary.run(["kernel", "install", "--prefix", folder.path, "--python", "/x/python"])
        XCTAssertEqual(outcome.status, 0, outcome.output)
        let spec = folder.appendingPathComponent("share/jupyter/kernels/latent")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: spec.appendingPathComponent("kernel.json"))) as? [String: Any]
        let argv = json?["argv"] as? [String] ?? []
        XCTAssertEqual(argv.first, "/x/python")
        XCTAssertEqual(argv.dropFirst().first, spec.appendingPathComponent("latent_kernel.py").path)
        XCTAssertTrue(argv.contains("{connection_file}"))
        XCTAssertEqual(json?["interrupt_mode"] as? String, "signal")
        let wrapper = try String(contentsOf: spec.appendingPathComponent("latent_kernel.py"), encoding: .utf8)
        XCTAssertTrue(wrapper.contains("class LatentKernel(Kernel)"))
    }
}
