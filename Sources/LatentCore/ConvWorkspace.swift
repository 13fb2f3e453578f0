/// The batch machinery both conv layers share: the split of a batch over the thread team, per-chunk scratch
/// and partial gradients, and the moves between NCHW rows and channel-major groups.
///
/// A batch is cut into `parts` contiguous sample ranges (one region chunk each); a range is processed in
/// groups of `group` samples whose grids sit side by side as one (channels, group*Hg*Wg) matrix, so every
/// product is one single-threaded sgemm with n = group*Hg*Wg columns. The number of chunks depends on the
/// batch size alone and partial weight gradients are summed in chunk order, so results are the same for
/// any thread count.
/// Scratch per chunk: a column matrix (n, kh*kw*C), a grid matrix (gridChannels, n) and one HWC image,
/// plus a partial weight gradient for chunks after the first.
final class ConvWorkspace {
    let geometry: ConvGeometry
    /// The im2col/col2im index tables.
    let taps: ConvTaps
    /// Samples per group: about `targetColumns` columns per product.
    let group: Int
    /// Columns a group's product aims for (the gemm's n); large enough for full-speed sgemm, small enough
    /// that a chunk's column matrix stays in cache.
    static let targetColumns = 384

    private var columns: [Matrix] = []
    private var grids: [Matrix] = []
    private var images: [Matrix] = []
    private var weightPartials: [Matrix] = []
    private var biasPartials = Matrix(rows: 0, cols: 0)

    init(_ geometry: ConvGeometry) {
        self.geometry = geometry
        taps = ConvTaps(geometry)
        group = max(1, ConvWorkspace.targetColumns / geometry.gridPixels)
    }

    /// Chunks for a batch of `batch` samples: one per `group` samples up to `Parallel.maxParts`.
    func parts(batch: Int) -> Int { Parallel.parts(batch, grain: group) }

    /// Makes sure `parts` chunks have scratch (and, with `gradients`, partial-gradient buffers).
    func prepare(parts: Int, gradients: Bool) {
        let n = group * geometry.gridPixels
        while columns.count < parts {
            columns.append(Matrix(rows: n, cols: geometry.patchSize))
            grids.append(Matrix(rows: geometry.gridChannels, cols: n))
            images.append(Matrix(rows: 1, cols: geometry.imageCount))
        }
        if gradients {
            while weightPartials.count < parts {
                weightPartials.append(Matrix(rows: geometry.gridChannels, cols: geometry.patchSize))
            }
            let channels = max(geometry.gridChannels, geometry.imageChannels)
            if biasPartials.count < parts * channels { biasPartials = Matrix(rows: parts, cols: channels) }
        }
    }

    /// One chunk's scratch: column matrix, grid matrix, one HWC image.
    struct Scratch {
        let col: UnsafeMutablePointer<Float>, grid: UnsafeMutablePointer<Float>, image: UnsafeMutablePointer<Float>
    }

    /// Runs `body(scratch, part, samples)` for every group of every chunk, spread over the team; a group is
    /// a range of at most `group` consecutive samples.
    func forEachGroup(batch: Int, parts: Int, _ body: (Scratch, Int, Range<Int>) -> Void) {
        Parallel.run(chunks: parts) { part in
            let range = Parallel.partRange(batch, parts: parts, part: part)
            let scratch = Scratch(col: columns[part].base, grid: grids[part].base, image: images[part].base)
            for start in Swift.stride(from: range.lowerBound, to: range.upperBound, by: group) {
                body(scratch, part, start..<min(start + group, range.upperBound))
            }
        }
    }

    /// Sample `row` (NCHW) as an HWC image: the row itself for one channel, else transposed into `scratch`.
    func hwc(_ row: UnsafeMutablePointer<Float>, _ scratch: Scratch) -> UnsafeMutablePointer<Float> {
        let g = geometry
        if g.imageChannels == 1 { return row }
        transpose(row, rows: g.imageChannels, cols: g.imagePixels, into: scratch.image)
        return scratch.image
    }

    /// Adds the column matrix of one sample into NCHW row `row` (overwritten): col2im into a zeroed HWC
    /// image, transposed back (in place for one channel).
    func col2im(_ col: UnsafePointer<Float>, into row: UnsafeMutablePointer<Float>, _ scratch: Scratch) {
        let g = geometry
        let target = g.imageChannels == 1 ? row : scratch.image
        target.update(repeating: 0, count: g.imageCount)
        taps.col2im(col, target)
        if g.imageChannels > 1 { transpose(scratch.image, rows: g.imagePixels, cols: g.imageChannels, into: row) }
    }

    /// The weight-gradient buffer chunk `part` accumulates into (chunk 0 writes the parameter's own).
    func weightGradient(part: Int, _ weight: Parameter) -> UnsafeMutablePointer<Float> {
        part == 0 ? weight.grad.base : weightPartials[part].base
    }

    /// Chunk `part`'s per-channel bias sums, `channels` floats.
    func biasGradient(part: Int, channels: Int) -> UnsafeMutablePointer<Float> {
        biasPartials.base + part * channels
    }

    /// Zeros chunk bias sums before a backward pass.
    func clearBias(parts: Int, channels: Int) {
        biasPartials.base.update(repeating: 0, count: parts * channels)
    }

    /// Sums the chunks' partial gradients into the parameters (chunk order, deterministic).
    func reduce(parts: Int, weight: Parameter, bias: Parameter) {
        let w = weight.grad.base, count = weight.count
        for p in 1..<max(1, parts) {
            let src = weightPartials[p].base
            Parallel.forRanges(count) { _, r in for i in r { w[i] += src[i] } }
        }
        let channels = bias.count, b = bias.grad.base
        b.update(repeating: 0, count: channels)
        let bp = biasPartials.base
        for p in 0..<parts { for c in 0..<channels { b[c] += bp[p * channels + c] } }
    }

    /// The group's grid matrix (gridChannels, n) read from NCHW rows `samples` of `batch`: a one-sample
    /// group is the row itself; otherwise the rows are copied into `scratch.grid`, sample j at columns
    /// j*Hg*Wg ..< (j+1)*Hg*Wg.
    func gathered(_ batch: Matrix, _ samples: Range<Int>, _ scratch: Scratch) -> UnsafeMutablePointer<Float> {
        if samples.count == 1 { return batch.row(samples.lowerBound) }
        let s = geometry.gridPixels, n = samples.count * s, grid = scratch.grid
        for (j, b) in samples.enumerated() {
            let src = batch.row(b)
            for c in 0..<geometry.gridChannels { (grid + c * n + j * s).update(from: src + c * s, count: s) }
        }
        return grid
    }

    /// Where a group's grid result (gridChannels, n) is written: the NCHW row itself for a one-sample group,
    /// else `scratch.grid` (then `scatter` moves it into the rows).
    func gridTarget(_ batch: Matrix, _ samples: Range<Int>, _ scratch: Scratch) -> UnsafeMutablePointer<Float> {
        samples.count == 1 ? batch.row(samples.lowerBound) : scratch.grid
    }

    /// The inverse of `gathered`: a group matrix written at `gridTarget` into NCHW rows of `batch`.
    func scatter(_ grid: UnsafePointer<Float>, _ samples: Range<Int>, into batch: Matrix) {
        if samples.count == 1 { return }                   // written in place
        let s = geometry.gridPixels, n = samples.count * s
        for (j, b) in samples.enumerated() {
            let dst = batch.row(b)
            for c in 0..<geometry.gridChannels { (dst + c * s).update(from: grid + c * n + j * s, count: s) }
        }
    }
}

/// Per-channel bias then the activation on one NCHW sample: p[c*pixels + i] = f(p[...] + bias[c]).
@inline(__always)
func addChannelBias(_ p: UnsafeMutablePointer<Float>, channels: Int, pixels: Int, bias: UnsafePointer<Float>,
                    activation: Activation) {
    for c in 0..<channels {
        let row = p + c * pixels, v = bias[c]
        for i in 0..<pixels { row[i] += v }
    }
    activation.applySerial(p, count: channels * pixels)
}

/// sums[c] += Σ_i p[c*pixels + i] for one NCHW sample.
@inline(__always)
func addChannelSums(_ p: UnsafePointer<Float>, channels: Int, pixels: Int, into sums: UnsafeMutablePointer<Float>) {
    for c in 0..<channels {
        let row = p + c * pixels
        var s: Float = 0
        for i in 0..<pixels { s += row[i] }
        sums[c] += s
    }
}
