import Foundation
import XCTest
@testable import LatentScript
@testable import LatentCommands

/// Ordinary CSVs through `load` and `eval` in a session.
final class MessyCSVEndToEndTests: FolderSessionTestCase {
    override func setUpWithError() throws {
        try makeFolder("csv")
        // a pandas to_csv() file: unnamed index, a quoted text label in the middle, one gap
        var text = ",sl,species,sw,pl\n"
        for r in 0..<40 {
            let species = r % 2 == 0 ? "\"setosa, Iris\"" : "virginica"
            let sw = r == 7 ? "NA" : String(format: "%.2f", 3.0 + Double(r % 5) * 0.1)
            text += "\(r),\(String(format: "%.2f", 5.0 + Double(r % 7) * 0.1)),\(species),\(sw),\(String(format: "%.2f", 1.0 + Double(r % 3) * 0.2))\n"
        }
        try text.write(toFile: dir + "/iris.csv", atomically: true, encoding: .utf8)
        startSession("set timings false\nset threads 1")
    }

    func testGapsAreRefusedNamingTheOptionThenFilled() {
        let (status, text) = run("d = load \"iris.csv\"")
        XCTAssertNotEqual(status, 0, text)
        XCTAssertTrue(text.contains("iris.csv:9: 1 row of 40 has a missing value"), text)
        XCTAssertTrue(text.contains("column 4 ('sw')"), text)
        XCTAssertTrue(text.contains("na=drop"), text)
        let (ok, loaded) = run("d = load \"iris.csv\" na=median\nprint d")
        XCTAssertEqual(ok, 0, loaded)
        XCTAssertTrue(loaded.contains("note: iris.csv: dropped column 1, an unnamed index holding 0 to 39"), loaded)
        XCTAssertTrue(loaded.contains("note: iris.csv: na=median filled 1 missing value in 1 column"), loaded)
        XCTAssertTrue(loaded.contains("iris: 40 samples x 3 features, 2 classes, float32"), loaded)
    }

    func testColumnsAndDropByNameAndNumber() {
        let (status, text) = run("a = load \"iris.csv\" columns=[\"pl\", 2]\nprint a\nb = load \"iris.csv\" na=zero drop=[4, \"pl\"]\nprint b")
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("iris: 40 samples x 2 features, 2 classes, float32"), text)   // the gap is in sw, not chosen
        XCTAssertTrue(text.contains("iris: 40 samples x 1 features, 2 classes, float32"), text)
        let (bad, message) = run("c = load \"iris.csv\" columns=[9]")
        XCTAssertNotEqual(bad, 0, message)
        XCTAssertTrue(message.contains("columns: column 9 is out of range; the file has 5 columns, numbered 1 to 5"), message)
    }

    func testClassNamesSurviveExportAndLoadOfNPY() {
        let script = """
        d = load "iris.csv" na=mean
        export d to "d.npy"
        back = load "out/d.npy"
        print back
        """
        let (status, text) = run(script)
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("note: labels from out/d.labels.npy"), text)
        XCTAssertTrue(text.contains("note: class names from out/d.classes.csv"), text)
        XCTAssertTrue(text.contains("d: 40 samples x 3 features, 2 classes, float32"), text)
        XCTAssertEqual(try? String(contentsOfFile: dir + "/out/d.classes.csv", encoding: .utf8),
                       "label,name\n0,\"setosa, Iris\"\n1,virginica\n")
    }

    func testEvalOfUnlabelledDataReportsNeighbourhoodsAndMSE() {
        let script = """
        u = load "iris.csv" na=mean label=none drop=["species"]
        m = model gne dims=2 width=8 blocks=1
        train m u epochs=2 batch=10
        r = eval m u trust=3 subsample=40
        print (r.trustworthiness > 0)
        """
        let (status, text) = run(script)
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("has no labels: no kNN accuracy"), text)
        XCTAssertTrue(text.contains("trustworthiness "), text)
        XCTAssertTrue(text.contains("continuity "), text)
        XCTAssertTrue(text.contains("reconstruction MSE per feature"), text)
        XCTAssertFalse(text.contains("accuracy "), text)
        XCTAssertTrue(text.hasSuffix("true\n"), text)
        let (skip, message) = run("e = embed m u\neval e u trust=0")
        XCTAssertNotEqual(skip, 0, message)
        XCTAssertTrue(message.contains("nothing to score"), message)
    }
}
