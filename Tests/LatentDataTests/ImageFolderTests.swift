import Foundation
import XCTest
import LatentTestSupport
@testable import LatentData

/// `load "folder/"`: PNG and JPEG files written by the test itself through libpng and libjpeg.
final class ImageFolderTests: DataTestCase {
    /// Writes `bytes` to `dir/name`, creating the subfolders in `name`.
    @discardableResult
    func put(_ name: String, _ bytes: [UInt8]) throws -> String {
        let folder = (dir + "/" + name as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try write(name, bytes)
    }

    func load(_ folder: String, _ configure: (inout LoadOptions) -> Void = { _ in }) throws -> (Dataset, [String]) {
        var options = LoadOptions()
        configure(&options)
        var notes: [String] = []
        let ds = try DataLoader.load(dir + "/" + folder, options: options, notes: &notes)
        return (ds, notes)
    }

    func bytes(_ ds: Dataset) -> [UInt8] {
        guard case .uint8(let b) = ds.storage else { XCTFail("expected uint8 storage"); return [] }
        return b
    }

    func testClassSubfoldersGiveLabelsAndNamesAndPNGPixelsRoundTripExactly() throws {
        let a = ImageFixtures.pattern(width: 5, height: 4, channels: 1, seed: 1)
        let b = ImageFixtures.pattern(width: 5, height: 4, channels: 1, seed: 2)
        let c = ImageFixtures.pattern(width: 5, height: 4, channels: 1, seed: 3)
        // written out of order: the loader sorts
        try put("faces/bob/c.png", try ImageFixtures.png(c, width: 5, height: 4, channels: 1))
        try put("faces/alice/b.png", try ImageFixtures.png(b, width: 5, height: 4, channels: 1))
        try put("faces/alice/a.png", try ImageFixtures.png(a, width: 5, height: 4, channels: 1))
        try put("faces/alice/.DS_Store", Array("hidden files are not read".utf8))
        let (ds, notes) = try load("faces/")
        XCTAssertEqual(notes, [])
        XCTAssertEqual(ds.name, "faces")
        XCTAssertEqual(ds.count, 3)
        XCTAssertEqual(ds.features, 20)
        XCTAssertEqual(ds.labels, [0, 0, 1])
        XCTAssertEqual(ds.labelNames, ["alice", "bob"])
        XCTAssertEqual(ds.imageShape?.height, 4)
        XCTAssertEqual(ds.imageShape?.width, 5)
        XCTAssertEqual(ds.imageChannels, 1)
        XCTAssertTrue(ds.isUInt8)
        XCTAssertTrue(ds.hasIdentityTransform, "stored 0-255 like IDX images; scale=255 maps them to [0, 1]")
        XCTAssertEqual(bytes(ds), a + b + c)
        let (unlabelled, _) = try load("faces/") { $0.label = .none }
        XCTAssertNil(unlabelled.labels, "label=none leaves the class folders unread as labels")
        XCTAssertEqual(bytes(unlabelled), a + b + c)
    }

    func testFilesDirectlyInTheFolderAreUnlabelled() throws {
        let p = ImageFixtures.pattern(width: 3, height: 3, channels: 1, seed: 4)
        try put("flat/one.png", try ImageFixtures.png(p, width: 3, height: 3, channels: 1))
        try put("flat/two.jpg", try ImageFixtures.jpeg(p, width: 3, height: 3, components: 1))
        let (ds, _) = try load("flat")
        XCTAssertEqual(ds.count, 2)
        XCTAssertNil(ds.labels)
        XCTAssertNil(ds.labelNames)
    }

    /// Each PNG colour type and depth decodes to the stored values: 16-bit scaled by 255/65535 and
    /// rounded, palettes expanded, alpha and tRNS dropped, 1-bit gray widened, Adam7 interlacing undone.
    func testPNGColourTypesAndBitDepths() throws {
        func decode(_ png: [UInt8]) throws -> DecodedImage {
            let header = try ImageDecoder.header(png, format: .png, file: "t.png", memoryLimit: 1 << 30)
            return try ImageDecoder.decode(png, header: header)
        }
        func scaled(_ v: Int) -> UInt8 { UInt8((Double(v) * 255 / 65535).rounded()) }

        let sixteen = [0, 25_700, 65_535, 32_768, 1, 128, 65_280, 40_000]
        let gray16 = try decode(try ImageFixtures.png(sixteen.flatMap { [UInt8($0 >> 8), UInt8($0 & 255)] },
                                                      width: 4, height: 2, type: .gray, bitDepth: 16))
        XCTAssertEqual(gray16.channels, 1)
        XCTAssertEqual(gray16.pixels, sixteen.map(scaled))

        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]
        let indices: [UInt8] = [0, 1, 2, 3, 3, 2, 1, 0]
        let pal = try decode(try ImageFixtures.png(indices, width: 4, height: 2, type: .palette, palette: palette, trans: [0, 128]))
        XCTAssertEqual(pal.channels, 3)
        XCTAssertEqual(pal.pixels, indices.flatMap { Array(palette[Int($0) * 3..<Int($0) * 3 + 3]) })

        let grayAlpha: [UInt8] = [10, 0, 20, 50, 30, 255, 40, 7]
        let ga = try decode(try ImageFixtures.png(grayAlpha, width: 2, height: 2, type: .grayAlpha))
        XCTAssertEqual(ga.channels, 1)
        XCTAssertEqual(ga.pixels, [10, 20, 30, 40])

        let rgba: [UInt8] = [1, 2, 3, 0, 4, 5, 6, 100, 7, 8, 9, 255, 250, 251, 252, 1]
        let ra = try decode(try ImageFixtures.png(rgba, width: 2, height: 2, type: .rgba))
        XCTAssertEqual(ra.channels, 3)
        XCTAssertEqual(ra.pixels, [1, 2, 3, 4, 5, 6, 7, 8, 9, 250, 251, 252])

        let rgba16 = [1000, 2000, 3000, 0, 65_535, 0, 30_000, 65_535]
        let r16 = try decode(try ImageFixtures.png(rgba16.flatMap { [UInt8($0 >> 8), UInt8($0 & 255)] },
                                                   width: 2, height: 1, type: .rgba, bitDepth: 16))
        XCTAssertEqual(r16.pixels, [1000, 2000, 3000, 65_535, 0, 30_000].map(scaled))

        // 1-bit gray, 10 pixels a row: 2 bytes per row, from the high bit
        let bits: [UInt8] = [0b1010_0000, 0b1100_0000, 0b0000_0001, 0b0100_0000]
        let one = try decode(try ImageFixtures.png(bits, width: 10, height: 2, type: .gray, bitDepth: 1))
        XCTAssertEqual(one.pixels, [255, 0, 255, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 255, 0, 255])

        let rgb = ImageFixtures.pattern(width: 7, height: 5, channels: 3, seed: 5)
        let laced = try decode(try ImageFixtures.png(rgb, width: 7, height: 5, type: .rgb, interlaced: true))
        XCTAssertEqual(laced.pixels, rgb)
        XCTAssertEqual(laced.width, 7)
        XCTAssertEqual(laced.height, 5)
    }

    /// Gray, RGB, progressive and CMYK JPEGs decode within JPEG's loss of the pixels written.
    func testJPEGsDecodeWithinTolerance() throws {
        func decode(_ jpeg: [UInt8]) throws -> DecodedImage {
            let header = try ImageDecoder.header(jpeg, format: .jpeg, file: "t.jpg", memoryLimit: 1 << 30)
            return try ImageDecoder.decode(jpeg, header: header)
        }
        func assertClose(_ got: [UInt8], _ want: [UInt8], _ what: String, line: UInt = #line) {
            XCTAssertEqual(got.count, want.count, what, line: line)
            let d = zip(got, want).map { abs(Int($0) - Int($1)) }
            XCTAssertLessThanOrEqual(d.max() ?? 0, 8, "\(what): largest difference", line: line)
            XCTAssertLessThanOrEqual(Double(d.reduce(0, +)) / Double(max(d.count, 1)), 1.5, "\(what): mean difference", line: line)
        }
        let gray = ImageFixtures.pattern(width: 16, height: 12, channels: 1, seed: 1)
        let g = try decode(try ImageFixtures.jpeg(gray, width: 16, height: 12, components: 1))
        XCTAssertEqual(g.channels, 1)
        assertClose(g.pixels, gray, "gray")

        let rgb = ImageFixtures.pattern(width: 16, height: 12, channels: 3, seed: 2)
        let c = try decode(try ImageFixtures.jpeg(rgb, width: 16, height: 12, components: 3))
        XCTAssertEqual(c.channels, 3)
        assertClose(c.pixels, rgb, "RGB")
        assertClose(try decode(try ImageFixtures.jpeg(rgb, width: 16, height: 12, components: 3, progressive: true)).pixels, rgb, "progressive")

        // CMYK as Adobe stores it (inverted: 255 = no ink): C = R, M = G, Y = B with K = 255 is the RGB image
        var cmyk: [UInt8] = []
        for i in 0..<(16 * 12) { cmyk += [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], 255] }
        let k = try decode(try ImageFixtures.jpeg(cmyk, width: 16, height: 12, components: 4))
        XCTAssertEqual(k.channels, 3)
        assertClose(k.pixels, rgb, "CMYK")
    }

    /// Default channels: 1 when every image is gray, else 3 (gray repeated); channels=1 takes BT.601 luma;
    /// RGB rows hold three planes (CHW).
    func testChannelsDefaultAndConversion() throws {
        let gray = ImageFixtures.pattern(width: 3, height: 2, channels: 1, seed: 1)
        let rgb = ImageFixtures.pattern(width: 3, height: 2, channels: 3, seed: 2)
        try put("mixed/a.png", try ImageFixtures.png(gray, width: 3, height: 2, channels: 1))
        try put("mixed/b.png", try ImageFixtures.png(rgb, width: 3, height: 2, channels: 3))
        let (colour, notes) = try load("mixed")
        XCTAssertEqual(colour.imageChannels, 3)
        XCTAssertEqual(colour.features, 18)
        XCTAssertEqual(bytes(colour), gray + gray + gray + ImageFixtures.planes(rgb, channels: 3))
        XCTAssertEqual(notes, ["repeated 1 gray image into RGB"])
        XCTAssertTrue(colour.description.contains("images 2x3 RGB"), colour.description)

        let (flat, grayNotes) = try load("mixed") { $0.imageChannels = 1 }
        XCTAssertEqual(flat.imageChannels, 1)
        let luma: [UInt8] = (0..<6).map { (i: Int) -> UInt8 in
            let r = 299 * Int(rgb[3 * i]), g = 587 * Int(rgb[3 * i + 1]), b = 114 * Int(rgb[3 * i + 2])
            return UInt8((r + g + b + 500) / 1000)
        }
        XCTAssertEqual(bytes(flat), gray + luma)
        XCTAssertEqual(grayNotes, ["made 1 colour image gray (BT.601 luma)"])
    }

    func testImagesMustShareASizeOrSizeResamplesThem() throws {
        let big = ImageFixtures.pattern(width: 5, height: 4, channels: 1, seed: 1)
        let odd = ImageFixtures.pattern(width: 7, height: 3, channels: 1, seed: 2)
        try put("sizes/a/big.png", try ImageFixtures.png(big, width: 5, height: 4, channels: 1))
        try put("sizes/b/odd.png", try ImageFixtures.png(odd, width: 7, height: 3, channels: 1))
        assertDataError(.countMismatch, ["sizes", "a/big.png is 4x5", "b/odd.png is 3x7", "(height x width)", "size=[height, width]"]) {
            try load("sizes")
        }
        assertDataError(.invalidArgument, ["size [0, 5]", "from 1 to 65535 pixels"]) { try load("sizes") { $0.imageSize = (0, 5) } }
        assertDataError(.invalidArgument, ["channels 2", "expected 1 (gray) or 3 (RGB)"]) {
            try load("sizes") { $0.imageSize = (4, 5); $0.imageChannels = 2 }
        }
        let (ds, notes) = try load("sizes") { $0.imageSize = (4, 5) }
        XCTAssertEqual(ds.count, 2)
        XCTAssertEqual(ds.imageShape?.height, 4)
        XCTAssertEqual(ds.imageShape?.width, 5)
        XCTAssertEqual(Array(bytes(ds)[0..<20]), big, "an image of the target size is not touched")
        let resampled = ImageResize.resample(DecodedImage(width: 7, height: 3, channels: 1, pixels: odd), height: 4, width: 5)
        XCTAssertEqual(Array(bytes(ds)[20...]), resampled.pixels)
        XCTAssertEqual(notes, ["resampled 1 of 2 images to 4x5 (area average where shrinking, bilinear where enlarging)"])
    }

    func testResamplingAveragesAreasAndInterpolatesBilinearly() {
        // 4x4 -> 2x2: each output is the mean of a 2x2 block of v = 10x + 40y
        let grid: [UInt8] = (0..<16).map { (i: Int) -> UInt8 in UInt8(10 * (i % 4) + 40 * (i / 4)) }
        XCTAssertEqual(ImageResize.resample(DecodedImage(width: 4, height: 4, channels: 1, pixels: grid), height: 2, width: 2).pixels,
                       [25, 45, 105, 125])
        // 3 -> 2: output 0 covers [0, 1.5) (weights 2/3, 1/3), output 1 covers [1.5, 3)
        XCTAssertEqual(ImageResize.resample(DecodedImage(width: 3, height: 1, channels: 1, pixels: [0, 90, 180]), height: 1, width: 2).pixels,
                       [30, 150])
        // 2 -> 4 bilinear with aligned pixel centres: sources at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
        XCTAssertEqual(ImageResize.resample(DecodedImage(width: 2, height: 1, channels: 1, pixels: [0, 255]), height: 1, width: 4).pixels,
                       [0, 64, 191, 255])
        // channels are resampled independently
        let rgb = DecodedImage(width: 2, height: 1, channels: 3, pixels: [0, 100, 200, 255, 100, 0])
        XCTAssertEqual(ImageResize.resample(rgb, height: 1, width: 1).pixels, [128, 100, 100])
    }

    func testNonImagesAndDamagedFilesAreSkippedWithCountsOrRefusedUnderStrict() throws {
        let p = ImageFixtures.pattern(width: 8, height: 8, channels: 3, seed: 1)
        let jpeg = try ImageFixtures.jpeg(p, width: 8, height: 8, components: 3)
        try put("mess/a.png", try ImageFixtures.png(p, width: 8, height: 8, channels: 3))
        try put("mess/b.jpg", jpeg)
        try put("mess/broken.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("not really a PNG at all".utf8))
        try put("mess/cut.jpg", Array(jpeg.prefix(jpeg.count / 2)))
        try put("mess/notes.txt", Array("a text file\n".utf8))
        try put("mess/readme", Array("another\n".utf8))
        let (ds, notes) = try load("mess")
        XCTAssertEqual(ds.count, 2)
        XCTAssertEqual(notes.count, 2, "\(notes)")
        XCTAssertEqual(notes.first, "skipped 2 files that are not PNG/JPEG images: notes.txt, readme")
        XCTAssertTrue(notes.last?.hasPrefix("skipped 2 damaged or unreadable files: broken.png (libpng: ") == true, "\(notes)")
        XCTAssertTrue(notes.last?.contains("cut.jpg (libjpeg: ") == true, "\(notes)")

        assertDataError(.malformed, ["mess/broken.png", "is a damaged PNG image (libpng: ", "strict=true"]) {
            try load("mess") { $0.strict = true }
        }
        try FileManager.default.removeItem(atPath: dir + "/mess/broken.png")
        try FileManager.default.removeItem(atPath: dir + "/mess/cut.jpg")
        assertDataError(.unsupported, ["mess/notes.txt", "is not a PNG or JPEG image", "strict=true"]) {
            try load("mess") { $0.strict = true }
        }
        try put("only/notes.txt", Array("text\n".utf8))
        assertDataError(.missingFile, ["only: is a folder; expected a file, or a folder of PNG or JPEG images, but it holds none",
                                       "skipped 1 file that is not a PNG/JPEG image: notes.txt"]) {
            try load("only")
        }
    }

    /// A header declaring an absurd size is refused, naming the file and the value, before any pixel
    /// buffer is allocated from it.
    func testAbsurdDimensionsAreRefusedFromTheHeader() throws {
        try put("huge/huge.png", ImageFixtures.pngHeaderOnly(width: 100_000, height: 100_000))
        assertDataError(.sizeMismatch, ["huge/huge.png", "100000x100000", "at most 65535 pixels a side"]) { try load("huge") }

        // a real JPEG whose frame header is patched to 60000 x 60000: within libjpeg's limit, but 3.6 GB decoded
        var jpeg = try ImageFixtures.jpeg(ImageFixtures.pattern(width: 8, height: 8, channels: 3, seed: 1), width: 8, height: 8, components: 3)
        guard let sof = (0..<(jpeg.count - 9)).first(where: { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 }) else {
            return XCTFail("the encoder wrote no SOF0 marker")
        }
        jpeg.replaceSubrange((sof + 5)...(sof + 8), with: [0xEA, 0x60, 0xEA, 0x60])
        try put("wide/wide.jpg", jpeg)
        assertDataError(.sizeMismatch, ["wide/wide.jpg", "60000x60000", "bytes per image"]) { try load("wide") }

        // the whole folder is checked against the memory limit before its rows are allocated
        try put("many/a.png", try ImageFixtures.png([UInt8](repeating: 7, count: 64), width: 8, height: 8, channels: 1))
        try put("many/b.png", try ImageFixtures.png([UInt8](repeating: 9, count: 64), width: 8, height: 8, channels: 1))
        assertDataError(.sizeMismatch, ["many", "2 images of 8x8x1 values", "memory limit of 100 bytes"]) {
            try load("many") { $0.memoryLimit = 100 }
        }
    }

    /// Headers are read from a file's first 64 KB, or from the whole file when metadata push them further.
    func testHeadersBeyondTheFirst64KBAreFound() throws {
        let p = ImageFixtures.pattern(width: 6, height: 5, channels: 3, seed: 2)
        var png = try ImageFixtures.png(p, width: 6, height: 5, channels: 3)
        png.insert(contentsOf: ImageFixtures.chunk("tEXt", Array("Comment\u{0}".utf8) + [UInt8](repeating: 65, count: 100_000)), at: 33)
        var jpeg = try ImageFixtures.jpeg(p, width: 6, height: 5, components: 3)
        for _ in 0..<2 {   // two APP15 segments of 60000 bytes after SOI
            jpeg.insert(contentsOf: [0xFF, 0xEF, UInt8(60_002 >> 8), UInt8(60_002 & 255)] + [UInt8](repeating: 7, count: 60_000), at: 2)
        }
        try put("meta/a.png", png)
        try put("meta/b.jpg", jpeg)
        let (ds, notes) = try load("meta")
        XCTAssertEqual(notes, [])
        XCTAssertEqual(ds.count, 2)
        XCTAssertEqual(Array(bytes(ds)[0..<90]), ImageFixtures.planes(p, channels: 3))
    }

    /// Damaged copies of valid files (bytes flipped, cut short; seeded, LATENT_FUZZ_SEED and
    /// LATENT_FUZZ_TRIALS vary them) never end the process: each decodes or is skipped with libpng's or
    /// libjpeg's sentence.
    func testDamagedCopiesAreDecodedOrSkippedNeverFatal() throws {
        let p = ImageFixtures.pattern(width: 16, height: 16, channels: 3, seed: 3)
        let originals = [("png", try ImageFixtures.png(p, width: 16, height: 16, channels: 3)),
                         ("jpg", try ImageFixtures.jpeg(p, width: 16, height: 16, components: 3)),
                         ("jpg", try ImageFixtures.jpeg(p, width: 16, height: 16, components: 3, progressive: true))]
        var rng = SplitMix(seed: UInt64(ProcessInfo.processInfo.environment["LATENT_FUZZ_SEED"] ?? "") ?? 17)
        var written = 0
        for (k, (ext, bytes)) in originals.enumerated() {
            for trial in 0..<(Int(ProcessInfo.processInfo.environment["LATENT_FUZZ_TRIALS"] ?? "") ?? 100) {
                var copy = bytes
                if trial % 4 == 3 {
                    copy.removeSubrange(Int.random(in: 3..<copy.count, using: &rng)...)
                } else {
                    for _ in 0..<(1 + trial % 5) {
                        copy[Int.random(in: 3..<copy.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                }
                try put("fuzz/\(k)-\(trial).\(ext)", copy)
                written += 1
            }
        }
        do {
            let (ds, notes) = try load("fuzz") { $0.imageSize = (16, 16) }
            XCTAssertLessThanOrEqual(ds.count, written)
            XCTAssertTrue(ds.count == written || notes.contains { $0.hasPrefix("skipped ") }, "\(notes)")
        } catch let e as DataError {
            // a flipped size byte may declare an image too large to hold: refused with a sentence
            XCTAssertEqual(e.kind, .sizeMismatch, "\(e)")
        }
    }

    func testLooseFilesAndEmptyClassFoldersAreNoted() throws {
        let p = ImageFixtures.pattern(width: 2, height: 2, channels: 1, seed: 1)
        try put("set/alice/1.png", try ImageFixtures.png(p, width: 2, height: 2, channels: 1))
        try put("set/alice/deeper/2.png", try ImageFixtures.png(p, width: 2, height: 2, channels: 1))
        try put("set/nobody/notes.txt", Array("no images here\n".utf8))
        try put("set/top.png", try ImageFixtures.png(p, width: 2, height: 2, channels: 1))
        let (ds, notes) = try load("set")
        XCTAssertEqual(ds.count, 2, "nested folders belong to their class")
        XCTAssertEqual(ds.labelNames, ["alice"])
        XCTAssertEqual(ds.labels, [0, 0])
        XCTAssertEqual(notes, ["nobody/ holds no images and is not a class",
                               "left out 1 file directly in the folder (top.png): with class subfolders, only the images inside them are read",
                               "skipped 1 file that is not a PNG/JPEG image: nobody/notes.txt"])
    }

    /// ORL faces from /work/shared/data written as a PNG folder (one subfolder per person) load back as
    /// the IDX bytes, labels and all; as JPEGs, within JPEG's loss.
    func testORLFacesAsAnImageFolderMatchTheIDXFile() throws {
        try SlowTests.skipWhenFast()
        guard let shared = sharedDataFolder(), FileManager.default.fileExists(atPath: shared + "/orl-faces-32x32/orl-images-idx3-ubyte.gz") else {
            throw XCTSkip("../shared/data/orl-faces-32x32 is absent; the ORL image-folder test is skipped")
        }
        let idx = shared + "/orl-faces-32x32/orl-images-idx3-ubyte.gz"
        let orl = try DataLoader.load(idx)
        let labels = try XCTUnwrap(orl.labels)
        let raw = bytes(orl)
        let order = (0..<orl.count).sorted { (labels[$0], $0) < (labels[$1], $1) }
        for (k, i) in order.enumerated() {
            let face = Array(raw[i * 1024..<(i + 1) * 1024])
            let person = String(format: "s%02d", Int(labels[i]) + 1), file = String(format: "%03d", k)
            try put("orl/\(person)/\(file).png", try ImageFixtures.png(face, width: 32, height: 32, channels: 1))
            try put("orl-jpeg/\(person)/\(file).jpg", try ImageFixtures.jpeg(face, width: 32, height: 32, components: 1, quality: 95))
        }
        let (png, notes) = try load("orl")
        XCTAssertEqual(notes, [])
        XCTAssertEqual(png.count, 400)
        XCTAssertEqual(png.labelNames, (1...40).map { String(format: "s%02d", $0) })
        XCTAssertEqual(png.labels, order.map { labels[$0] })
        XCTAssertEqual(bytes(png), order.flatMap { raw[$0 * 1024..<($0 + 1) * 1024] })
        let (jpg, _) = try load("orl-jpeg")
        let error = zip(bytes(jpg), bytes(png)).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
        XCTAssertLessThan(Double(error) / Double(400 * 1024), 2.0, "mean absolute JPEG error at quality 95")
    }
}

/// A seeded generator (SplitMix64), so the damaged copies are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
