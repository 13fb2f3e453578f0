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
    @inline(__always) func inside(tap k: Int, grid: Int, image: Int) -> Range<Int> {
        let a = padding - k                                // g*stride >= a
        let lo = a <= 0 ? 0 : (a + stride - 1) / stride
        let b = image - 1 + padding - k                    // g*stride <= b
        let hi = b < 0 ? 0 : min(grid, b / stride + 1)
        return lo..<max(lo, hi)
    }
}

/// The index tables of im2col/col2im for one geometry: for each kernel tap (ky, kx), the grid positions
/// whose tap lands inside the image and the image pixel it lands on (per channel).
///
/// A column-matrix row (c, ky, kx) is then one loop over Hg*Wg positions, however narrow the grid
/// (a 7x7 grid would otherwise give inner loops of 7).
struct ConvTaps {
    let geometry: ConvGeometry
    /// Per tap: first entry in `grid`/`pixel`; entries start[t] ..< start[t+1] are tap t's.
    private let start: [Int]
    /// Grid position gy*Wg + gx and image pixel iy*Wi + ix of each inside entry.
    private let grid: [Int32], pixel: [Int32]
    /// Per tap: true when every grid position is inside (no zero padding to write).
    private let full: [Bool]

    init(_ g: ConvGeometry) {
        geometry = g
        var start = [0], grid: [Int32] = [], pixel: [Int32] = [], full: [Bool] = []
        for ky in 0..<g.kernelHeight {
            let ys = g.inside(tap: ky, grid: g.gridHeight, image: g.imageHeight)
            for kx in 0..<g.kernelWidth {
                let xs = g.inside(tap: kx, grid: g.gridWidth, image: g.imageWidth)
                for gy in ys {
                    for gx in xs {
                        grid.append(Int32(gy * g.gridWidth + gx))
                        pixel.append(Int32((gy * g.stride - g.padding + ky) * g.imageWidth + gx * g.stride - g.padding + kx))
                    }
                }
                full.append(ys.count * xs.count == g.gridPixels)
                start.append(grid.count)
            }
        }
        self.start = start; self.grid = grid; self.pixel = pixel; self.full = full
    }

    /// One sample's image (C, Hi, Wi) -> its column matrix (C*kh*kw, Hg*Wg), written at `col` with row stride
    /// `ld` (so several samples sit side by side). Row (c, ky, kx), column (gy, gx) holds
    /// image[c, gy*stride - padding + ky, gx*stride - padding + kx], or 0 in the padding.
    func im2col(_ image: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, ld: Int) {
        let g = geometry, taps = g.kernelHeight * g.kernelWidth
        grid.withUnsafeBufferPointer { gp in
            pixel.withUnsafeBufferPointer { pp in
                for c in 0..<g.imageChannels {
                    let src = image + c * g.imagePixels
                    for t in 0..<taps {
                        let row = col + (c * taps + t) * ld
                        if !full[t] { row.update(repeating: 0, count: g.gridPixels) }
                        for e in start[t]..<start[t + 1] { row[Int(gp[e])] = src[Int(pp[e])] }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds every entry of a column matrix (C*kh*kw, Hg*Wg), row stride `ld`, to
    /// the image pixel it was read from (padding entries are dropped). `image` is accumulated into.
    func col2im(_ col: UnsafePointer<Float>, ld: Int, _ image: UnsafeMutablePointer<Float>) {
        let g = geometry, taps = g.kernelHeight * g.kernelWidth
        grid.withUnsafeBufferPointer { gp in
            pixel.withUnsafeBufferPointer { pp in
                for c in 0..<g.imageChannels {
                    let dst = image + c * g.imagePixels
                    for t in 0..<taps {
                        let row = col + (c * taps + t) * ld
                        for e in start[t]..<start[t + 1] { dst[Int(pp[e])] += row[Int(gp[e])] }
                    }
                }
            }
        }
    }
}
