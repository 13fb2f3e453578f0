import XCTest
import Foundation
@testable import LatentCore
@testable import LatentModels

final class CheckpointTests: XCTestCase {
    var dir: String!
    override func setUp() { dir = NSTemporaryDirectory() + "latent-ckpt-\(UUID().uuidString)"; try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    /// Save, load, continue: identical to never having saved.
    func testRoundTripThenContinueIsExact() throws {
        let data = ToyData()
        for kind in ModelKind.allCases {
            var cfg = ModelConfig(kind: kind); cfg.width = 12; cfg.blocks = 1; cfg.depth = 2
            var rng = Rng(seed: 3)
            let m = try ModelFactory.make(cfg, samples: data.sampleCount, features: data.featureCount, rng: &rng)
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 64), rng: &rng)
            let path = dir + "/\(kind).model"
            try Checkpoint.save(m, to: path)
            let loaded = try Checkpoint.load(from: path)
            XCTAssertEqual(allValues(loaded), allValues(m))
            XCTAssertEqual(loaded.history, m.history)
            XCTAssertEqual(loaded.optimizer.step, m.optimizer.step)
            var r1 = rng, r2 = rng
            _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 1, batchSize: 64), rng: &r1)
            _ = try Trainer.train(loaded, data: data, options: TrainOptions(epochs: 1, batchSize: 64), rng: &r2)
            XCTAssertEqual(allValues(loaded), allValues(m), "\(kind) continues identically after reload")
        }
    }

    func testCorruptionTruncationForeignAndVersionAreExplained() throws {
        let data = ToyData()
        var rng = Rng(seed: 1)
        let m = try ModelFactory.make(ModelConfig(kind: .gne), samples: data.sampleCount, features: data.featureCount, rng: &rng)
        var bytes = try Checkpoint.encode(m)
        func message(_ b: [UInt8]) -> String {
            do { _ = try Checkpoint.decode(b, path: "m.model"); return "loaded" } catch { return "\(error)" }
        }
        XCTAssertEqual(message(bytes), "loaded")
        var flipped = bytes; flipped[bytes.count / 2] ^= 0x40
        XCTAssertEqual(message(flipped), "m.model is corrupted (checksum mismatch)")
        XCTAssertEqual(message(Array(bytes[0..<(bytes.count - 100)])),
                       "m.model is truncated (\(bytes.count - 100) bytes, its header describes at least \(bytes.count)); it was cut off while being copied or written")
        XCTAssertEqual(message(Array("hello world, not a model".utf8)), "m.model is not a latent model file (wrong magic bytes)")
        XCTAssertEqual(message([]), "m.model is not a latent model file (wrong magic bytes)")
        bytes[8] = 9
        XCTAssertEqual(message(bytes), "m.model has format version 9; this build of latent reads versions 1 to 2")
        XCTAssertThrowsError(try Checkpoint.load(from: dir + "/missing.model")) { e in
            XCTAssertTrue("\(e)".hasSuffix("missing.model cannot be read (no such file)"), "\(e)")
        }
    }

    func testPinnedRowsSurviveSaveAndAreNotMoved() throws {
        let data = ToyData()
        var rng = Rng(seed: 1)
        let m = try ModelFactory.make(ModelConfig(kind: .gne), samples: data.sampleCount, features: data.featureCount, rng: &rng) as! GNEModel
        m.table.setPinned([0, 5], true)
        let pinnedBefore = [m.table.table.value.rowValues(0), m.table.table.value.rowValues(5)]
        _ = try Trainer.train(m, data: data, options: TrainOptions(epochs: 2, batchSize: 32), rng: &rng)
        XCTAssertEqual([m.table.table.value.rowValues(0), m.table.table.value.rowValues(5)], pinnedBefore)
        try Checkpoint.save(m, to: dir + "/p.model")
        let loaded = try Checkpoint.load(from: dir + "/p.model") as! GNEModel
        XCTAssertEqual(loaded.table.pinned, [0, 5])
    }
}
