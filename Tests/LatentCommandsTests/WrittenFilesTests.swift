import Foundation
import XCTest
@testable import LatentCommands
@testable import LatentScript

/// Files come back from where they went (issue 16, item 5): `save history`, `record` and `export` say
/// where they wrote, and `load "digits.model"` finds what `save m "digits.model"` wrote under out/.
final class WrittenFilesTests: XCTestCase {
    func testSavedFilesAreNamedAndFoundAgain() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("latent-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("samples"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv"),
                                         to: work.appendingPathComponent("samples/digits.csv"))
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: work.path)
        let script = """
            set progress false
            d = head (load "samples/digits.csv" label=first scale=16) 100
            m = model gne dims=2 width=8 blocks=1
            train m d epochs=1 batch=50
            save m "digits.model"
            m2 = load "digits.model"
            print m2.epochs
            e = embed m d
            export e to "e.csv"
            record "notes.md"
            record stop
            save history "h.latent"
            """
        XCTAssertEqual(session.run(script, file: "files.latent").status, 0, output.text)
        let lines = output.text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("loaded gne dims=2, ") && $0.contains(" 1 epoch,") }, output.text)
        XCTAssertEqual(Array(lines.suffix(5)), ["1", "wrote out/e.csv", "recording to notes.md", "stopped recording",
                                                "wrote h.latent (9 statements)"], output.text)
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/digits.model").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: work.appendingPathComponent("h.latent").path))
        output.reset()
        XCTAssertEqual(session.run("x = load \"missing.model\"", file: "m.latent").status, 70)
        XCTAssertTrue(output.text.contains("missing.model"), output.text)
    }
}
