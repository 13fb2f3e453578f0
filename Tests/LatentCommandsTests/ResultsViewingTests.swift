import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript
import LatentCore

/// Looking at results through the commands: the gnuplot scripts `plot loss`, `plot compare`
/// and `plot embedding` send (captured by a gnuplot wrapper that keeps each script and runs the real one), and
/// `copy` branching a model exactly and independently.
final class ResultsViewingTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "latent-results-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/scripts", withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// A session in `dir` with two small gne models m and m2 trained on 200 digits.
    func makeSession(_ extra: String = "") throws -> (Session, CapturedOutput) {
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: dir)
        let digits = LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv").path
        let script = """
            set seed 5
            set progress false
            d = head (load \(Value.quote(digits)) label=first scale=16) 200
            m = model gne dims=2 width=8 blocks=1 plain=true
            train m d epochs=2 batch=50
            m2 = model gne dims=2 width=8 blocks=1 plain=true
            train m2 d epochs=3 batch=50
            \(extra)
            """
        XCTAssertEqual(session.run(script, file: "setup.latent").status, 0, output.text)
        return (session, output)
    }

    /// Points `session` at a gnuplot wrapper that keeps every plot script in dir/scripts; returns a reader
    /// of the last script kept (its bytes: command text and the binary records).
    func captureScripts(_ session: Session) throws -> () throws -> [UInt8] {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") else { throw XCTSkip("gnuplot is not installed") }
        let wrapper = dir + "/gnuplot.sh"
        try """
            #!/bin/sh
            for a; do last="$a"; done
            case "$last" in *.gp) cp "$last" "\(dir!)/scripts/$(ls "\(dir!)/scripts" | wc -l).gp";; esac
            exec /usr/bin/gnuplot "$@"
            """.write(toFile: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        try session.changeSetting("gnuplot", to: .string(wrapper))
        return {
            let names = try FileManager.default.contentsOfDirectory(atPath: self.dir + "/scripts")
            let last = try XCTUnwrap(names.compactMap { Int($0.dropLast(3)) }.max())
            return Array(try Data(contentsOf: URL(fileURLWithPath: self.dir + "/scripts/\(last).gp")))
        }
    }

    func run(_ text: String, _ session: Session, _ output: CapturedOutput) {
        output.reset()
        XCTAssertEqual(session.run(text, file: "plot.latent").status, 0, "\(text)\n\(output.text)")
    }

    /// `plot loss m m2` names its lines m and m2, `plot compare m m2` its panels; an expression keeps the
    /// origin as the title.
    func testLinesAndPanelsAreNamedByVariable() throws {
        let (session, output) = try makeSession()
        let lastScript = try captureScripts(session)
        run("plot loss m m2 to \"loss.svg\"", session, output)
        var text = String(decoding: try lastScript(), as: UTF8.self)
        XCTAssertTrue(text.contains("title 'm'\n") || text.contains("title 'm', "), text)
        XCTAssertTrue(text.contains("title 'm2'"), text)
        XCTAssertFalse(text.contains("gne#"), text)
        run("plot compare m m2 to \"compare.svg\"", session, output)
        text = String(decoding: try lastScript(), as: UTF8.self)
        XCTAssertTrue(text.contains("set title 'm'\n"), text)
        XCTAssertTrue(text.contains("set title 'm2'\n"), text)
        run("plot compare (embed m d) m2 to \"compare.svg\"", session, output)
        text = String(decoding: try lastScript(), as: UTF8.self)
        XCTAssertTrue(text.contains("set title 'gne on "), text)
    }

    /// size=, pointsize= and alpha= reach gnuplot: the terminal size, `ps`, and 0xAARRGGBB point colours
    /// with transparency 0.7 * 255 (the opacity is 0.3); text plots take their size in characters.
    func testSizePointSizeAndAlphaReachGnuplot() throws {
        let (session, output) = try makeSession()
        let lastScript = try captureScripts(session)
        run("plot embedding m to \"dense.png\" size=[800, 600] pointsize=0.5 alpha=0.3", session, output)
        let bytes = try lastScript()
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("size 800,600"), text)
        XCTAssertTrue(text.contains(" ps 0.5 lc rgb variable"), text)
        let colour = (UInt32(179) << 24) | 0x1F77B4          // class 0, transparency round(0.7 * 255)
        let pattern = withUnsafeBytes(of: colour.littleEndian) { Array($0) }
        XCTAssertTrue((0...(bytes.count - 4)).contains { Array(bytes[$0..<($0 + 4)]) == pattern }, "a translucent class-0 point")
        run("plot embedding m to \"map.txt\" size=[80, 30]", session, output)
        XCTAssertTrue(String(decoding: try lastScript(), as: UTF8.self).contains("set terminal dumb size 80,30"))
        run("plot compare m m2 to \"side.svg\" size=[1000, 400]", session, output)
        XCTAssertTrue(String(decoding: try lastScript(), as: UTF8.self).contains("set terminal svg size 1000,400"))
    }

    /// Out-of-range options are refused before gnuplot runs, with the range in the sentence.
    func testPlotOptionsAreValidated() throws {
        let (session, output) = try makeSession()
        for (line, message) in [
            ("plot embedding m to \"a.png\" size=[50, 600]", "option 'size' of 'plot embedding' must be 100 to 8000 pixels each way for png output, got 50x600"),
            ("plot embedding m to \"a.txt\" size=[800, 600]", "option 'size' of 'plot embedding' must be 20 to 500 characters each way for dumb output, got 800x600"),
            ("plot embedding m to \"a.png\" size=[800]", "option 'size' of 'plot embedding' needs [width, height], got 1 number"),
            ("plot embedding m to \"a.png\" pointsize=0", "option 'pointsize' of 'plot embedding' must be between 0.05 and 10, got 0"),
            ("plot compare m m2 to \"a.png\" alpha=2", "option 'alpha' of 'plot compare' must be between 0.01 and 1 (1 is opaque), got 2"),
            ("plot embedding m to \"a.png\" dims=[0, 2]", "option 'dims' of 'plot embedding' names column 2, but the model's table has columns 0 to 1"),
        ] {
            output.reset()
            XCTAssertNotEqual(session.run(line, file: "bad.latent").status, 0, line)
            XCTAssertTrue(output.errorText.contains(message), "\(line)\n\(output.errorText)")
        }
    }

    /// A 2-column Dataset plots as an embedding; a 3-column one is refused naming the dataset, its columns and
    /// the 2 needed, unless dims= picks two.
    func testDatasetsOfCoordinatesPlot() throws {
        let (session, output) = try makeSession()
        try "x,y,label\n0.5,1,0\n1.5,0.2,1\n2,2,1\n".write(toFile: dir + "/umap.csv", atomically: true, encoding: .utf8)
        try "a,b,c,label\n0.5,1,3,0\n1.5,0.2,3,1\n2,2,3,1\n".write(toFile: dir + "/wide.csv", atomically: true, encoding: .utf8)
        let lastScript = try captureScripts(session)
        run("u = load \"umap.csv\" label=last\nplot embedding u to \"u.svg\"", session, output)
        let text = String(decoding: try lastScript(), as: UTF8.self)
        XCTAssertTrue(text.contains("set xlabel 'x'") && text.contains("set ylabel 'y'"), text)
        XCTAssertTrue(text.contains("binary record=(3)"), text)
        run("plot compare u m to \"side.svg\"", session, output)
        XCTAssertTrue(String(decoding: try lastScript(), as: UTF8.self).contains("set title 'u'\n"))
        output.reset()
        XCTAssertNotEqual(session.run("w = load \"wide.csv\" label=last\nplot embedding w to \"w.svg\"", file: "w.latent").status, 0)
        XCTAssertTrue(output.errorText.contains("dataset 'wide' has 3 columns (a, b, c); 'plot embedding' needs 2 (x and y coordinates), or dims=[i, j] to pick two"),
                      output.errorText)
        run("plot embedding w to \"w.svg\" dims=[2, 0]", session, output)
        let picked = String(decoding: try lastScript(), as: UTF8.self)
        XCTAssertTrue(picked.contains("set xlabel 'c'") && picked.contains("set ylabel 'a'"), picked)
    }

    /// After `m3 = copy m`, the same train on each prints bit-identical losses whichever trains first, and
    /// training the copy changes neither m's table nor its history.
    func testCopyBranchesExactlyAndIndependently() throws {
        let (session, output) = try makeSession("""
            train m d epochs=1 batch=50 lr=0.01
            m3 = copy m
            train m3 d epochs=2
            train m d epochs=2
            """)
        func value(_ name: String) throws -> Value { try XCTUnwrap(session.globals.values[name], name) }
        func losses(_ name: String) throws -> [Double] {
            try XCTUnwrap(try value(name).object(as: ModelObject.self)?.model?.history.epochs.map { $0.losses["loss"]! })
        }
        XCTAssertEqual(try losses("m3"), try losses("m"), "bit-identical losses after the copy")
        XCTAssertEqual(try losses("m").count, 5)
        let m = try XCTUnwrap(try value("m").object(as: ModelObject.self)?.model)
        let m3 = try XCTUnwrap(try value("m3").object(as: ModelObject.self)?.model)
        XCTAssertTrue(m.parameters.flatMap { $0.value.values } == m3.parameters.flatMap { $0.value.values }, "the same parameters")
        XCTAssertFalse(m === m3)
        let table = m.parameters.flatMap { $0.value.values }
        run("train m3 d epochs=2 lr=0.05", session, output)
        XCTAssertTrue(m.parameters.flatMap { $0.value.values } == table, "training the copy leaves m as it was")
        XCTAssertEqual(try losses("m").count, 5)
        XCTAssertEqual(try losses("m3").count, 7)
        XCTAssertEqual(try XCTUnwrap(try value("m").object(as: ModelObject.self)?.trainOptions["lr"]?.number), 0.01)
        // The branch streams do not depend on which model trains first.
        let (other, otherOutput) = try makeSession("""
            train m d epochs=1 batch=50 lr=0.01
            m3 = copy m
            train m d epochs=2
            train m3 d epochs=2
            """)
        XCTAssertEqual(otherOutput.errorText, "")
        let first = try XCTUnwrap(other.globals.values["m3"]?.object(as: ModelObject.self)?.model?.history.epochs.map { $0.losses["loss"]! })
        XCTAssertEqual(first, Array(try losses("m").prefix(5)), "m3 trained second here, first before: the same losses")
    }

    /// `head` of an embedding lists class names beside the labels; a copy of a model not yet trained is built
    /// from the same generator as the original, so the two train identically from the start.
    func testHeadNamesClassesAndAnUntrainedCopyTrainsAlike() throws {
        var csv = "a,b,c,species\n"
        for i in 0..<30 { csv += "\(Double(i) / 10),\(Double(i % 3) + 0.5),\(i % 5),\(["setosa", "versicolor", "virginica"][i % 3])\n" }
        try csv.write(toFile: dir + "/names.csv", atomically: true, encoding: .utf8)
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: dir)
        let script = """
            set seed 2
            set progress false
            w = load "names.csv" label=last
            n = model gne dims=2 width=4 blocks=1
            n2 = copy n
            train n w epochs=2 batch=10
            train n2 w epochs=2 batch=10
            same = n.losses == n2.losses
            move n [0, 1] to=[1, 2.5]
            head (embed n w) 2
            """
        XCTAssertEqual(session.run(script, file: "names.latent").status, 0, output.text)
        XCTAssertEqual(session.globals.values["same"]?.bool, true)
        XCTAssertTrue(output.text.hasSuffix("""
            Embedding: first 2 of 30 points in 2-D (gne on names)
              row   dim 1   dim 2  label
                0  1.0000  2.5000  0 setosa
                1  1.0000  2.5000  1 versicolor

            """), output.text)
    }
}
