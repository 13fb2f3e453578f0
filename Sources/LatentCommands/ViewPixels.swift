import LatentCore
import LatentData
import LatentModels
import LatentView

/// What the viewer needs computed from data and decoders: 8-bit thumbnails, per-point reconstruction
/// errors, decoded lattices with their empty cells, feature names.
enum ViewPixels {
    /// The value range mapped to 0...255: the data's smallest and largest values (from up to 2000 rows),
    /// so thumbnails and decoded images share one scale; (0, 1) without data.
    static func range(of data: Dataset?) -> (lo: Float, hi: Float) {
        guard let d = data, d.count > 0 else { return (0, 1) }
        var lo = Float.infinity, hi = -Float.infinity
        let step = max(1, d.count / 2000)
        for r in stride(from: 0, to: d.count, by: step) {
            for v in d.row(r) where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        }
        return lo < hi ? (lo, hi) : (lo.isFinite ? lo : 0, lo.isFinite ? lo + 1 : 1)
    }

    /// One image row (the data's scaled values; planes for RGB) as 8-bit pixels, RGB interleaved.
    static func image(_ values: [Float], dataset d: Dataset, range: (lo: Float, hi: Float)) -> [UInt8] {
        let channels = d.imageChannels, plane = values.count / max(1, channels)
        let scale = 255 / (range.hi - range.lo)
        var out = [UInt8](repeating: 0, count: values.count)
        for i in 0..<plane {
            for c in 0..<channels {
                let v = (values[c * plane + i] - range.lo) * scale
                out[i * channels + c] = UInt8(max(0, min(255, v.isFinite ? v.rounded() : 0)))
            }
        }
        return out
    }

    /// Column names of a table (its header, or x1, x2, ...).
    static func featureNames(_ d: Dataset) -> [String] {
        d.featureNames ?? (1...max(1, d.features)).map { "x\($0)" }.prefix(d.features).map { $0 }
    }

    /// A `side` x `side` lattice over the points' central box (5% trimmed per side, as `generate grid=`),
    /// decoded; a cell is empty when no point lies inside it.
    static func lattice(_ model: EmbeddingModel, side: Int, points: ViewPoints, dataset: Dataset,
                        range: (lo: Float, hi: Float), classAt: (Double, Double) throws -> Int?) throws -> ViewLattice {
        let box = model.latentBox(quantile: Generation.defaultQuantile)
        let lo = box.lo.prefix(2).map(Double.init), hi = box.hi.prefix(2).map(Double.init)
        guard lo.count == 2, hi[0] > lo[0], hi[1] > lo[1] else { throw CommandError("the map is 1-D or has no extent: no lattice") }
        let cw = (hi[0] - lo[0]) / Double(side), ch = (hi[1] - lo[1]) / Double(side)
        // cell centres, top row first (largest y), as the page draws them
        let z = Matrix(rows: side * side, cols: model.dims)
        var classes: [Int]? = nil
        for i in 0..<(side * side) {
            let row = i / side, col = i % side
            let x = lo[0] + (Double(col) + 0.5) * cw, y = hi[1] - (Double(row) + 0.5) * ch
            z[i, 0] = Float(x); z[i, 1] = Float(y)
            if let c = try classAt(x, y) { classes = (classes ?? []) + [c] }
        }
        let out = try Generation.decode(model, z, classes: classes)
        var occupied = [Bool](repeating: false, count: side * side)
        for i in 0..<points.x.count {
            let col = Int(((Double(points.x[i]) - lo[0]) / cw).rounded(.down)), row = Int(((hi[1] - Double(points.y[i])) / ch).rounded(.down))
            if col >= 0, col < side, row >= 0, row < side { occupied[row * side + col] = true }
        }
        var pixels: [UInt8] = []
        for i in 0..<(side * side) { pixels += image(Array(UnsafeBufferPointer(start: out.row(i), count: out.cols)), dataset: dataset, range: range) }
        return ViewLattice(side: side, lo: lo, hi: hi, pixels: pixels, empty: occupied.map { !$0 })
    }
}
