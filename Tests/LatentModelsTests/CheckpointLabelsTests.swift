import XCTest
import Foundation
@testable import LatentCore
@testable import LatentModels

/// Format version 2 keeps the training labels and class names; version 1 files still
/// load; names and labels are checked against the model with a sentence naming the file.
final class CheckpointLabelsTests: XCTestCase {
    let names = ["setosa", "versicolor", "virginica"]

    func model(_ kind: ModelKind = .gne, supervised: Bool = false) throws -> (GenerativeModel, [Int32]) {
        let data = ToyData()
        var cfg = ModelConfig(kind: kind); cfg.width = 8; cfg.blocks = 1; cfg.hidden = [8]
        if supervised { cfg.supervised = true; cfg.classes = 3 }
        var rng = Rng(seed: 2)
        let m = try ModelFactory.make(cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        return (m, data.labels)
    }

    func message(_ bytes: [UInt8]) -> String {
        do { _ = try Checkpoint.decodeWithLabels(bytes, path: "m.model"); return "loaded" } catch { return "\(error)" }
    }

    func testLabelsAndNamesRoundTrip() throws {
        let (m, labels) = try model()
        let stored = Checkpoint.Labels(labels: labels, classNames: names)
        let bytes = try Checkpoint.encode(m, labels: stored)
        XCTAssertEqual(Array(bytes[8..<12]), [2, 0, 0, 0], "version 2 is written")
        let (loaded, back) = try Checkpoint.decodeWithLabels(bytes, path: "m.model")
        XCTAssertEqual(back, stored)
        XCTAssertEqual(loaded.parameters.map(\.value.values), m.parameters.map(\.value.values))
        // names without labels (a vae has no table), and nothing at all
        let (vae, _) = try model(.vae)
        XCTAssertEqual(try Checkpoint.decodeWithLabels(try Checkpoint.encode(vae, labels: Checkpoint.Labels(classNames: names)),
                                                        path: "v.model").labels, Checkpoint.Labels(classNames: names))
        XCTAssertEqual(try Checkpoint.decodeWithLabels(try Checkpoint.encode(m), path: "m.model").labels, Checkpoint.Labels())
    }

    func testAVersion1FileStillLoads() throws {
        let (m, _) = try model()
        var bytes = try Checkpoint.encode(m)
        bytes.removeLast(8)
        bytes[8] = 1                              // what a build before version 2 wrote: the same layout, version 1
        var w = ByteWriter(); w.bytes(bytes); w.u64(Checkpoint.fnv1a(bytes))
        let (loaded, labels) = try Checkpoint.decodeWithLabels(w.data, path: "old.model")
        XCTAssertEqual(labels, Checkpoint.Labels())
        XCTAssertEqual(loaded.parameters.map(\.value.values), m.parameters.map(\.value.values))
        // a version 1 file cannot carry version 2 fields
        let (header, tensors) = CheckpointForgery.split(w.data)
        var forged = CheckpointForgery.join(header.merging(["classNames": names]) { $1 }, tensors)
        forged.removeLast(8); forged[8] = 1
        var f = ByteWriter(); f.bytes(forged); f.u64(Checkpoint.fnv1a(forged))
        XCTAssertEqual(message(f.data), "m.model has format version 1 but a header with class names or labels (a version 2 field)")
    }

    func testNamesAndLabelsAreCheckedAgainstTheModel() throws {
        let (m, labels) = try model()
        let good = try Checkpoint.encode(m, labels: Checkpoint.Labels(labels: labels, classNames: names))
        XCTAssertEqual(message(good), "loaded")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(good) { $0["classNames"] = ["a", "b"] }),
                       "m.model holds training label 2 at row 2, but names 2 classes (labels 0 to 1)")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(good) { $0["classNames"] = [String]() }),
                       "m.model has 0 class names; expected 1 to \(Checkpoint.maximumClassNames)")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(good) { $0["labelCount"] = 100 }),
                       "m.model holds 100 training labels for a table of 240 rows; expected one label per row")
        let (vae, _) = try model(.vae)
        XCTAssertEqual(message(CheckpointForgery.editingHeader(try Checkpoint.encode(vae)) { $0["labelCount"] = 4 }),
                       "m.model holds 4 training labels, but a vae model has no table to label")
        let (gnd, _) = try model(.gnd, supervised: true)
        XCTAssertEqual(message(try Checkpoint.encode(gnd, labels: Checkpoint.Labels(classNames: ["a", "b"]))),
                       "m.model names 2 classes, but its supervised gnd model has 3; expected one name per class")
        // labels announced but cut off: the reader stops at the end of the data
        var cut = CheckpointForgery.split(good)
        cut.tensors.removeLast(8)
        XCTAssertTrue(message(CheckpointForgery.join(cut.header, cut.tensors)).hasPrefix("m.model is truncated: needed 960 bytes"),
                      message(CheckpointForgery.join(cut.header, cut.tensors)))
    }
}
