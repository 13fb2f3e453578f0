/// The shape of a 2-D convolution between an *image* (the larger side: Conv2D's input, ConvTranspose2D's
/// output) and a *grid* (the smaller side: Conv2D's output, ConvTranspose2D's input).
///
/// Memory layout of every conv layer: a batch is a row-major (B, C*H*W) `Matrix`, one sample per row, each
/// row in NCHW order: element (c, y, x) of a sample is column `c*H*W + y*W + x`. A Dense layer's output row
/// is read as C x H x W by the conv layer after it, so no Reshape layer is needed.
/// The weight is (gridChannels, imageChannels*kh*kw): PyTorch's Conv2d (out, in, kh, kw) and
/// ConvTranspose2d (in, out, kh, kw) layouts, flattened.
/// Grid size: gridHeight = (imageHeight + 2*padding - kernelHeight) / stride + 1 (floor), same for widths.
public struct ConvGeometry: Sendable, Equatable, CustomStringConvertible {
    /// Channels, height and width of the image side.
    public let imageChannels: Int, imageHeight: Int, imageWidth: Int
    /// Channels, height and width of the grid side.
    public let gridChannels: Int, gridHeight: Int, gridWidth: Int
    /// Kernel height and width.
    public let kernelHeight: Int, kernelWidth: Int
    /// Step between kernel placements on the image (both axes).
    public let stride: Int
    /// Zeros added on every side of the image (both axes).
    public let padding: Int

    private init(imageChannels: Int, imageHeight: Int, imageWidth: Int, gridChannels: Int, gridHeight: Int,
                 gridWidth: Int, kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int) {
        self.imageChannels = imageChannels; self.imageHeight = imageHeight; self.imageWidth = imageWidth
        self.gridChannels = gridChannels; self.gridHeight = gridHeight; self.gridWidth = gridWidth
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.stride = stride; self.padding = padding
    }

    private static func checkCommon(_ layer: String, inChannels: Int, height: Int, width: Int, outChannels: Int,
                                    kernel: (Int, Int), stride: Int, padding: Int) throws {
        guard inChannels > 0, outChannels > 0 else {
            throw ConfigError("\(layer): channels must be positive, got \(inChannels) -> \(outChannels)")
        }
        guard height > 0, width > 0 else { throw ConfigError("\(layer): input size must be positive, got \(height)x\(width)") }
        guard kernel.0 > 0, kernel.1 > 0 else { throw ConfigError("\(layer): kernel must be positive, got \(kernel.0)x\(kernel.1)") }
        guard stride > 0 else { throw ConfigError("\(layer): stride must be positive, got \(stride)") }
        guard padding >= 0 else { throw ConfigError("\(layer): padding must be non-negative, got \(padding)") }
    }

    /// A convolution of a (inChannels, height, width) image to `outChannels` grid channels.
    public static func convolution(inChannels: Int, height: Int, width: Int, outChannels: Int,
                                   kernel: (Int, Int), stride: Int = 1, padding: Int = 0) throws -> ConvGeometry {
        try checkCommon("conv2d", inChannels: inChannels, height: height, width: width, outChannels: outChannels,
                        kernel: kernel, stride: stride, padding: padding)
        guard height + 2 * padding >= kernel.0, width + 2 * padding >= kernel.1 else {
            throw ConfigError("conv2d: a \(kernel.0)x\(kernel.1) kernel does not fit a \(height)x\(width) input "
                              + "with padding \(padding)")
        }
        return ConvGeometry(imageChannels: inChannels, imageHeight: height, imageWidth: width,
                            gridChannels: outChannels, gridHeight: (height + 2 * padding - kernel.0) / stride + 1,
                            gridWidth: (width + 2 * padding - kernel.1) / stride + 1,
                            kernelHeight: kernel.0, kernelWidth: kernel.1, stride: stride, padding: padding)
    }

    /// A transposed convolution of a (inChannels, height, width) grid up to an `outChannels` image of
    /// size (height-1)*stride - 2*padding + kernel + outputPadding (PyTorch's ConvTranspose2d).
    public static func transposed(inChannels: Int, height: Int, width: Int, outChannels: Int,
                                  kernel: (Int, Int), stride: Int = 1, padding: Int = 0,
                                  outputPadding: Int = 0) throws -> ConvGeometry {
        try checkCommon("conv2d-transpose", inChannels: inChannels, height: height, width: width,
                        outChannels: outChannels, kernel: kernel, stride: stride, padding: padding)
        guard outputPadding >= 0, outputPadding < stride else {
            throw ConfigError("conv2d-transpose: output padding must be in 0..<stride (\(stride)), got \(outputPadding)")
        }
        let h = (height - 1) * stride - 2 * padding + kernel.0 + outputPadding
        let w = (width - 1) * stride - 2 * padding + kernel.1 + outputPadding
        guard h > 0, w > 0 else {
            throw ConfigError("conv2d-transpose: padding \(padding) leaves no output of a \(height)x\(width) input "
                              + "(\(h)x\(w))")
        }
        return ConvGeometry(imageChannels: outChannels, imageHeight: h, imageWidth: w,
                            gridChannels: inChannels, gridHeight: height, gridWidth: width,
                            kernelHeight: kernel.0, kernelWidth: kernel.1, stride: stride, padding: padding)
    }

    /// Pixels per image channel.
    public var imagePixels: Int { imageHeight * imageWidth }
    /// Positions per grid channel (columns of one sample's column matrix).
    public var gridPixels: Int { gridHeight * gridWidth }
    /// Floats per image sample, C*H*W.
    public var imageCount: Int { imageChannels * imagePixels }
    /// Floats per grid sample.
    public var gridCount: Int { gridChannels * gridPixels }
    /// Rows of the column matrix, imageChannels*kh*kw (the weight's column count).
    public var patchSize: Int { imageChannels * kernelHeight * kernelWidth }
    /// Multiply-adds of one sample's product, in each of forward, weight gradient and input gradient.
    public var macsPerSample: Int { gridChannels * patchSize * gridPixels }

    /// "image 1x28x28 <-> grid 64x14x14, kernel 4x4, stride 2, padding 1".
    public var description: String {
        "image \(imageChannels)x\(imageHeight)x\(imageWidth) <-> grid \(gridChannels)x\(gridHeight)x\(gridWidth), "
            + "kernel \(kernelHeight)x\(kernelWidth), stride \(stride), padding \(padding)"
    }

    /// The grid positions g (0..<grid) whose tap k lands inside the image: 0 <= g*stride - padding + k < image.
    @inline(__always) private func inside(tap k: Int, grid: Int, image: Int) -> Range<Int> {
        let a = padding - k                                // g*stride >= a
        let lo = a <= 0 ? 0 : (a + stride - 1) / stride
        let b = image - 1 + padding - k                    // g*stride <= b
        let hi = b < 0 ? 0 : min(grid, b / stride + 1)
        return lo..<max(lo, hi)
    }

    /// One sample's image (C, Hi, Wi) -> its column matrix (C*kh*kw, Hg*Wg), written at `col` with row stride
    /// `ld` (so several samples sit side by side). Row (c, ky, kx), column (gy, gx) holds
    /// image[c, gy*stride - padding + ky, gx*stride - padding + kx], or 0 in the padding.
    func im2col(_ image: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, ld: Int) {
        let s = stride, wg = gridWidth, wi = imageWidth
        for c in 0..<imageChannels {
            for ky in 0..<kernelHeight {
                let ys = inside(tap: ky, grid: gridHeight, image: imageHeight)
                for kx in 0..<kernelWidth {
                    let xs = inside(tap: kx, grid: wg, image: wi)
                    let row = col + ((c * kernelHeight + ky) * kernelWidth + kx) * ld
                    for gy in 0..<gridHeight {
                        let out = row + gy * wg
                        guard ys.contains(gy), !xs.isEmpty else { out.update(repeating: 0, count: wg); continue }
                        // src[gx*s] = image[c, iy, gx*s - padding + kx]
                        let src = image + c * imagePixels + (gy * s - padding + ky) * wi - padding + kx
                        out.update(repeating: 0, count: xs.lowerBound)
                        if s == 1 {
                            (out + xs.lowerBound).update(from: src + xs.lowerBound, count: xs.count)
                        } else {
                            for gx in xs { out[gx] = src[gx * s] }
                        }
                        (out + xs.upperBound).update(repeating: 0, count: wg - xs.upperBound)
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds every entry of a column matrix (C*kh*kw, Hg*Wg), row stride `ld`, to
    /// the image pixel it was read from (padding entries are dropped). `image` is accumulated into.
    func col2im(_ col: UnsafePointer<Float>, ld: Int, _ image: UnsafeMutablePointer<Float>) {
        let s = stride, wg = gridWidth, wi = imageWidth
        for c in 0..<imageChannels {
            for ky in 0..<kernelHeight {
                let ys = inside(tap: ky, grid: gridHeight, image: imageHeight)
                for kx in 0..<kernelWidth {
                    let xs = inside(tap: kx, grid: wg, image: wi)
                    if xs.isEmpty { continue }
                    let row = col + ((c * kernelHeight + ky) * kernelWidth + kx) * ld
                    for gy in ys {
                        let src = row + gy * wg
                        let dst = image + c * imagePixels + (gy * s - padding + ky) * wi - padding + kx
                        if s == 1 {
                            for gx in xs { dst[gx] += src[gx] }
                        } else {
                            for gx in xs { dst[gx * s] += src[gx] }
                        }
                    }
                }
            }
        }
    }
}
