import Foundation
import LatentCore

/// How `Dataset.augmented` makes new images from each image: `copies` copies, each shifted by whole pixels
/// and rotated about the image centre by a random angle, resampled bilinearly.
public struct AugmentOptions: Sendable, Equatable {
    /// Transformed copies of every image (the output has `copies · n` rows, plus `n` with `originals`).
    public var copies: Int
    /// The largest shift in pixels, per axis: each copy is moved by dx, dy drawn uniformly from -shift...shift.
    public var shift: Int
    /// The largest rotation in degrees: each copy is turned by an angle drawn uniformly from [-rotate, rotate].
    public var rotate: Double
    /// Puts the untouched images first (`n` more rows).
    public var originals: Bool

    /// `copies` copies moved by up to `shift` pixels and turned by up to `rotate` degrees.
    public init(copies: Int, shift: Int = 2, rotate: Double = 10, originals: Bool = false) {
        self.copies = copies
        self.shift = shift
        self.rotate = rotate
        self.originals = originals
    }

    /// Throws a sentence naming the first invalid setting.
    public func validate() throws {
        guard copies >= 1 else { throw DataError.argument("augment needs at least 1 copy, got \(copies)") }
        guard shift >= 0 else { throw DataError.argument("augment's shift must be 0 or more pixels, got \(shift)") }
        guard rotate >= 0, rotate <= 180, rotate.isFinite else {
            throw DataError.argument("augment's rotate must be between 0 and 180 degrees, got \(rotate)")
        }
    }
}

/// One copy's transform: a shift (dx, dy) in whole pixels and a rotation by `degrees` about the centre.
/// Output pixel p takes the input's value at R(-degrees)·(p - c - (dx, dy)) + c, c the image centre.
public struct ImageTransform: Sendable, Equatable {
    /// The shift right (dx) and down (dy), in pixels.
    public let dx: Int, dy: Int
    /// The rotation, counter-clockwise on screen, in degrees.
    public let degrees: Double

    /// The transform of output row `row` (of copy `copy` of input image `image`) for `seed`: a function of
    /// those numbers alone, so the result does not depend on the thread count or on the order rows are made.
    public static func draw(seed: UInt64, copy: Int, image: Int, options: AugmentOptions) -> ImageTransform {
        var rng = Rng(seed: seed ^ (UInt64(truncatingIfNeeded: copy) &* 0x9E37_79B9_7F4A_7C15)
                          ^ (UInt64(truncatingIfNeeded: image) &* 0xC2B2_AE3D_27D4_EB4F))
        let s = options.shift
        let dx = s == 0 ? 0 : rng.int(below: 2 * s + 1) - s
        let dy = s == 0 ? 0 : rng.int(below: 2 * s + 1) - s
        let u = Double(rng.next() >> 11) * (1.0 / 9_007_199_254_740_992.0)   // [0, 1), 53 bits
        return ImageTransform(dx: dx, dy: dy, degrees: options.rotate == 0 ? 0 : (2 * u - 1) * options.rotate)
    }

    /// Resamples one `height x width` image `src` into `dst` (pixels from outside the image are 0), with
    /// `store` turning each bilinear value into the storage type.
    @inline(__always)
    func apply<T>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, height: Int, width: Int,
                  value: (T) -> Float, store: (Float) -> T) {
        let theta = degrees * Double.pi / 180
        // exact for 0 so that a pure shift copies pixels unchanged
        let c = degrees == 0 ? 1 : Float(cos(theta)), s = degrees == 0 ? 0 : Float(sin(theta))
        let cx = Float(width - 1) / 2, cy = Float(height - 1) / 2
        for y in 0..<height {
            for x in 0..<width {
                // undo the shift, then the rotation: source = R(-theta) (p - c - t) + c
                let px = Float(x - dx) - cx, py = Float(y - dy) - cy
                let sx = c * px + s * py + cx, sy = -s * px + c * py + cy
                let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                let fx = sx - Float(x0), fy = sy - Float(y0)
                @inline(__always) func at(_ yy: Int, _ xx: Int) -> Float {
                    yy >= 0 && yy < height && xx >= 0 && xx < width ? value(src[yy * width + xx]) : 0
                }
                var v: Float = 0
                if fx == 0 && fy == 0 {
                    v = at(y0, x0)
                } else {
                    v = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1))
                        + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1))
                }
                dst[y * width + x] = store(v)
            }
        }
    }
}

extension Dataset {
    /// `options.copies` shifted and rotated copies of every image, copy by copy: rows
    /// [c·n, (c+1)·n) hold copy c of rows 0..<n (after the originals when `options.originals`), with the
    /// labels repeated. Byte images stay bytes (bilinear values rounded to the nearest byte), so the copy
    /// costs one byte per value; the affine map, label names and image shape are kept. The transform of
    /// each output row is drawn from (`seed`, copy, row) alone (`ImageTransform.draw`), so the result is
    /// the same for any thread count. Throws a sentence for data without an image shape.
    public func augmented(_ options: AugmentOptions, seed: UInt64) throws -> Dataset {
        try options.validate()
        guard let shape = imageShape else {
            throw DataError.argument("augment needs images, but dataset '\(name)' has no image shape (\(features) features per row); load it with image=[height, width]")
        }
        let blocks = options.copies + (options.originals ? 1 : 0)
        let (rows, o1) = count.multipliedReportingOverflow(by: blocks)
        guard !o1, !rows.multipliedReportingOverflow(by: features).overflow, rows <= Int(Int32.max) else {
            throw DataError.argument("\(blocks) copies of the \(count) rows of dataset '\(name)' are more rows than can be counted")
        }
        let n = count, d = features, h = shape.height, w = shape.width, first = options.originals ? 1 : 0
        /// Fills `out` (rows x d) block by block, rows split over the thread team.
        func fill<T>(_ raw: [T], _ out: UnsafeMutablePointer<T>, value: (T) -> Float, store: (Float) -> T) {
            raw.withUnsafeBufferPointer { src in
                guard let base = src.baseAddress else { return }
                if options.originals { out.update(from: base, count: n * d) }
                Parallel.forRanges(n * options.copies, minCount: 64, align: 1) { _, part in
                    for r in part {
                        let copy = r / n, image = r % n
                        let t = ImageTransform.draw(seed: seed, copy: copy, image: image, options: options)
                        t.apply(base + image * d, out + ((first + copy) * n + image) * d, height: h, width: w,
                                value: value, store: store)
                    }
                }
            }
        }
        let newStorage: Storage
        switch storage {
        case .uint8(let raw):
            newStorage = .uint8([UInt8](unsafeUninitializedCapacity: rows * d) { buf, filled in
                fill(raw, buf.baseAddress!, value: { Float($0) }, store: { UInt8(min(max($0.rounded(), 0), 255)) })
                filled = rows * d
            })
        case .float32(let raw):
            newStorage = .float32([Float](unsafeUninitializedCapacity: rows * d) { buf, filled in
                fill(raw, buf.baseAddress!, value: { $0 }, store: { $0 })
                filled = rows * d
            })
        }
        let newLabels = labels.map { l in [Int32]((0..<blocks).lazy.flatMap { _ in l }) }
        return try Dataset(name: "\(name)[augment \(options.copies)\(options.originals ? "+originals" : "")]",
                           count: rows, features: d, storage: newStorage, scale: scale, offset: offset,
                           labels: newLabels, labelNames: labelNames, featureNames: featureNames, imageShape: imageShape)
    }
}
