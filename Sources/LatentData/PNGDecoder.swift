import CPNG

/// PNG through libpng 1.6 (the C shim in Sources/CPNG): every colour type and bit depth, to 8-bit gray
/// or RGB. Palettes are expanded, 1/2/4-bit gray widened, 16-bit samples scaled to 8 bits
/// (v * 255 / 65535, rounded), alpha and tRNS transparency dropped (as PIL's `convert("RGB")` does), the
/// stored values kept without gamma correction. Errors come back as sentences; none ends the process.
enum PNGDecoder: ImageCodec {
    static func read(_ bytes: [UInt8], headerOnly: Bool, out: UnsafeMutablePointer<UInt8>?, outSize: Int) throws
        -> (width: Int, height: Int, channels: Int) {
        var header = latent_png_header()
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { input in
            latent_png_read_image(input.baseAddress, input.count, headerOnly ? 1 : 0, out, outSize, &header, &message)
        }
        guard status == 0 else { throw ImageDecodeError(reason: "libpng: " + ImageDecoder.text(message)) }
        return (Int(header.width), Int(header.height), Int(header.channels))
    }
}
