import CPNG
import Foundation
import XCTest
import LatentTestSupport
@testable import LatentScript
@testable import LatentCommands

/// `load "faces/"` in a session, then `train`, `generate` and `plot images`.
final class ImageFolderCommandsTests: FolderSessionTestCase {
    override func setUpWithError() throws {
        try makeFolder("images")
        try ImageFolderFixture.write(to: dir + "/faces")
        startSession("set timings false\nset threads 1\nset progress false\nset seed 5")
    }

    func testFolderLoadsWithClassNamesAndTrainsAGNE() throws {

        try SlowTests.skipWhenFast()
        let (status, text) = run("""
            d = load "faces/" size=[12, 10] scale=255
            print d
            print d.shape d.classes d.channels
            m = model gne dims=2
            train m d epochs=40 batch=4 lr=3e-3
            print m.losses
            """)
        XCTAssertEqual(status, 0, text)
        XCTAssertTrue(text.contains("note: skipped 1 file that is not a PNG/JPEG image: bob/notes.txt"), text)
        XCTAssertTrue(text.contains("note: resampled 1 of 12 images to 12x10 (area average where shrinking, bilinear where enlarging)"), text)
        XCTAssertTrue(text.contains(": 12 samples x 360 features (12x10 RGB images), 2 classes, uint8"), text)
        XCTAssertTrue(text.contains("[12, 10] 2 3"), text)
        let model = try XCTUnwrap(session.globals.values["m"]?.object as? ModelObject)
        let losses = try XCTUnwrap(model.model?.history.epochs.compactMap { $0.losses["loss"] })
        XCTAssertEqual(losses.count, 40)
        XCTAssertLessThan(losses.last!, 0.5 * losses.first!, "the reconstruction loss halves over 40 epochs: \(losses)")
        XCTAssertEqual(model.labelNames, ["alice", "bob"])
    }

    func testSamplesOfAModelTrainedOnRGBPlotInColour() throws {

        try SlowTests.skipWhenFast()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/gnuplot") else { throw XCTSkip("gnuplot is not installed") }
        let (status, text) = run("""
            d = load "faces/" size=[8, 8] scale=255
            plot images d to "faces.png"
            m = model gne dims=2
            train m d epochs=30 batch=4 lr=3e-3
            g = generate m count=4
            plot images g to "samples.png"
            """)
        XCTAssertEqual(status, 0, text)
        for name in ["faces.png", "samples.png"] {
            let png = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/out/" + name), "\(name) was written: \(text)")
            XCTAssertGreaterThan(try colouredPixels([UInt8](png)), 500, "\(name) is drawn in colour")
        }
        let samples = try XCTUnwrap(session.globals.values["g"]?.object as? SamplesObject)
        XCTAssertEqual(samples.values.cols, 8 * 8 * 3)
        XCTAssertEqual(samples.imageShape?.height, 8)
    }

    /// How many pixels of a PNG have channels more than 40 apart (none in a gray drawing).
    func colouredPixels(_ png: [UInt8]) throws -> Int {
        var header = latent_png_header()
        var message = [CChar](repeating: 0, count: 256)
        guard latent_png_read_image(png, png.count, 1, nil, 0, &header, &message) == 0, header.channels == 3 else { return 0 }
        var rgb = [UInt8](repeating: 0, count: Int(header.width) * Int(header.height) * 3)
        let status = rgb.withUnsafeMutableBufferPointer { latent_png_read_image(png, png.count, 0, $0.baseAddress, $0.count, &header, &message) }
        XCTAssertEqual(status, 0)
        return (0..<(rgb.count / 3)).filter { i in
            let p = rgb[3 * i..<3 * i + 3]
            return Int(p.max()!) - Int(p.min()!) > 40
        }.count
    }

    func testSizesChannelsAndStrictAreCheckedWithSentences() {
        let (mixed, sizes) = run("d = load \"faces/\"")
        XCTAssertNotEqual(mixed, 0)
        XCTAssertTrue(sizes.contains("faces/: holds images of different sizes: alice/0.png is 12x10, bob/0.png is 9x11 (height x width); give size=[height, width]"), sizes)
        let (strict, refused) = run("d = load \"faces\" size=[12, 10] strict=true")
        XCTAssertNotEqual(strict, 0)
        XCTAssertTrue(refused.contains("faces/bob/notes.txt: is not a PNG or JPEG image"), refused)
        XCTAssertTrue(refused.contains("strict=true refuses it"), refused)
        let (badChannels, channels) = run("d = load \"faces/\" size=[12, 10] channels=2")
        XCTAssertNotEqual(badChannels, 0)
        XCTAssertTrue(channels.contains("option 'channels' of 'load' must be 1 (gray) or 3 (RGB), got 2"), channels)
        let (badSize, size) = run("d = load \"faces/\" size=[0, 10]")
        XCTAssertNotEqual(badSize, 0)
        XCTAssertTrue(size.contains("option 'size' of 'load' must be [height, width], each from 1 to 65535 pixels, got [0, 10]"), size)
        let (gray, text) = run("d = load \"faces/\" size=[6, 5] channels=1\nprint d")
        XCTAssertEqual(gray, 0, text)
        XCTAssertTrue(text.contains("note: made 12 colour images gray (BT.601 luma)"), text)
        XCTAssertTrue(text.contains("faces: 12 samples x 30 features (6x5 images), 2 classes, uint8"), text)
        let (found, help) = run("help png")
        XCTAssertEqual(found, 0, help)
        XCTAssertTrue(help.contains("\n  load  Loads a dataset"), "help png leads to load: \(help)")
    }
}
