import CPNG
import Foundation
import XCTest
import LatentCore
@testable import LatentPlot

/// RGB image grids (`plot images` of an RGB dataset or of samples from a model trained on one) are drawn
/// in colour with gnuplot's rgbimage.
final class ImageGridRGBTests: XCTestCase {
    /// A red, a green and a blue 4x4 image, each stored as three planes (red, green, blue).
    func primaries() -> Matrix {
        let n = 16
        var values: [Float] = []
        for colour in 0..<3 {
            for plane in 0..<3 { values += [Float](repeating: plane == colour ? 1 : 0, count: n) }
        }
        return Matrix(rows: 3, cols: 3 * n, values: values)
    }

    func testRGBPlanesBecomeInterleavedColoursInRange() throws {
        var spec = ImageGrid.Spec()
        spec.cols = 3
        let grid = ImageGrid(images: primaries(), height: 4, width: 4, channels: 3, spec: spec)
        let block = grid.mosaicBlock()
        XCTAssertEqual(block.fields, 3)
        let w = grid.mosaic.width
        XCTAssertEqual(w, 14)
        let px = block.storage
        func pixel(_ x: Int, _ y: Int) -> [Float] { Array(px[(y * w + x) * 3..<(y * w + x) * 3 + 3]) }
        XCTAssertEqual(pixel(0, 0), [255, 0, 0])
        XCTAssertEqual(pixel(4, 0), [255, 255, 255], "the gap between tiles is white")
        XCTAssertEqual(pixel(5, 3), [0, 255, 0])
        XCTAssertEqual(pixel(13, 2), [0, 0, 255])
        let text = try Plotter.script(for: grid, output: PlotOutput(path: "g.png")).text
        XCTAssertTrue(text.contains("binary array=(14,4) format='%float%float%float' with rgbimage"), text)
        XCTAssertFalse(text.contains("set palette gray"), text)
    }

    func testChannelsMustMatchTheValues() {
        XCTAssertThrowsError(try ImageGrid(images: primaries(), height: 4, width: 4, channels: 1).validate())
        XCTAssertThrowsError(try ImageGrid(images: primaries(), height: 4, width: 4, channels: 2).validate())
        XCTAssertNoThrow(try ImageGrid(images: primaries(), height: 4, width: 4, channels: 3).validate())
    }

    /// The PNG gnuplot writes, read back with libpng, holds saturated red, green and blue pixels.
    func testRenderedPNGIsInColour() throws {
        try Fixtures.requireGnuplot()
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rgb.png"
        _ = try Plotter().render(ImageGrid(images: primaries(), height: 4, width: 4, channels: 3), to: PlotOutput(path: path))
        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var header = latent_png_header()
        var message = [CChar](repeating: 0, count: 256)
        XCTAssertEqual(latent_png_read_image(png, png.count, 1, nil, 0, &header, &message), 0)
        XCTAssertEqual(header.channels, 3, "gnuplot wrote a colour PNG")
        var rgb = [UInt8](repeating: 0, count: Int(header.width) * Int(header.height) * 3)
        let status = rgb.withUnsafeMutableBufferPointer { latent_png_read_image(png, png.count, 0, $0.baseAddress, $0.count, &header, &message) }
        XCTAssertEqual(status, 0)
        var counts = [0, 0, 0]
        for i in 0..<(rgb.count / 3) {
            let p = [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]]
            for c in 0..<3 where p[c] > 200 && p[(c + 1) % 3] < 60 && p[(c + 2) % 3] < 60 { counts[c] += 1 }
        }
        for c in 0..<3 { XCTAssertGreaterThan(counts[c], 1000, "pixels of primary \(c): \(counts)") }
    }
}
