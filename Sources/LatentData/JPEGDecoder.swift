import CJPEG

/// JPEG through libjpeg-turbo's libjpeg API (the C shim in Sources/CJPEG): baseline and progressive,
/// gray, YCbCr/RGB and CMYK/YCCK, to 8-bit gray or RGB. libjpeg's exiting error handler is replaced, so
/// a damaged or truncated file comes back as a sentence and never ends the process.
enum JPEGDecoder: ImageCodec {
    static func read(_ bytes: [UInt8], headerOnly: Bool, out: UnsafeMutablePointer<UInt8>?, outSize: Int) throws
        -> (width: Int, height: Int, channels: Int) {
        var header = latent_jpeg_header()
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { input in
            latent_jpeg_read_image(input.baseAddress, UInt(input.count), headerOnly ? 1 : 0, out, outSize, &header, &message)
        }
        guard status == 0 else { throw ImageDecodeError(reason: "libjpeg: " + ImageDecoder.text(message)) }
        return (Int(header.width), Int(header.height), Int(header.channels))
    }
}
