extension DecodedImage {
    /// This image with `channels` values per pixel: gray is repeated into red, green and blue; RGB becomes
    /// gray by ITU-R BT.601 luma, Y = (299 R + 587 G + 114 B) / 1000 rounded (what JPEG's Y and PIL's
    /// `convert("L")` use).
    func converted(to channels: Int) -> DecodedImage {
        precondition(channels == 1 || channels == 3, "images have 1 or 3 channels")
        if channels == self.channels { return self }
        let n = width * height
        var out = [UInt8](repeating: 0, count: n * channels)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                if channels == 3 {
                    for i in 0..<n { let v = src[i]; dst[3 * i] = v; dst[3 * i + 1] = v; dst[3 * i + 2] = v }
                } else {
                    for i in 0..<n {
                        let y = 299 * Int(src[3 * i]) + 587 * Int(src[3 * i + 1]) + 114 * Int(src[3 * i + 2])
                        dst[i] = UInt8((y + 500) / 1000)
                    }
                }
            }
        }
        return DecodedImage(width: width, height: height, channels: channels, pixels: out)
    }

    /// Writes the pixels to `out` as `channels` planes of `height x width` (CHW: all red values, then all
    /// green, then all blue; one plane for gray).
    func writePlanes(to out: UnsafeMutablePointer<UInt8>) {
        let n = width * height, c = channels
        pixels.withUnsafeBufferPointer { src in
            for k in 0..<c {
                let plane = out + k * n
                for i in 0..<n { plane[i] = src[i * c + k] }
            }
        }
    }
}
