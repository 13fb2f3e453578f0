import Foundation
import LatentCore
import LatentModels
import XCTest
@testable import LatentScript
@testable import LatentCommands
@testable import LatentNeighbours

/// Indices and numbers that come from data or arguments are checked where they enter:
/// a label beyond a supervised model's classes, a neighbour graph of other data, non-finite
/// weights, coordinates and step sizes. Each case used to write or read past a buffer, or go through.
final class DataBoundaryTests: FolderSessionTestCase {
    override func setUpWithError() throws {
        try makeFolder("bounds")
        // 40 rows of 8 features, label first: rows 0-29 hold classes 0 and 1, rows 30-39 class 2
        var rng = Rng(seed: 3)
        var text = ""
        for r in 0..<40 {
            let label = r < 30 ? r % 2 : 2
            text += "\(label)," + (0..<8).map { _ in String(format: "%.3f", rng.uniform()) }.joined(separator: ",") + "\n"
        }
        try text.write(toFile: dir + "/labelled.csv", atomically: true, encoding: .utf8)
        startSession("set timings false\nset threads 1\nd = load \"labelled.csv\" label=first header=no\nsub = head d 30")
    }

    /// Train on a subset that lacks the top class, then embed the full set: refused with the dataset, the
    /// label and the allowed range (it wrote past the decoder input before).
    func testEmbeddingDataWithALabelBeyondTheModelsClassesIsRefused() {
        XCTAssertEqual(run("m = model gnd supervised=true dims=2 width=8 blocks=1\ntrain m sub epochs=2 batch=10").0, 0, output.text)
        let (status, text) = run("e = embed m d steps=3 lattice=0")
        XCTAssertNotEqual(status, 0, text)
        XCTAssertTrue(text.contains("dataset 'labelled' has label 2 at row 30"), text)
        XCTAssertTrue(text.contains("built for 2 classes (labels 0 to 1)"), text)
    }

    /// A saved supervised model trained on two classes, given data of the same size with a third class.
    func testTrainingALoadedSupervisedModelOnDataWithMoreClassesIsRefused() {
        let setup = """
        m = model gnd supervised=true dims=2 width=8 blocks=1
        train m sub epochs=1 batch=10
        save m "m.model"
        other = sample d 30
        n = load "out/m.model"
        """
        XCTAssertEqual(run(setup).0, 0, output.text)
        let (status, text) = run("train n other epochs=1 batch=10")
        XCTAssertNotEqual(status, 0, text)
        XCTAssertTrue(text.contains("has label 2 at row"), text)
        XCTAssertTrue(text.contains("labels 0 to 1"), text)
    }

    /// `neighbours m d2` with d2 larger than the model's table used to read past the table.
    func testANeighbourGraphOfOtherDataIsRefused() {
        XCTAssertEqual(run("g = model gne dims=2 width=8 blocks=1\ntrain g sub epochs=1 batch=10").0, 0, output.text)
        let (status, text) = run("neighbours g d k=3 pca=0")
        XCTAssertNotEqual(status, 0, text)
        XCTAssertTrue(text.contains("'labelled' has 40 samples, but the model's table has 30 rows"), text)
    }

    /// save refuses a model with NaN weights unless force=true; move and embed refuse infinite numbers (a literal
    /// 1e999 is a syntax error, so the infinity is computed).
    func testNonFiniteWeightsCoordinatesAndStepSizesAreRefused() throws {
        XCTAssertEqual(run("g = model gne dims=2 width=8 blocks=1\ntrain g sub epochs=1 batch=10").0, 0, output.text)
        var (status, text) = run("move g [0, 1] to=[(1e308 * 10), 0]")
        XCTAssertNotEqual(status, 0, text)
        XCTAssertTrue(text.contains("must be finite coordinates"), text)
        (status, text) = run("e = embed g d lr=(1e308 * 10)")
        XCTAssertNotEqual(status, 0, text)
        XCTAssertTrue(text.contains("lr must be positive and finite"), text)

        guard case .object(let object as ModelObject)? = session.variables["g"], let model = object.model else {
            return XCTFail("no model g")
        }
        model.parameters[1].value.base[0] = .nan
        (status, text) = run("save g \"g.model\"")
        XCTAssertNotEqual(status, 0, text)
        XCTAssertTrue(text.contains("holds NaN or infinite values; save refuses"), text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/out/g.model") || FileManager.default.fileExists(atPath: dir + "/g.model"))
        (status, text) = run("save g \"g.model\" force=true")
        XCTAssertEqual(status, 0, text)
    }
}
