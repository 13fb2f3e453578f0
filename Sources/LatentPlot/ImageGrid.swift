import LatentCore

/// m images of h x w pixels, gray or RGB, tiled rows x cols with a thin gap (samples, decoded lattices,
/// dataset rows). Gray images are drawn `with image` through a gray palette; RGB images `with rgbimage`,
/// in colour.
public struct ImageGrid: PlotKind {
    /// Appearance of an image grid.
    public struct Spec: Sendable {
        /// Plot title ("" for none).
        public var title: String = ""
        /// Grid rows; nil derives it from `cols` or makes the grid near square.
        public var rows: Int? = nil
        /// Grid columns; nil derives it from `rows` or makes the grid near square.
        public var cols: Int? = nil
        /// Gap between tiles in image pixels (drawn as background).
        public var gap: Int = 1
        /// Value drawn black (or white when inverted).
        public var low: Float = 0
        /// Value drawn white (or black when inverted).
        public var high: Float = 1
        /// Use the smallest and largest finite pixel as `low` and `high` instead of the given values.
        public var autoRange: Bool = false
        /// Draw high values dark (ink on paper) instead of bright (gray images only).
        public var inverted: Bool = false
        /// Longest side of the image area in pixels when the output gives no size.
        public var pixels: Int = 800

        /// Defaults: untitled, near-square grid, values in [0, 1], 1-pixel gaps.
        public init(title: String = "", rows: Int? = nil, cols: Int? = nil, low: Float = 0, high: Float = 1) {
            self.title = title
            self.rows = rows
            self.cols = cols
            self.low = low
            self.high = high
        }
    }

    /// Images, one per row: h*w pixels in row-major order (gray), or three such planes, red, green, blue (RGB).
    public var images: Matrix
    /// Image height in pixels.
    public var height: Int
    /// Image width in pixels.
    public var width: Int
    /// Values per pixel: 1 (gray) or 3 (RGB planes).
    public var channels: Int
    /// Appearance.
    public var spec: Spec

    /// A grid of `images` (m x height*width*channels).
    public init(images: Matrix, height: Int, width: Int, channels: Int = 1, spec: Spec = Spec()) {
        self.images = images
        self.height = height
        self.width = width
        self.channels = channels
        self.spec = spec
    }

    /// Grid rows and columns actually used.
    public var layout: (rows: Int, cols: Int) {
        let m = max(images.rows, 1)
        switch (spec.rows, spec.cols) {
        case let (r?, c?): return (r, c)
        case let (r?, nil): return (r, (m + r - 1) / max(r, 1))
        case let (nil, c?): return ((m + c - 1) / max(c, 1), c)
        case (nil, nil):
            var c = 1
            while c * c < m { c += 1 }
            return ((m + c - 1) / c, c)
        }
    }

    /// Mosaic size in image pixels (including gaps).
    var mosaic: (width: Int, height: Int) {
        let (r, c) = layout
        return (c * width + (c - 1) * spec.gap, r * height + (r - 1) * spec.gap)
    }

    /// Throws a sentence naming the first inconsistency.
    public func validate() throws {
        guard images.rows > 0 else { throw PlotError.invalidInput("the image grid has no images") }
        guard height > 0, width > 0 else {
            throw PlotError.invalidInput("image height and width must be positive, got \(height)x\(width)")
        }
        guard channels == 1 || channels == 3 else {
            throw PlotError.invalidInput("images have 1 (gray) or 3 (RGB) channels, got \(channels)")
        }
        guard images.cols == height * width * channels else {
            throw PlotError.invalidInput("images have \(images.cols) values each, "
                                         + "but \(height)x\(width)\(channels == 3 ? " RGB" : "") needs \(height * width * channels)")
        }
        let (r, c) = layout
        guard r > 0, c > 0 else { throw PlotError.invalidInput("grid rows and cols must be positive") }
        guard spec.gap >= 0 else { throw PlotError.invalidInput("gap must be zero or positive") }
        if !spec.autoRange {
            guard spec.high > spec.low else { throw PlotError.invalidInput("high must be greater than low") }
        }
        guard spec.pixels > 0 else { throw PlotError.invalidInput("pixels must be positive") }
    }

    /// Output size following the mosaic's aspect ratio, longest side `spec.pixels`.
    public func preferredSize(for terminal: PlotTerminal) -> PlotSize {
        guard terminal != .dumb, width > 0, height > 0 else { return terminal.defaultSize }
        let (w, h) = mosaic
        let scale = Double(spec.pixels) / Double(max(w, h, 1))
        let titleRoom = spec.title.isEmpty ? 0 : 30
        return PlotSize(max(Int(Double(w) * scale) + 20, 60), max(Int(Double(h) * scale) + 20 + titleRoom, 60))
    }

    /// The value range drawn from black to white (from 0 to full intensity in each colour): the spec's,
    /// or the data's when `autoRange` is set.
    public var valueRange: (low: Float, high: Float) {
        guard spec.autoRange else { return (spec.low, spec.high) }
        var lo = Float.infinity, hi = -Float.infinity
        let p = images.base
        for k in 0..<images.count where p[k].isFinite {
            lo = min(lo, p[k])
            hi = max(hi, p[k])
        }
        if !(lo < hi) { return lo.isFinite ? (lo - 0.5, lo + 0.5) : (0, 1) }   // constant or empty
        return (lo, hi)
    }

    /// Emits an axis-free `with image` (gray) or `with rgbimage` (RGB) plot of the whole mosaic as one binary array.
    public func build(into s: inout PlotScript, terminal: PlotTerminal) throws {
        try validate()
        guard terminal != .dumb else {
            throw PlotError.unsupportedOutput("image grids need a .png or .svg file (or a window), not text")
        }
        let (w, h) = mosaic
        s.line(spec.title.isEmpty ? "unset title" : "set title \(PlotScript.quote(spec.title))")
        s.line("unset key; unset tics; unset border; unset colorbox; unset xlabel; unset ylabel")
        let style: String
        if channels == 1 {
            s.line(spec.inverted ? "set palette gray negative" : "set palette gray positive")
            let (lo, hi) = valueRange
            s.line("set cbrange [\(PlotScript.num(Double(lo))):\(PlotScript.num(Double(hi)))]")
            style = "format='%float' with image"
        } else {
            // rgbimage takes each colour in [0, 255]; the range is mapped there in `mosaicBlock`
            style = "format='%float%float%float' with rgbimage"
        }
        s.line("set size ratio -1")
        s.line("set lmargin 1; set rmargin 1; set bmargin 1; set tmargin \(spec.title.isEmpty ? 1 : 3)")
        s.line("set xrange [-0.5:\(w)-0.5]; set yrange [\(h)-0.5:-0.5]")
        s.line("plot '-' binary array=(\(w),\(h)) \(style) notitle")
        s.data(mosaicBlock())
        s.line("set autoscale xy; set tics; set border; set size noratio; unset margins")
    }

    /// The mosaic, row 0 first. Gray: one value per pixel, clamped to the range; gaps and missing tiles
    /// are NaN (left as background). RGB: red, green, blue per pixel, the range mapped to [0, 255]; gaps
    /// and missing tiles white.
    func mosaicBlock() -> DataBlock {
        let (w, h) = mosaic
        let (_, c) = layout
        let perPixel = channels
        var pixels = [Float](repeating: perPixel == 1 ? .nan : 255, count: w * h * perPixel)
        let (lo, hi) = valueRange
        let gain = perPixel == 1 ? 1 : 255 / (hi - lo), base = perPixel == 1 ? 0 : lo
        let plane = height * width
        pixels.withUnsafeMutableBufferPointer { out in
            for k in 0..<min(images.rows, layout.rows * c) {
                let src = images.row(k)
                let x0 = (k % c) * (width + spec.gap), y0 = (k / c) * (height + spec.gap)
                for y in 0..<height {
                    let dst = out.baseAddress! + ((y0 + y) * w + x0) * perPixel
                    for ch in 0..<perPixel {
                        let row = src + ch * plane + y * width
                        for x in 0..<width { dst[x * perPixel + ch] = (min(max(row[x], lo), hi) - base) * gain }
                    }
                }
            }
        }
        var block = DataBlock(fields: perPixel, reserve: w * h)
        pixels.withUnsafeBufferPointer { block.floats($0) }
        return block
    }
}
