import XCTest
@testable import LatentCore
@testable import LatentModels

/// Which abilities each method has, the sentence naming a missing one, and the code that now reaches the
/// models through their abilities (pins in checkpoints, gne's prior draws, class-conditional decoding).
final class CapabilityTests: XCTestCase {
    func make(_ kind: ModelKind, supervised: Bool = false, data: ToyData = ToyData()) throws -> GenerativeModel {
        var c = ModelConfig(kind: kind)
        if supervised { c.supervised = true; c.classes = 3 }
        if kind == .kaleido { c.depth = 2; c.width = 8 }
        var rng = Rng(seed: 3)
        return try ModelFactory.make(c, samples: data.sampleCount, features: data.featureCount, rng: &rng)
    }

    func testEachKindHasExactlyItsAbilities() throws {
        XCTAssertEqual(try make(.gne).capabilities, [.latentDecoder, .tables, .layoutForce])
        XCTAssertEqual(try make(.gnd).capabilities, [.latentDecoder, .tables, .layoutForce])
        XCTAssertEqual(try make(.gnd, supervised: true).capabilities, [.latentDecoder, .tables, .classConditioning, .layoutForce])
        XCTAssertEqual(try make(.vae).capabilities, [.latentDecoder, .encoder])
        XCTAssertEqual(try make(.kaleido).capabilities, [.iteratedMap])
    }

    func testMissingAbilitiesAreNamedWithTheKind() throws {
        let kaleido = try make(.kaleido), gne = try make(.gne), gnd = try make(.gnd)
        XCTAssertEqual(CapabilityError("embed", needs: [.encoder, .tables], model: kaleido).description,
                       "embed needs an encoder or per-sample tables; a kaleido model has neither")
        XCTAssertEqual(CapabilityError("infer", needs: [.encoder], model: gne).description,
                       "infer needs an encoder; a gne model has none")
        XCTAssertEqual(CapabilityError("generate with class=", needs: [.classConditioning], model: gnd).description,
                       "generate with class= needs class-conditional decoding; an unsupervised gnd model has none")
        XCTAssertEqual(CapabilityError("x", needs: [.tables, .encoder, .layoutForce], model: kaleido).description,
                       "x needs per-sample tables or an encoder or a layout force; a kaleido model has none of them")
    }

    func testTablesPinEveryTableAndCheckpointsKeepThePins() throws {
        let gnd = try XCTUnwrap(try make(.gnd).asTables)
        XCTAssertEqual(gnd.tables.count, 2)
        gnd.setPinned([4, 1], true)
        XCTAssertEqual(gnd.pinnedRows, [1, 4])
        XCTAssert(gnd.tables.allSatisfy { $0.pinned == [1, 4] }, "means and log-variances are pinned together")
        let loaded = try XCTUnwrap(try Checkpoint.decode(try Checkpoint.encode(gnd), path: "mem").asTables)
        XCTAssert(loaded.tables.allSatisfy { $0.pinned == [1, 4] })
        gnd.unpinAll()
        XCTAssertEqual(gnd.pinnedRows, [])
    }

    func testGNEPriorDrawsAreTableRowsPlusItsTrainingNoise() throws {
        let gne = try XCTUnwrap(try make(.gne).asTables)
        var rng = Rng(seed: 9)
        let z = gne.priorDraws(count: 200, rng: &rng)
        let table = gne.positions.table.value
        let noise = gne.config.noise
        for r in 0..<z.rows {
            // the nearest table row is within a few noise deviations in every coordinate
            let nearest = (0..<table.rows).map { i in (0..<gne.dims).map { abs(z[r, $0] - table[i, $0]) }.max()! }.min()!
            XCTAssertLessThan(nearest, 5 * noise)
        }
        let vae = try XCTUnwrap(try make(.vae).asLatent)
        let prior = vae.priorDraws(count: 4000, rng: &rng)
        let mean = prior.values.reduce(0, +) / Float(prior.count)
        let variance = prior.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(prior.count)
        XCTAssertEqual(mean, 0, accuracy: 0.05)
        XCTAssertEqual(variance, 1, accuracy: 0.08, "N(0, I) for a model with a prior")
    }

    func testConditionalDecodingDependsOnTheClass() throws {
        let gnd = try XCTUnwrap(try make(.gnd, supervised: true).asConditional)
        let z = Matrix(rows: 2, cols: gnd.dims)
        let a = try Generation.decode(gnd, z, classes: [0, 2])
        XCTAssertEqual(a.cols, gnd.featureCount)
        XCTAssertNotEqual(a.rowValues(0), a.rowValues(1), "same latent point, different classes")
        XCTAssertEqual(gnd.decode(z, classes: [0, 2]).values, a.values)
    }
}
