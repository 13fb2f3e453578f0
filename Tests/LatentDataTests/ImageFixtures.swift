import CJPEG
import CPNG
import Foundation
import XCTest

/// PNG and JPEG files for the image-folder tests, written by libpng and libjpeg through the same C
/// shims the loader reads with.
enum ImageFixtures {
    /// PNG colour types.
    enum PNGType: Int32 {
        case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6
        var channels: Int {
            switch self {
            case .gray, .palette: return 1
            case .grayAlpha: return 2
            case .rgb: return 3
            case .rgba: return 4
            }
        }
    }

    /// A PNG of `width x height` whose packed rows are `rows` (the PNG's own layout: 16-bit samples
    /// big-endian, sub-byte pixels from the high bit).
    static func png(_ rows: [UInt8], width: Int, height: Int, type: PNGType, bitDepth: Int = 8,
                    palette: [UInt8] = [], trans: [UInt8] = [], interlaced: Bool = false) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = latent_png_encode(rows, UInt32(width), UInt32(height), type.rawValue, Int32(bitDepth),
                                       palette.isEmpty ? nil : palette, Int32(palette.count / 3),
                                       trans.isEmpty ? nil : trans, Int32(trans.count), interlaced ? 1 : 0,
                                       &out, &size, &message)
        guard status == 0, let out else { throw XCTSkip("libpng could not write the fixture: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))") }
        defer { free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }

    /// An 8-bit gray (1 channel) or RGB (3, interleaved) PNG.
    static func png(_ pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        try png(pixels, width: width, height: height, type: channels == 1 ? .gray : .rgb)
    }

    /// A JPEG of interleaved 8-bit pixels with 1 (gray), 3 (RGB) or 4 (CMYK) components, no chroma subsampling.
    static func jpeg(_ pixels: [UInt8], width: Int, height: Int, components: Int, quality: Int = 95,
                     progressive: Bool = false) throws -> [UInt8] {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = latent_jpeg_encode(pixels, UInt32(width), UInt32(height), Int32(components), Int32(quality),
                                        progressive ? 1 : 0, &out, &size, &message)
        guard status == 0, let out else { throw XCTSkip("libjpeg could not write the fixture: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))") }
        defer { free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(size)))
    }

    /// A smooth test pattern of `width x height x channels` interleaved bytes (JPEG keeps smooth images
    /// close), different for each `seed`.
    static func pattern(width: Int, height: Int, channels: Int, seed: Int) -> [UInt8] {
        var p: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    let v = 40 + 160 * (Double(x + seed) / Double(width + seed)) * (0.5 + 0.5 * Double(y) / Double(height))
                    p.append(UInt8(min(255, max(0, v + Double(c * 20) - Double(seed % 3) * 10))))
                }
            }
        }
        return p
    }

    /// Interleaved pixels as planes (CHW), the layout the loader stores.
    static func planes(_ pixels: [UInt8], channels c: Int) -> [UInt8] {
        let n = pixels.count / c
        return (0..<c).flatMap { k in (0..<n).map { pixels[$0 * c + k] } }
    }

    /// A PNG whose IHDR (with a correct CRC) declares `width x height`, followed by far too little image data.
    static func pngHeaderOnly(width: UInt32, height: UInt32) -> [UInt8] {
        // then a few bytes of (never inflated) image data and the end chunk, as a hostile file would have
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(width) + be(height) + [8, 0, 0, 0, 0])
            + chunk("IDAT", [0x78, 0x9C, 0x03, 0x00]) + chunk("IEND", [])
    }

    /// A PNG chunk: length, type, data, CRC-32 of type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        var crc: UInt32 = 0xFFFF_FFFF
        for b in body {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return be(UInt32(data.count)) + body + be(~crc)
    }

    static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
}
