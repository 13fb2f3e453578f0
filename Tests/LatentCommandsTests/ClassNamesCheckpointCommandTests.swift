import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript

/// A model trained on data with class names keeps them and its training labels through `save` and `load`:
/// the reloaded model's table plots with the names in its legend.
final class ClassNamesCheckpointCommandTests: XCTestCase {
    func testALoadedModelKeepsItsClassNamesAndLabels() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try IrisFixture.csv.write(to: folder.appendingPathComponent("iris.csv"), atomically: true, encoding: .utf8)
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: folder.path)
        let plots = gnuplotAvailable
        let script = """
            set progress false
            d = load "iris.csv" label="species" scale=minmax quiet=true
            m = model gne width=8 blocks=1
            train m d epochs=1 batch=50
            save m "m.model"
            l = load "m.model" quiet=true
            """ + (plots ? "\nplot embedding l to=\"l.svg\"" : "")
        XCTAssertEqual(session.run(script, file: "t.latent").status, 0, output.text)
        let loaded = try XCTUnwrap(session.globals.values["l"]?.object as? ModelObject)
        let trained = try XCTUnwrap(session.globals.values["m"]?.object as? ModelObject)
        XCTAssertEqual(loaded.labelNames, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(loaded.trainingLabels, trained.trainingLabels)
        XCTAssertEqual(loaded.trainingLabels?.count, 150)
        if plots {
            let svg = try String(contentsOf: folder.appendingPathComponent("out/l.svg"), encoding: .utf8)
            for name in ["setosa", "versicolor", "virginica"] { XCTAssertTrue(svg.contains(name), "legend names \(name)") }
        }
    }

    /// A reloaded gne given other data of its table's size fits them with the decoder frozen, not its table:
    /// the checkpoint's training-data digest tells them apart (before it, any 150 rows got the table back).
    func testALoadedModelTellsItsTrainingDataFromOtherDataOfTheSameSize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latent-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try IrisFixture.csv.write(to: folder.appendingPathComponent("iris.csv"), atomically: true, encoding: .utf8)
        let output = CapturedOutput()
        let session = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: folder.path)
        let script = """
            set progress false
            set seed 3
            d = load "iris.csv" label="species" scale=minmax quiet=true
            other = load "iris.csv" label="species" scale=standard quiet=true
            m = model gne width=8 blocks=1 output=sigmoid
            train m d epochs=2 batch=50
            save m "m.model"
            l = load "m.model" quiet=true
            same = embed l d
            fitted = embed l other steps=3
            """
        XCTAssertEqual(session.run(script, file: "t.latent").status, 0, output.text)
        func points(_ name: String) throws -> [Float] {
            let e = try XCTUnwrap(session.globals.values[name]?.object as? EmbeddingObject)
            return Array(UnsafeBufferPointer(start: e.points.base, count: e.points.count))
        }
        let model = try XCTUnwrap(session.globals.values["l"]?.object as? ModelObject)
        let table = try XCTUnwrap(model.model?.asTables?.trainingEmbedding)
        let tableValues = Array(UnsafeBufferPointer(start: table.base, count: table.count))
        XCTAssertNotNil(model.trainingDigest, "the checkpoint stores the training data's digest")
        XCTAssertTrue(try points("same") == tableValues, "the training data get the table back")
        XCTAssertFalse(try points("fitted") == tableValues, "other data of the same size are fitted, not given the table")
    }
}
