import Foundation
import XCTest
import LatentTestSupport
@testable import LatentCommands
@testable import LatentScript
import LatentCore
import LatentData

/// `eval g tr` on Samples reports the Fréchet score: finite beside the real test set's
/// baseline, about 0 for samples that are the real images, the feature classifier trained once and reused
/// from its cache file, a damaged cache file refused and replaced, and samples of the wrong width refused.
final class FrechetEvalTests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws {
        let fm = FileManager.default
        work = fm.temporaryDirectory.appendingPathComponent("latent-frechet-\(UUID().uuidString)")
        try fm.createDirectory(at: work.appendingPathComponent("samples"), withIntermediateDirectories: true)
        try fm.copyItem(at: LatentBinary.packageRoot.appendingPathComponent("samples/digits.csv"),
                        to: work.appendingPathComponent("samples/digits.csv"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

    /// A session in the work folder that has loaded 600 digits split into `tr` and `te`.
    func session(_ output: CapturedOutput) -> Session {
        let s = Session.latent(output: output, interrupt: InterruptFlag(), baseDirectory: work.path)
        let setup = """
            set seed 4
            set progress false
            set timings false
            all = head (load "samples/digits.csv" label=first scale=16 image=[8, 8]) 600
            p = split all test=0.3
            tr = p.train
            te = p.test
            """
        XCTAssertEqual(s.run(setup, file: "setup.latent").status, 0, output.text)
        return s
    }

    func number(_ s: Session, _ name: String) throws -> Double { try XCTUnwrap(s.globals.values[name]?.number, name) }

    var cacheFiles: [URL] {
        let folder = work.appendingPathComponent("out/feature-classifiers")
        return ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
    }

    func testSamplesGetAFiniteFrechetScoreBesideTheRealBaseline() throws {
        let output = CapturedOutput()
        let s = session(output)
        let script = """
            c = model gnd supervised=true hidden=[16, 32] beta=0.01
            train c tr epochs=2 batch=64 lr=0.01
            g = generate c count=150 class=[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
            r = eval g tr test=te
            f = r.frechet
            b = r.frechet_baseline
            """
        XCTAssertEqual(s.run(script, file: "f.latent").status, 0, output.text + output.errorText)
        let f = try number(s, "f"), b = try number(s, "b")
        XCTAssertTrue(f.isFinite && b.isFinite && b >= 0, "\(f) \(b)")
        // two epochs of a tiny decoder make blurred digits; real test digits are far closer to the training set
        XCTAssertGreaterThan(f, 2 * b, output.text)
        XCTAssertTrue(output.text.contains("Fréchet score "), output.text)
        XCTAssertTrue(output.text.contains("real test images score "), output.text)
        XCTAssertTrue(output.text.contains("(150 of them)"), "the baseline uses as many real images as samples: " + output.text)
    }

    func testSamplesThatAreTheRealImagesScoreAboutZero() throws {
        let output = CapturedOutput()
        let s = session(output)
        let tr = try XCTUnwrap(s.globals.values["tr"]?.object as? DatasetObject).dataset
        s.globals.values["g"] = .object(SamplesObject(values: tr.allSamples(), imageShape: tr.imageShape, origin: "the training rows"))
        XCTAssertEqual(s.run("r = eval g tr\nf = r.frechet", file: "z.latent").status, 0, output.text + output.errorText)
        XCTAssertLessThan(try number(s, "f"), 1e-6, output.text)
        XCTAssertNil(s.globals.values["r"].flatMap { ($0.object as? ReportObject)?.metrics["frechet_baseline"] },
                     "no test set, no baseline")
    }

    func testTheClassifierIsTrainedOnceAndReused() throws {
        let output = CapturedOutput()
        let s = session(output)
        let script = """
            v = model vae dims=2
            train v tr epochs=2 batch=64
            g = generate v count=100
            r1 = eval g tr
            """
        XCTAssertEqual(s.run(script, file: "a.latent").status, 0, output.text + output.errorText)
        XCTAssertTrue(output.text.contains("trained the feature classifier on "), output.text)
        XCTAssertEqual(cacheFiles.count, 1, "one cache file")
        let file = try XCTUnwrap(cacheFiles.first)
        let written = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        output.reset()
        XCTAssertEqual(s.run("r2 = eval g tr", file: "b.latent").status, 0, output.text + output.errorText)
        XCTAssertTrue(output.text.contains("feature classifier for "), output.text)
        XCTAssertTrue(output.text.contains(" loaded from feature-classifiers/"), output.text)
        XCTAssertFalse(output.text.contains("trained the feature classifier"), output.text)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date, written,
                       "the cached file is not rewritten")
        let r1 = try XCTUnwrap(s.globals.values["r1"]?.object as? ReportObject)
        let r2 = try XCTUnwrap(s.globals.values["r2"]?.object as? ReportObject)
        XCTAssertEqual(r1.metrics["frechet"], r2.metrics["frechet"], "the loaded classifier is the trained one")
        // another dataset (other rows) gets its own classifier: the file name carries a hash of the contents
        output.reset()
        XCTAssertEqual(s.run("r3 = eval g te", file: "c.latent").status, 0, output.text + output.errorText)
        XCTAssertTrue(output.text.contains("trained the feature classifier on "), output.text)
        XCTAssertEqual(cacheFiles.count, 2)
    }

    func testADamagedCacheFileIsRefusedAndReplaced() throws {
        let output = CapturedOutput()
        let s = session(output)
        let script = """
            v = model vae dims=2
            train v tr epochs=2 batch=64
            g = generate v count=100
            r1 = eval g tr quiet=true
            """
        XCTAssertEqual(s.run(script, file: "a.latent").status, 0, output.text + output.errorText)
        let file = try XCTUnwrap(cacheFiles.first)
        let good = try Data(contentsOf: file)
        for damage in ["flipped", "truncated"] {
            var bad = good
            if damage == "flipped" { bad[bad.count / 2] ^= 0x10 } else { bad = bad.prefix(bad.count - 100) }
            try bad.write(to: file)
            output.reset()
            XCTAssertEqual(s.run("r2 = eval g tr", file: "b.latent").status, 0, output.text + output.errorText)
            XCTAssertTrue(output.text.contains("refused the cached feature classifier: \(file.lastPathComponent) is not a usable feature classifier"),
                          damage + ": " + output.text)
            XCTAssertTrue(output.text.contains("trained the feature classifier on "), damage + ": " + output.text)
            XCTAssertEqual(try Data(contentsOf: file), good, "\(damage): the retrained classifier (same seed) replaces the damaged file")
            let r1 = try XCTUnwrap(s.globals.values["r1"]?.object as? ReportObject)
            let r2 = try XCTUnwrap(s.globals.values["r2"]?.object as? ReportObject)
            XCTAssertEqual(r1.metrics["frechet"], r2.metrics["frechet"])
        }
    }

    func testOneClassOrOneSampleGetsNoScoreButTheRest() throws {
        let output = CapturedOutput()
        let s = session(output)
        let tr = try XCTUnwrap(s.globals.values["tr"]?.object as? DatasetObject).dataset
        let rows = (0..<tr.count).filter { tr.labels?[$0] == 3 }
        s.globals.values["threes"] = .object(DatasetObject(try Dataset(name: "threes", matrix: tr.sampleRows(rows),
                                                                       labels: rows.map { _ in 3 })))
        let script = """
            v = model vae dims=2
            train v tr epochs=1 batch=64
            r = eval (generate v count=20) threes
            one = eval (generate v count=1) tr
            """
        XCTAssertEqual(s.run(script, file: "o.latent").status, 0, output.text + output.errorText)
        XCTAssertTrue(output.text.contains("has one class: no Fréchet score"), output.text)
        XCTAssertTrue(output.text.contains("1 sample: no Fréchet score"), output.text)
        let r = try XCTUnwrap(s.globals.values["r"]?.object as? ReportObject)
        XCTAssertNil(r.metrics["frechet"])
        XCTAssertNotNil(r.metrics["confident_share"], "the other scores are still given")
    }

    func testSamplesOfAnotherWidthAreRefusedNamingBoth() throws {
        let output = CapturedOutput()
        let s = session(output)
        XCTAssertEqual(s.run("v = model vae dims=2\ntrain v tr epochs=1 batch=64\ng = generate v count=20", file: "a.latent").status, 0, output.text)
        var rng = Rng(seed: 1)
        let pixels = Matrix(rows: 30, cols: 784)
        rng.fillUniform(pixels.base, count: pixels.count, 0, 1)
        let mnist = try Dataset(name: "mnist-like", matrix: pixels, labels: (0..<30).map { Int32($0 % 3) }).withImageShape(height: 28, width: 28)
        s.globals.values["big"] = .object(DatasetObject(mnist))
        output.reset()
        XCTAssertNotEqual(s.run("r = eval g big", file: "b.latent").status, 0)
        let message = output.errorText
        for part in ["mnist-like with 784 features (28x28 images)", "the samples", "have 64 (8x8 images)"] {
            XCTAssertTrue(message.contains(part), "'\(part)' in: " + message)
        }
        output.reset()
        XCTAssertNotEqual(s.run("r = eval g tr test=big", file: "c.latent").status, 0)
        XCTAssertTrue(output.errorText.contains("test"), output.errorText)
        XCTAssertTrue(output.errorText.contains("mnist-like with 784 features"), output.errorText)
    }

    func testInferMeasuresTheDistanceToClassCentresPerStep() throws {

        try SlowTests.skipWhenFast()
        let output = CapturedOutput()
        let s = session(output)
        let script = """
            v = model vae dims=2
            train v tr epochs=5 batch=64
            t = infer v te steps=4 noise=0.2 centres=tr
            n = len t.centre_distance
            q = t.centre_ratio
            first = t[0]
            clean = infer v te steps=2 quiet=true
            r0 = eval (embed v tr) tr test=clean[0] trust=0 quiet=true
            r = eval v tr test=te trust=0 quiet=true
            """
        XCTAssertEqual(s.run(script, file: "i.latent").status, 0, output.text + output.errorText)
        XCTAssertEqual(try number(s, "n"), 4)
        let ratios = try XCTUnwrap(s.globals.values["q"]?.list).compactMap(\.number)
        XCTAssertEqual(ratios.count, 4)
        XCTAssertTrue(ratios.allSatisfy { $0 > 0 && $0.isFinite }, "\(ratios)")
        XCTAssertTrue(output.text.contains("distance to the class centre per step: "), output.text)
        let first = try XCTUnwrap(s.globals.values["first"]?.object as? EmbeddingObject)
        XCTAssertEqual(first.points.rows, 180)
        XCTAssertEqual(first.points.cols, 2)
        // without noise, step 1 of the paths is the encoder's embedding of te: the same kNN score as eval v tr test=te
        let step1 = try XCTUnwrap((s.globals.values["r0"]?.object as? ReportObject)?.metrics["accuracy"])
        let direct = try XCTUnwrap((s.globals.values["r"]?.object as? ReportObject)?.metrics["accuracy"])
        XCTAssertEqual(step1, direct)
        output.reset()
        let wrong = try Dataset(name: "wide", matrix: Matrix(rows: 4, cols: 5), labels: [0, 1, 0, 1])
        s.globals.values["wide"] = .object(DatasetObject(wrong))
        XCTAssertNotEqual(s.run("t = infer v te centres=wide", file: "k.latent").status, 0)
        XCTAssertTrue(output.errorText.contains("wide with 5 features"), output.errorText)
    }
}
