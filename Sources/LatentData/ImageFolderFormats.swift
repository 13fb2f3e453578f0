import Foundation

/// The image formats an image folder may hold, told apart by their first bytes.
enum ImageFormat: String, Sendable {
    /// PNG (signature `89 50 4E 47 0D 0A 1A 0A`), decoded by libpng.
    case png = "PNG"
    /// JPEG/JFIF (starts `FF D8 FF`), decoded by libjpeg-turbo.
    case jpeg = "JPEG"

    /// The format of a file starting with `head`, or nil when it is neither.
    static func sniff(_ head: [UInt8]) -> ImageFormat? {
        if head.count >= 8 && head[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF { return .jpeg }
        return nil
    }
}

/// What an image file's header says, checked: both sides in 1...`ImageHeader.maxSide`.
struct ImageHeader: Sendable, Equatable {
    /// The format.
    let format: ImageFormat
    /// Pixels per row.
    let width: Int
    /// Rows.
    let height: Int
    /// 1 when the image decodes to gray, 3 when to RGB.
    let channels: Int

    /// The longest side accepted (JPEG's own limit is 65500; PNG's 2^31 - 1).
    static let maxSide = 65_535
    /// The most bytes one decoded image may occupy (before resampling), besides the memory limit.
    static let maxDecodedBytes = 1 << 30

    /// A header from decoder values, refused with a sentence naming `file` when a side is 0, longer than
    /// `maxSide`, or the decoded pixels would exceed `maxDecodedBytes` or `memoryLimit`.
    init(format: ImageFormat, width: Int, height: Int, channels: Int, file: String, memoryLimit: Int) throws {
        guard width >= 1, height >= 1 else {
            throw DataError(.malformed, file: file, "declares an image of \(height)x\(width) pixels (height x width); expected at least 1x1")
        }
        guard width <= ImageHeader.maxSide, height <= ImageHeader.maxSide else {
            throw DataError(.sizeMismatch, file: file,
                            "declares an image of \(height)x\(width) pixels (height x width); expected at most \(ImageHeader.maxSide) pixels a side")
        }
        let bytes = width * height * channels
        guard bytes <= min(ImageHeader.maxDecodedBytes, memoryLimit) else {
            throw DataError(.sizeMismatch, file: file,
                            "declares an image of \(height)x\(width) pixels (height x width), \(bytes) bytes decoded; expected at most \(min(ImageHeader.maxDecodedBytes, memoryLimit)) bytes per image")
        }
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
    }
}

/// A decoded image: 8-bit pixels, `channels` (1 gray, 3 RGB) interleaved per pixel, rows top to bottom.
struct DecodedImage: Sendable {
    /// Pixels per row.
    var width: Int
    /// Rows.
    var height: Int
    /// Values per pixel (1 or 3).
    var channels: Int
    /// `height * width * channels` bytes.
    var pixels: [UInt8]
}

/// A damaged or unreadable image: the file and the decoder's sentence.
struct ImageDecodeError: Error, Sendable {
    /// libpng's or libjpeg's message, or the reader's.
    let reason: String
}

/// A decoder's one entry: the header of `bytes`, and unless `headerOnly` the pixels written to `out`
/// (`outSize` bytes, `width * height * channels` of the header read before).
protocol ImageCodec {
    static func read(_ bytes: [UInt8], headerOnly: Bool, out: UnsafeMutablePointer<UInt8>?, outSize: Int) throws
        -> (width: Int, height: Int, channels: Int)
}

/// Header checks and decoding common to the formats (the decoders are `PNGDecoder` and `JPEGDecoder`).
enum ImageDecoder {
    static func codec(_ format: ImageFormat) -> any ImageCodec.Type {
        switch format {
        case .png: return PNGDecoder.self
        case .jpeg: return JPEGDecoder.self
        }
    }

    /// The checked header of `bytes` in `format`; throws `ImageDecodeError` when the decoder rejects the
    /// file, `DataError` when it declares a size that cannot be held.
    static func header(_ bytes: [UInt8], format: ImageFormat, file: String, memoryLimit: Int) throws -> ImageHeader {
        let h = try codec(format).read(bytes, headerOnly: true, out: nil, outSize: 0)
        return try ImageHeader(format: format, width: h.width, height: h.height, channels: h.channels,
                               file: file, memoryLimit: memoryLimit)
    }

    /// The pixels of `bytes`, whose header was read and checked as `header` (a file whose header has
    /// changed since is refused before anything is allocated from it).
    static func decode(_ bytes: [UInt8], header: ImageHeader) throws -> DecodedImage {
        let codec = codec(header.format)
        let again = try codec.read(bytes, headerOnly: true, out: nil, outSize: 0)
        guard again == (header.width, header.height, header.channels) else {
            throw ImageDecodeError(reason: "the file changed while the folder was read")
        }
        var pixels = [UInt8](repeating: 0, count: header.width * header.height * header.channels)
        _ = try pixels.withUnsafeMutableBufferPointer { out in
            try codec.read(bytes, headerOnly: false, out: out.baseAddress, outSize: out.count)
        }
        return DecodedImage(width: header.width, height: header.height, channels: header.channels, pixels: pixels)
    }

    /// The text of a C message buffer.
    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
