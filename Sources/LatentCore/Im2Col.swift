/// The shape of a 2-D convolution between an *image* (the larger side: Conv2D's input, ConvTranspose2D's
/// output) and a *grid* (the smaller side: Conv2D's output, ConvTranspose2D's input).
///
/// Memory layout of every conv layer: a batch is a row-major (B, C*H*W) `Matrix`, one sample per row, each
/// row in NCHW order: element (c, y, x) of a sample is column `c*H*W + y*W + x`. A Dense layer's output row
/// is read as C x H x W by the conv layer after it, so no Reshape layer is needed.
/// The weight is (gridChannels, kh*kw*imageChannels), column (ky*kw + kx)*imageChannels + c: tap-major with
/// the image channel fastest (PyTorch's Conv2d (out, in, kh, kw) and ConvTranspose2d (in, out, kh, kw)
/// weights permuted to (grid, kh, kw, image)), so that im2col copies whole channel vectors.
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
    /// Columns of the column matrix, kh*kw*imageChannels (the weight's column count).
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
/// whose tap lands inside the image and the image pixel it lands on.
///
/// The column matrix of one sample is (Hg*Wg, kh*kw*C) row-major, row (gy, gx), column (ky*kw + kx)*C + c,
/// read from an image in HWC order (pixel-major, channel fastest), so every entry of a table moves one
/// contiguous vector of C channels; a group's samples are consecutive row blocks.
struct ConvTaps {
    let geometry: ConvGeometry
    /// Per tap: first entry in `grid`/`pixel`; entries start[t] ..< start[t+1] are tap t's.
    private let start: [Int]
    /// Grid position gy*Wg + gx and image pixel iy*Wi + ix of each inside entry.
    private let grid: [Int32], pixel: [Int32]
    /// Column-matrix offsets (gy*Wg + gx)*kh*kw*C + (ky*kw + kx)*C of the taps that fall in the padding:
    /// im2col writes C zeros at each (the only entries it does not copy).
    private let holes: [Int]

    init(_ g: ConvGeometry) {
        geometry = g
        var start = [0], grid: [Int32] = [], pixel: [Int32] = [], holes: [Int] = []
        for ky in 0..<g.kernelHeight {
            let ys = g.inside(tap: ky, grid: g.gridHeight, image: g.imageHeight)
            for kx in 0..<g.kernelWidth {
                let xs = g.inside(tap: kx, grid: g.gridWidth, image: g.imageWidth)
                for gy in 0..<g.gridHeight {
                    for gx in 0..<g.gridWidth {
                        guard ys.contains(gy), xs.contains(gx) else {
                            holes.append((gy * g.gridWidth + gx) * g.patchSize + (ky * g.kernelWidth + kx) * g.imageChannels)
                            continue
                        }
                        grid.append(Int32(gy * g.gridWidth + gx))
                        pixel.append(Int32((gy * g.stride - g.padding + ky) * g.imageWidth + gx * g.stride - g.padding + kx))
                    }
                }
                start.append(grid.count)
            }
        }
        self.start = start; self.grid = grid; self.pixel = pixel; self.holes = holes
    }

    /// One sample's HWC image (Hi*Wi, C) -> its column matrix (Hg*Wg, kh*kw*C) at `col` (row stride
    /// kh*kw*C): row (gy, gx), column (ky*kw + kx)*C + c holds
    /// image[gy*stride - padding + ky, gx*stride - padding + kx, c], or 0 in the padding.
    func im2col(_ image: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>) {
        let g = geometry, c = g.imageChannels, p = g.patchSize, taps = g.kernelHeight * g.kernelWidth
        holes.withUnsafeBufferPointer { hp in
            if c == 1 { for h in hp { col[h] = 0 }; return }
            for h in hp { let dst = col + h; for k in 0..<c { dst[k] = 0 } }
        }
        grid.withUnsafeBufferPointer { gp in
            pixel.withUnsafeBufferPointer { pp in
                for t in 0..<taps {
                    let column = col + t * c
                    if c == 1 {                                  // one channel: a plain gather
                        for e in start[t]..<start[t + 1] { column[Int(gp[e]) * p] = image[Int(pp[e])] }
                        continue
                    }
                    for e in start[t]..<start[t + 1] {
                        let dst = column + Int(gp[e]) * p, src = image + Int(pp[e]) * c
                        for k in 0..<c { dst[k] = src[k] }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds every entry of a column matrix (Hg*Wg, kh*kw*C) to the HWC image pixel
    /// and channel it was read from (padding entries are dropped). `image` is accumulated into.
    func col2im(_ col: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>) {
        let g = geometry, c = g.imageChannels, p = g.patchSize, taps = g.kernelHeight * g.kernelWidth
        grid.withUnsafeBufferPointer { gp in
            pixel.withUnsafeBufferPointer { pp in
                for t in 0..<taps {
                    let column = col + t * c
                    if c == 1 {                                  // one channel: a plain scatter-add
                        for e in start[t]..<start[t + 1] { image[Int(pp[e])] += column[Int(gp[e]) * p] }
                        continue
                    }
                    for e in start[t]..<start[t + 1] {
                        let src = column + Int(gp[e]) * p, dst = image + Int(pp[e]) * c
                        for k in 0..<c { dst[k] += src[k] }
                    }
                }
            }
        }
    }
}

/// dst (cols, rows) = srcᵀ for a row-major src (rows, cols): CHW <-> HWC of one sample.
/// 8x8 blocks in registers (three perfect unshuffles of the 64 values rotate the index bits (r, c) to
/// (c, r)); the edges are copied one value at a time.
func transpose(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>) {
    typealias V = SIMD8<Float>
    let r8 = rows & ~7, c8 = cols & ~7
    let raw = UnsafeRawPointer(src)
    @inline(__always) func load(_ r: Int, _ c: Int) -> V { raw.loadUnaligned(fromByteOffset: (r * cols + c) * 4, as: V.self) }
    @inline(__always) func store(_ v: V, _ c: Int, _ r: Int) { UnsafeMutableRawPointer(dst + c * rows + r).storeBytes(of: v, as: V.self) }
    for r0 in Swift.stride(from: 0, to: r8, by: 8) {
        for c0 in Swift.stride(from: 0, to: c8, by: 8) {
            var (a0, a1, a2, a3) = (load(r0, c0), load(r0 + 1, c0), load(r0 + 2, c0), load(r0 + 3, c0))
            var (a4, a5, a6, a7) = (load(r0 + 4, c0), load(r0 + 5, c0), load(r0 + 6, c0), load(r0 + 7, c0))
            for _ in 0..<3 {
                (a0, a1, a2, a3, a4, a5, a6, a7) = (
                    V(lowHalf: a0.evenHalf, highHalf: a1.evenHalf), V(lowHalf: a2.evenHalf, highHalf: a3.evenHalf),
                    V(lowHalf: a4.evenHalf, highHalf: a5.evenHalf), V(lowHalf: a6.evenHalf, highHalf: a7.evenHalf),
                    V(lowHalf: a0.oddHalf, highHalf: a1.oddHalf), V(lowHalf: a2.oddHalf, highHalf: a3.oddHalf),
                    V(lowHalf: a4.oddHalf, highHalf: a5.oddHalf), V(lowHalf: a6.oddHalf, highHalf: a7.oddHalf))
            }
            store(a0, c0, r0); store(a1, c0 + 1, r0); store(a2, c0 + 2, r0); store(a3, c0 + 3, r0)
            store(a4, c0 + 4, r0); store(a5, c0 + 5, r0); store(a6, c0 + 6, r0); store(a7, c0 + 7, r0)
        }
        for c in c8..<cols { for r in r0..<(r0 + 8) { dst[c * rows + r] = src[r * cols + c] } }
    }
    for r in r8..<rows { for c in 0..<cols { dst[c * rows + r] = src[r * cols + c] } }
}
