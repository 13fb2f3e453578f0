import Foundation
import XCTest
@testable import LatentCommands
@testable import LatentScript

/// The one-step path: `m = model gne` then `train m d` with no options makes a good map (the neighbour force,
/// the spectral start, a plan sized to the data), `load` scales on its own (scale=auto) and says so, a model
/// places new rows through its training data's preprocessing (also after save and load), and `train` says
/// when a map is far from converged (the digits with every default, through the binary: LatentBinaryTests'
/// DefaultMapThroughTheBinaryTests).
final class DefaultMapTests: FolderSessionTestCase {
    override func setUpWithError() throws {
        try makeFolder("defaults")
        // two informative columns of very different ranges and a third of noise: 3 classes along column a
        var csv = "a,b,c,label\n", far = csv
        var rng = SystemRandomNumberGenerator()
        for i in 0..<90 {
            let cls = i % 3
            let a = Double(cls) + Double.random(in: -0.3...0.3, using: &rng)
            let b = 1000 * (Double(cls) + Double.random(in: -0.3...0.3, using: &rng))
            let c = Double.random(in: 0...1, using: &rng)
            csv += "\(a),\(b),\(c),k\(cls)\n"
            far += "\(a),\(1000 * b),\(c),k\(cls)\n"
        }
        try csv.write(toFile: dir + "/wide.csv", atomically: true, encoding: .utf8)
        try far.write(toFile: dir + "/far.csv", atomically: true, encoding: .utf8)
        try "x,y,label\n1,2,a\n2,3,b\n3,1,a\n4,4,b\n".write(toFile: dir + "/narrow.csv", atomically: true, encoding: .utf8)
        let digits = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/digits.csv").path
        try FileManager.default.createSymbolicLink(atPath: dir + "/digits.csv", withDestinationPath: digits)
        startSession("set seed 1\nset timings false")
    }

    /// One epoch of a default map is far from converged, and train says so once, with the fix.
    func testOneEpochGetsTheConvergenceNote() throws {
        let (status, text) = run("d = load \"digits.csv\" label=first image=[8, 8]\nd = head d 300\nq = model gne\ntrain q d epochs=1")
        XCTAssertEqual(status, 0, text)
        XCTAssertEqual(text.components(separatedBy: "note: the map is far from converged").count, 2, text)
        XCTAssertTrue(text.contains("train it again"), text)
    }

    /// The paper's method is one option away, and it is told when one step per epoch cannot converge.
    func testPlainIsThePapersMethodAndGetsTheNote() throws {
        let (status, text) = run("d = load \"wide.csv\"\nm = model gne plain=true\ntrain m d epochs=3")
        XCTAssertEqual(status, 0, text)
        XCTAssertFalse(text.contains("neighbour graph"), text)
        XCTAssertTrue(text.contains("note: the map is far from converged: 3 optimiser steps in all"), text)
    }

    /// A table whose columns differ by orders of magnitude loads standardised, with one line; a narrow one
    /// loads as it is, silently; scale=none keeps the raw values.
    func testWideTableLoadsStandardisedWithTheLineSaid() throws {
        let (status, text) = run("""
            d = load "wide.csv"
            n = load "narrow.csv" label="label"
            raw = load "wide.csv" scale="none"
            """)
        XCTAssertEqual(status, 0, text)
        XCTAssertEqual(text.components(separatedBy: "scale=auto: standardised the 3 columns (mean 0, standard deviation 1)").count, 2, text)
        XCTAssertEqual(text.components(separatedBy: "\n").filter { !$0.isEmpty }.count, 1, "one line in all: \(text)")
        let d = try XCTUnwrap(session.globals.values["d"]?.object as? DatasetObject).dataset.featureStats()
        for j in 0..<3 {
            XCTAssertEqual(Double(d.mean[j]), 0, accuracy: 1e-4)
            XCTAssertEqual(Double(d.std[j]), 1, accuracy: 1e-4)
        }
        let raw = try XCTUnwrap(session.globals.values["raw"]?.object as? DatasetObject).dataset.featureStats()
        XCTAssertGreaterThan(raw.max[1], 1500)
        let n = try XCTUnwrap(session.globals.values["n"]?.object as? DatasetObject).dataset
        XCTAssertTrue(n.hasIdentityTransform)
    }

    /// A model trained on standardised rows places the raw rows where the same rows standardised go, and so
    /// does the model saved and loaded; rows far outside the training range get one warning with the numbers.
    func testRawRowsArePlacedAsTheStandardisedRows() throws {
        let (status, text) = run("""
            raw = load "wide.csv" scale="none"
            d = scale raw standard
            m = model gne
            train m d epochs=20
            s = embed m (head d 30)
            r = embed m (head raw 30)
            save m "wide.model"
            m2 = load "wide.model"
            r2 = embed m2 (head raw 30)
            """)
        XCTAssertEqual(status, 0, text)
        let s = try XCTUnwrap(session.globals.values["s"]?.object as? EmbeddingObject).points
        for name in ["r", "r2"] {
            let r = try XCTUnwrap(session.globals.values[name]?.object as? EmbeddingObject).points
            XCTAssertEqual(r.rows, 30)
            var worst: Float = 0
            for i in 0..<r.count { worst = max(worst, abs(r.values[i] - s.values[i])) }
            XCTAssertLessThan(worst, 1e-3, "\(name): raw rows placed apart from the standardised rows")
        }
        XCTAssertFalse(output.errorText.contains("warning"), output.errorText)

        // rows whose column b is 1000 times the training rows': one warning, naming the column and the numbers
        let (status2, far) = run("big = load \"far.csv\" scale=\"none\"\ne = embed m big\ne = embed m big")
        XCTAssertEqual(status2, 0, far)
        let warnings = output.errorText.components(separatedBy: "lies far outside the model's training range").count - 1
        XCTAssertEqual(warnings, 1, output.errorText)
        XCTAssertTrue(output.errorText.contains("column 'b' reaches"), output.errorText)
    }
}
