import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// Files come back from where they went: `save history`, `record` and `export` say
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

    /// Writing to a folder (or through a file used as a folder) is refused with a sentence naming the
    /// path, never Foundation's error text; `record` over an existing transcript says it replaces it.
    func testWritesToFoldersAreRefusedWithASentenceAndRecordSaysWhatItReplaces() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("latent-folders-\(UUID().uuidString)")
        for folder in ["adir", "out/f.csv", "out/f.model"] {
            try FileManager.default.createDirectory(at: work.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: work) }
        try "x".write(to: work.appendingPathComponent("plain.txt"), atomically: true, encoding: .utf8)
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: work.path)
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        XCTAssertEqual(session.run("""
            set progress false
            d = head (load "\(digits)" label=first scale=16) 100
            m = model gne dims=2 width=8 blocks=1
            train m d epochs=1 batch=50
            e = embed m d
            """, file: "setup.latent").status, 0, output.text)
        let refusals: [(String, String)] = [
            ("record \"adir\"", "it is a folder"), ("record \"adir/\"", "it is a folder"),
            ("save history \"adir\"", "it is a folder"), ("export e to \"f.csv\"", "out/f.csv: cannot be written: it is a folder"),
            ("save m \"f.model\"", "out/f.model: cannot be written: it is a folder"), ("save m \"adir/\"", "it is a folder"),
            ("record \"plain.txt/t.md\"", "plain.txt' cannot be created: a file of that name already exists"),
            ("export e to \"plain.txt/e.csv\"", "plain.txt' cannot be created: a file of that name already exists"),
            ("save m \"plain.txt/m.model\"", "plain.txt' cannot be created: a file of that name already exists"),
        ]
        for (statement, sentence) in refusals {
            output.reset()
            XCTAssertEqual(session.run(statement, file: "w.latent").status, 70, statement)
            XCTAssertTrue(output.text.hasPrefix("w.latent:1:"), output.text)
            XCTAssertTrue(output.text.contains(sentence), "\(statement): \(output.text)")
            for foundation in ["NSCocoaErrorDomain", "Error Domain", "error 512", "Code="] {
                XCTAssertFalse(output.text.contains(foundation), "\(statement): \(output.text)")
            }
        }
        XCTAssertFalse(session.isRecording)

        let notes = work.appendingPathComponent("notes.md")
        try "old notes".write(to: notes, atomically: true, encoding: .utf8)
        var parts = DateComponents()
        (parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second) = (2001, 2, 3, 4, 5, 6)
        let written = try XCTUnwrap(Calendar.current.date(from: parts))
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: notes.path)
        output.reset()
        XCTAssertEqual(session.run("record \"notes.md\"\nrecord stop\nrecord \"new.md\"\nrecord stop", file: "r.latent").status, 0)
        XCTAssertEqual(output.text, """
            recording to notes.md, replacing the file written 2001-02-03 04:05:06
            stopped recording
            recording to new.md
            stopped recording

            """)
        XCTAssertTrue(try String(contentsOf: notes, encoding: .utf8).hasPrefix("# latent session"))
    }
}
