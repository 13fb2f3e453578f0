/// Resampling of 8-bit images to a given size, one axis at a time (separable), each axis by its own
/// rule: area averaging where it shrinks (each output pixel is the mean of the source pixels it covers,
/// fractional pixels weighted by the part covered; OpenCV's INTER_AREA) and bilinear interpolation where
/// it enlarges or keeps the size (pixel centres aligned, edges clamped; OpenCV's INTER_LINEAR). The
/// aspect ratio follows the target: images are stretched, not cropped.
enum ImageResize {
    /// For each output index along one axis, the source indices and weights that make it (weights sum to 1).
    struct AxisWeights {
        /// First source index of output `j`.
        var first: [Int] = []
        /// Weights of sources `first[j]...`, output `j`'s at `offsets[j]..<offsets[j + 1]`.
        var weights: [Float] = []
        var offsets: [Int] = [0]

        /// Weights taking `source` samples to `target`.
        init(source n: Int, target m: Int) {
            precondition(n >= 1 && m >= 1, "resampling needs at least one sample on each side")
            if m < n {
                // output j covers the source interval [j * n/m, (j + 1) * n/m), of length n/m > 1
                let step = Double(n) / Double(m)
                for j in 0..<m {
                    let lo = Double(j) * step, hi = min(Double(j + 1) * step, Double(n))
                    let i0 = Int(lo.rounded(.down)), i1 = min(Int(hi.rounded(.up)), n)
                    first.append(i0)
                    for i in i0..<i1 {
                        let overlap = min(hi, Double(i + 1)) - max(lo, Double(i))
                        weights.append(Float(max(overlap, 0) / step))
                    }
                    offsets.append(weights.count)
                }
            } else {
                // output j's centre j + 0.5 maps to source position (j + 0.5) * n/m - 0.5
                let step = Double(n) / Double(m)
                for j in 0..<m {
                    let x = min(max((Double(j) + 0.5) * step - 0.5, 0), Double(n - 1))
                    let i0 = Int(x.rounded(.down)), f = Float(x - Double(i0))
                    first.append(i0)
                    weights.append(1 - f)
                    if i0 + 1 < n { weights.append(f) }
                    offsets.append(weights.count)
                }
            }
        }
    }

    /// `image` resampled to `height x width` (the same image when it has that size already).
    static func resample(_ image: DecodedImage, height: Int, width: Int) -> DecodedImage {
        if image.height == height && image.width == width { return image }
        let c = image.channels, h = image.height, w = image.width
        let across = AxisWeights(source: w, target: width), down = AxisWeights(source: h, target: height)
        // rows first: (h, w, c) -> (h, width, c), in floats
        var wide = [Float](repeating: 0, count: h * width * c)
        image.pixels.withUnsafeBufferPointer { src in
            wide.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    let row = src.baseAddress! + y * w * c, out = dst.baseAddress! + y * width * c
                    for x in 0..<width {
                        let i0 = across.first[x], lo = across.offsets[x], hi = across.offsets[x + 1]
                        for k in 0..<c {
                            var sum: Float = 0
                            for t in lo..<hi { sum += across.weights[t] * Float(row[(i0 + t - lo) * c + k]) }
                            out[x * c + k] = sum
                        }
                    }
                }
            }
        }
        // then columns: (h, width, c) -> (height, width, c), rounded to bytes
        var pixels = [UInt8](repeating: 0, count: height * width * c)
        let stride = width * c
        wide.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let i0 = down.first[y], lo = down.offsets[y], hi = down.offsets[y + 1]
                    let out = dst.baseAddress! + y * stride
                    for j in 0..<stride {
                        var sum: Float = 0
                        for t in lo..<hi { sum += down.weights[t] * src[(i0 + t - lo) * stride + j] }
                        out[j] = UInt8(min(max(sum.rounded(), 0), 255))
                    }
                }
            }
        }
        return DecodedImage(width: width, height: height, channels: c, pixels: pixels)
    }
}
