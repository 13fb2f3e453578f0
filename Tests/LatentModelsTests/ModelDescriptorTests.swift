@testable import LatentFiles
import XCTest
@testable import LatentCore
@testable import LatentModels

/// Each kind's descriptor: its layout is exactly what its factory builds, its defaults are what
/// `ModelConfig(kind:)` gives, and the memory estimate counts what training holds.
final class ModelDescriptorTests: XCTestCase {
    /// Configs of every kind and decoder family, including empty and repeated stacks.
    var configs: [ModelConfig] {
        var out: [ModelConfig] = []
        for kind in ModelKind.allCases {
            var c = ModelConfig(kind: kind); c.width = 5; c.blocks = 2; c.depth = 3; c.hidden = [4, 6]
            out.append(c)
            c.blocks = 0; c.depth = 1; c.hidden = []
            out.append(c)
            c.decoder = c.decoder == .mlp ? .residual : .mlp; c.hidden = [3]; c.blocks = 1
            out.append(c)
            c.blocks = 70; c.depth = 70          // more than 64 copies: counted, not listed
            out.append(c)
        }
        var supervised = ModelConfig(kind: .gnd); supervised.supervised = true; supervised.classes = 4; supervised.hidden = [7]
        out.append(supervised)
        return out
    }

    func testLayoutIsWhatTheFactoryBuilds() throws {
        for c in configs {
            var rng = Rng(seed: 1)
            let model = try ModelFactory.make(c, samples: 11, features: 9, rng: &rng)
            let built = model.parameters.map(TensorShape.init)
            let described = c.tensors(samples: 11, features: 9)
            XCTAssertEqual(TensorShape.count(described), Double(built.count), "\(c)")
            XCTAssertEqual(MemoryEstimate(described).modelBytes, MemoryEstimate(built).modelBytes, "\(c)")
            XCTAssertEqual(MemoryEstimate(described).activationBytes(batch: 7), MemoryEstimate(built).activationBytes(batch: 7), "\(c)")
            if c.blocks <= 2 && c.depth <= 3 { XCTAssertEqual(TensorShape.expand(described), built, "in build order: \(c)") }
        }
    }

    func testDefaultsAndHelpComeFromTheDescriptor() {
        XCTAssertEqual(ModelConfig(kind: .kaleido).width, 500)
        XCTAssertEqual(ModelConfig(kind: .kaleido).output, .tanh)
        XCTAssertEqual(ModelConfig(kind: .gnd).decoder, .mlp)
        XCTAssertEqual(ModelDescriptor.gne.defaultsText, "dims=2 decoder=residual width=64 blocks=4 channels=32 output=auto loss=mse noise=0.1 optimizer=adam plain=false")
        XCTAssertEqual(ModelDescriptor.kaleido.defaultsText, "decoder=mlp width=500 depth=10 channels=32")
        XCTAssertEqual(ModelDescriptor.defaultText(of: .width), "default 64; kaleido 500")
        XCTAssertEqual(ModelDescriptor.defaultText(of: .decoder), "default residual; gnd, kaleido mlp")
        for kind in ModelKind.allCases {
            XCTAssertEqual(kind.descriptor.kind, kind)
            XCTAssertFalse(kind.descriptor.defaultsText.contains("?"), "every listed setting renders: \(kind)")
            XCTAssertNoThrow(try ModelConfig(kind: kind).validate())
        }
    }

    /// Training holds the model (value, gradient, two moments), the rollback snapshot (value, two moments)
    /// and activations: about twice what the old estimate (16 bytes a scalar) said.
    func testTrainingEstimateCountsTheRollbackSnapshot() throws {
        var c = ModelConfig(kind: .gne); c.dims = 64
        let e = MemoryEstimate(c.tensors(samples: 10_000_000, features: 784))
        XCTAssertGreaterThanOrEqual(e.modelBytes, e.scalars * 16)
        XCTAssertGreaterThanOrEqual(e.snapshotBytes, e.scalars * 12)
        XCTAssertGreaterThan(e.trainingBytes(batch: 1024), e.scalars * 28)
        let limit = MemoryLimit(bytes: e.modelBytes * 1.2, source: "test")
        XCTAssertThrowsError(try c.checkFitsInMemory(samples: 10_000_000, features: 784, limit: limit)) { error in
            XCTAssertTrue("\(error)".contains("GB for the rollback snapshot"), "\(error)")
            XCTAssertTrue("\(error)".contains("available to latent (test)"), "\(error)")
        }
    }

    /// `model gne width=1 blocks=N`: the per-layer objects, not the scalars, take the memory; the guard
    /// counts them and refuses before building (peak memory does not grow).
    func testDeepNarrowStackIsRefusedBeforeBuilding() throws {
        var c = ModelConfig(kind: .gne); c.width = 1; c.blocks = 1_000_000
        let e = MemoryEstimate(c.tensors(samples: 120, features: 16))
        XCTAssertGreaterThan(e.modelBytes + e.snapshotBytes, 4.5e9, "4e6 tensors of about 1.2 KB each")
        XCTAssertLessThan(e.scalars * 16, 0.1e9, "what the old guard counted")
        let before = peakResidentKilobytes()
        var rng = Rng(seed: 1)
        XCTAssertThrowsError(try ModelFactory.make(c, samples: 120, features: 16, rng: &rng,
                                                   limit: MemoryLimit(bytes: 4e9, source: "test"))) { error in
            XCTAssertTrue("\(error)".hasPrefix("a gne model of 4000005 tensors needs "), "\(error)")
        }
        c.blocks = 10_000_000
        XCTAssertThrowsError(try ModelFactory.make(c, samples: 120, features: 16, rng: &rng))
        XCTAssertLessThan(peakResidentKilobytes() - before, 100_000)
    }

    /// Sizes beyond any machine, even in a config nobody validated, give a refusal, never an overflow trap.
    func testHugeSizesAreRefusedWithoutOverflow() {
        let limit = MemoryLimit(bytes: 1e15, source: "test")
        var vae = ModelConfig(kind: .vae); vae.blocks = Int.max; vae.dims = Int.max
        XCTAssertThrowsError(try vae.checkFitsInMemory(samples: 1, features: Int.max, limit: limit))
        var gnd = ModelConfig(kind: .gnd); gnd.supervised = true; gnd.classes = Int.max; gnd.hidden = [Int.max]
        XCTAssertThrowsError(try gnd.checkFitsInMemory(samples: Int.max, features: 3, limit: limit))
        XCTAssertNil(Checkpoint.minimumTensorBytes(gnd.tensors(samples: Int.max, features: 3)))
    }

    func testAvailableMemoryIsTheTightestOfFreeMemoryAndTheCgroupLimit() {
        let meminfo = "MemTotal:       24000000 kB\nMemFree:  1000 kB\nMemAvailable:    2000000 kB\n"
        XCTAssertEqual(MemoryLimit.from(meminfo: meminfo, cgroups: [], physical: 24e9),
                       MemoryLimit(bytes: 2_048_000_000, source: "free memory"))
        XCTAssertEqual(MemoryLimit.from(meminfo: nil, cgroups: [], physical: 24e9), MemoryLimit(bytes: 24e9, source: "physical memory"))
        let v2 = (limit: "1000000000\n", usage: "300000000\n", stat: "anon 1\ninactive_file 100000000\nactive_file 5\n")
        XCTAssertEqual(MemoryLimit.from(meminfo: meminfo, cgroups: [v2], physical: 24e9),
                       MemoryLimit(bytes: 800_000_000, source: "the cgroup limit"))
        let unlimited = (limit: "max\n", usage: "300000000\n", stat: "")
        let v1Unlimited = (limit: "9223372036854771712\n", usage: "1\n", stat: "")
        XCTAssertEqual(MemoryLimit.from(meminfo: meminfo, cgroups: [unlimited, v1Unlimited], physical: 24e9).source, "free memory")
        let full = (limit: "1000\n", usage: "5000\n", stat: "total_inactive_file 0\n")
        XCTAssertEqual(MemoryLimit.from(meminfo: meminfo, cgroups: [full], physical: 24e9).bytes, 0)
        XCTAssertLessThanOrEqual(MemoryLimit.current.bytes, 24e12, "the live figure is read")
    }
}
