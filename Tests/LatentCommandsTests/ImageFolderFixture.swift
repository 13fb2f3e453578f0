import CPNG
import Foundation
import XCTest

/// A small folder of RGB PNG images in class subfolders, written by libpng for the `load "faces/"` examples
/// and tests: faces/alice (warm images) and faces/bob (cool images), `perClass` each, 12x10 pixels but
/// one of bob's 9x11, and a text file that is not an image.
enum ImageFolderFixture {
    static func write(to folder: String, perClass: Int = 6) throws {
        let fm = FileManager.default
        for (c, person) in ["alice", "bob"].enumerated() {
            try fm.createDirectory(atPath: folder + "/" + person, withIntermediateDirectories: true)
            for i in 0..<perClass {
                let (h, w) = c == 1 && i == 0 ? (9, 11) : (12, 10)
                var pixels: [UInt8] = []
                for y in 0..<h {
                    for x in 0..<w {
                        let t = Double(x + y + i) / Double(w + h + perClass)
                        let warm = UInt8(120 + 120 * t), cool = UInt8(30 + 60 * t)
                        pixels += c == 0 ? [warm, cool, cool] : [cool, cool, warm]
                    }
                }
                try png(pixels, width: w, height: h).write(to: URL(fileURLWithPath: folder + "/\(person)/\(i).png"))
            }
        }
        try "not an image\n".write(toFile: folder + "/bob/notes.txt", atomically: true, encoding: .utf8)
    }

    /// An 8-bit RGB PNG of interleaved pixels.
    static func png(_ pixels: [UInt8], width: Int, height: Int) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = latent_png_encode(pixels, UInt32(width), UInt32(height), 2, 8, nil, 0, nil, 0, 0, &out, &size, &message)
        guard status == 0, let out else { throw XCTSkip("libpng could not write the image fixture") }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }
}
