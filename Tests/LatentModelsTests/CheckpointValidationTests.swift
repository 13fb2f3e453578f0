import XCTest
import Foundation
@testable import LatentCore
@testable import LatentModels

/// Checkpoints whose checksum is right but whose contents are not: every field is checked as a typed
/// command's would be, sizes against the file's length before anything is allocated, tensors for
/// non-finite values; every sentence names the file.
final class CheckpointValidationTests: XCTestCase {
    /// A small trained gne checkpoint (240 x 16 data, width 8, one block).
    func goodBytes(_ kind: ModelKind = .gne) throws -> (bytes: [UInt8], tensors: Int) {
        let data = ToyData()
        var cfg = ModelConfig(kind: kind); cfg.width = 8; cfg.blocks = 1; cfg.depth = 2; cfg.hidden = [8]
        var rng = Rng(seed: 2)
        let m = try ModelFactory.make(cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 1, batchSize: 64), rng: &rng)
        return (try Checkpoint.encode(m), m.parameters.count)
    }

    func message(_ bytes: [UInt8]) -> String {
        do { _ = try Checkpoint.decode(bytes, path: "m.model"); return "loaded" } catch { return "\(error)" }
    }

    func testForgeryWithoutChangesStillLoads() throws {
        let (bytes, _) = try goodBytes()
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { _ in }), "loaded")
    }

    func testOptimiserStateIsValidatedAsTypedSettingsAre() throws {
        let (bytes, _) = try goodBytes()
        func adam(_ key: String, _ value: Any) -> [UInt8] {
            CheckpointForgery.editingHeader(bytes) { h in
                var a = h["adam"] as! [String: Any]; a[key] = value; h["adam"] = a
            }
        }
        XCTAssertEqual(message(adam("learningRate", -1.0)), "m.model has invalid optimiser settings: lr must be positive")
        XCTAssertEqual(message(adam("learningRate", 0.0)), "m.model has invalid optimiser settings: lr must be positive")
        XCTAssertEqual(message(adam("epsilon", 0.0)), "m.model has invalid optimiser settings: epsilon must be positive")
        XCTAssertEqual(message(adam("beta1", 1.0)), "m.model has invalid optimiser settings: beta1 must be in [0, 1)")
        XCTAssertEqual(message(adam("beta2", -0.5)), "m.model has invalid optimiser settings: beta2 must be in [0, 1)")
        let step = CheckpointForgery.editingHeader(bytes) { $0["adamStep"] = Int.max }
        XCTAssertEqual(message(step), "m.model has adamStep=9223372036854775807; expected 0 to 1099511627776")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { $0["adamStep"] = -1 }),
                       "m.model has adamStep=-1; expected 0 to 1099511627776")
    }

    func testConfigIsValidatedByTheSameValidateAsTheModelCommand() throws {
        let (bytes, _) = try goodBytes()
        let cases: [(String, Any, String)] = [
            ("width", 0, "width must be positive, got 0"),
            ("dims", 65, "dims must be between 1 and 64, got 65"),
            ("noise", -1.0, "noise must be zero or positive, got -1.0"),
            ("initRange", -0.5, "init range must be zero or positive, got -0.5"),
            ("classes", 7, "classes applies to a supervised gnd only, got 7"),
        ]
        for (key, value, reason) in cases {
            var typed = ModelConfig(kind: .gne)
            switch key {
            case "width": typed.width = value as! Int
            case "dims": typed.dims = value as! Int
            case "noise": typed.noise = Float(value as! Double)
            case "initRange": typed.initRange = Float(value as! Double)
            default: typed.classes = value as! Int
            }
            XCTAssertThrowsError(try typed.validate()) { XCTAssertEqual("\($0)", reason, "the typed config is refused alike") }
            XCTAssertEqual(message(CheckpointForgery.editingConfig(bytes) { $0[key] = value }),
                           "m.model has an invalid gne configuration: \(reason)")
        }
        let supervised = CheckpointForgery.editingConfig(bytes) { $0["kind"] = "gnd"; $0["supervised"] = true; $0["decoder"] = "mlp" }
        XCTAssertEqual(message(supervised), "m.model has an invalid gnd configuration: supervised gnd needs labelled data with at least 2 classes")
    }

    func testSizesAndPinnedRowsAreChecked() throws {
        let (bytes, _) = try goodBytes()
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { $0["pinned"] = [3, 240] }),
                       "m.model pins row 240; the table's rows are 0 to 239")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { $0["pinned"] = [-1] }),
                       "m.model pins row -1; the table's rows are 0 to 239")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { $0["pinned"] = [4, 4] }), "m.model pins a row more than once")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { $0["features"] = 0 }),
                       "m.model has features=0; expected 1 to 2147483647")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { $0["tableRows"] = 0 }),
                       "m.model has tableRows=0; a gne model needs at least 1")
        let (vae, _) = try goodBytes(.vae)
        XCTAssertEqual(message(CheckpointForgery.editingHeader(vae) { $0["tableRows"] = 5 }),
                       "m.model has tableRows=5; a vae model has no tables (expected 0)")
        XCTAssertEqual(message(CheckpointForgery.editingHeader(vae) { $0["pinned"] = [0] }),
                       "m.model pins row 0; a vae model has no tables")
    }

    /// A 9 KB file whose header claims 10^8 (or 6 x 10^8) table rows, or 10^7 blocks, is refused from the
    /// header and the file's length before the model is built: peak memory does not grow.
    func testForgedSizesAreRefusedBeforeAllocating() throws {
        let (bytes, tensors) = try goodBytes()
        let before = peakResidentKilobytes()
        for rows in [100_000_000, 600_000_000] {
            let forged = CheckpointForgery.editingHeader(bytes) { $0["tableRows"] = rows }
            let text = message(forged)
            XCTAssertTrue(text.hasPrefix("m.model has a header that describes "), text)
            XCTAssertTrue(text.contains("(a gne model of \(rows) samples x 16 features), but only "), text)
            XCTAssertTrue(text.hasSuffix("bytes follow it; the header's sizes are wrong"), text)
        }
        let deep = CheckpointForgery.editingConfig(bytes) { $0["blocks"] = 10_000_000 }
        XCTAssertEqual(message(deep), "m.model holds \(tensors) tensors, a gne model of this shape has 40000005")
        let huge = CheckpointForgery.editingHeader(bytes) { $0["tableRows"] = Int.max / 2 }
        XCTAssertTrue(message(huge).contains("describes more than 2^63 bytes of tensors"), message(huge))
        XCTAssertLessThan(peakResidentKilobytes() - before, 200_000, "nothing large was allocated")
    }

    func testNonFiniteTensorsAreRefusedWithTheirName() throws {
        let (bytes, _) = try goodBytes()
        XCTAssertEqual(message(CheckpointForgery.settingFloat(bytes, tensor: 0, part: 0, index: 3, to: .nan)),
                       "m.model has tensor embedding holding nan at row 1, column 1; every value of a model must be finite")
        XCTAssertEqual(message(CheckpointForgery.settingFloat(bytes, tensor: 1, part: 1, index: 9, to: .infinity)),
                       "m.model has tensor decoder.in.weight's first Adam moment holding inf at row 1, column 1; every value of a model must be finite")
        XCTAssertEqual(message(CheckpointForgery.settingFloat(bytes, tensor: 2, part: 2, index: 0, to: -1)),
                       "m.model has tensor decoder.in.bias's second Adam moment holding -1.0 at row 0, column 0; every value of a model must be finite")
    }

    func testLoadNamesTheFileItRead() throws {
        let dir = NSTemporaryDirectory() + "latent-ckval-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (bytes, _) = try goodBytes()
        let path = dir + "/bad.model"
        try Data(CheckpointForgery.editingConfig(bytes) { $0["blocks"] = -3 }).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Checkpoint.load(from: path)) { error in
            XCTAssertEqual("\(error)", "\(path) has an invalid gne configuration: blocks must be zero or more, got -3")
        }
    }
}

extension CheckpointValidationTests {
    func testUnreadableHeadersAreExplainedWithoutFoundationErrorText() throws {
        let (bytes, _) = try goodBytes()
        let (_, tensors) = CheckpointForgery.split(bytes)
        XCTAssertEqual(message(CheckpointForgery.editingHeader(bytes) { $0["features"] = nil }),
                       "m.model has an unreadable header: it lacks the field features")
        XCTAssertEqual(message(CheckpointForgery.editingConfig(bytes) { $0["width"] = "wide" }),
                       "m.model has an unreadable header: it has config.width of the wrong type (expected Int)")
        XCTAssertEqual(message(CheckpointForgery.editingConfig(bytes) { $0["kind"] = "gan" }),
                       "m.model has an unreadable header: it has an invalid config.kind: Cannot initialize ModelKind from invalid String value gan")
        var raw = ByteWriter()
        raw.bytes(Checkpoint.magic); raw.u32(Checkpoint.formatVersion); raw.u32(1); raw.bytes(Array("{".utf8)); raw.bytes(tensors)
        raw.u64(Checkpoint.fnv1a(raw.data))
        XCTAssertEqual(message(raw.data), "m.model has an unreadable header: it is not valid JSON")
    }
}
