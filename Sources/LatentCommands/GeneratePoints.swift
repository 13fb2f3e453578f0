import LatentCore
import LatentData
import LatentModels

/// The parameters of `generate` that name the points it decodes.
enum GivenPoints {
    static let at = Option<Value?>("at", .oneOf([.object(EmbeddingObject.self), .object(DatasetObject.self), .list(.any)]),
                                   "decode these latent points: [[x, y], ...], an Embedding or a Dataset of coordinates")
    static let from = Option<Value?>("from", .oneOf([.int, .list(.number)]), "start of a straight path: a point [x, y] or a row of the model's table")
    static let to = Option<Value?>("to", .oneOf([.int, .list(.number)]), "end of the path from= starts")
    static let steps = Option<Int>("steps", default: 10, "points on the from= to= path, both ends included")
}

extension CommandRegistry {
    /// The latent points `generate` decodes when the call names them: `at=` (an Embedding, a Dataset with a
    /// column per latent dimension, or a list of points `[[0.5, -1], [1, 2]]`), or the straight path
    /// `from=` `to=` in `steps=` points (each end a point `[x, y]` or a row of the model's table). Nil when
    /// the call names none (a lattice or prior draws then).
    static func givenPoints(_ args: Arguments, model em: EmbeddingModel) throws -> (points: Matrix, origin: String)? {
        let k = em.dims
        if args.has(GivenPoints.at) {
            let at = args.value(GivenPoints.at)
            switch at.object {
            case let e as EmbeddingObject:
                guard e.points.cols == k else { throw args.invalid(GivenPoints.at, "has \(e.points.cols)-D points, the model's latent space is \(k)-D") }
                return (e.points, "decoded points")
            case let d as DatasetObject:
                guard d.dataset.features == k else {
                    throw args.invalid(GivenPoints.at, "is dataset '\(d.dataset.name)' with \(d.dataset.features) columns; the model's latent space is \(k)-D, so it needs \(k)")
                }
                return (d.dataset.allSamples(), "decoded points")
            default:
                guard let items = at.list, !items.isEmpty else { throw args.invalid(GivenPoints.at, "expects points such as [[0.5, -1], [1, 2]], an Embedding or a Dataset") }
                let rows = items.first?.list == nil ? [at] : items       // at=[0.5, -1]: one point
                let z = Matrix(rows: rows.count, cols: k)
                for (r, row) in rows.enumerated() { z.row(r).update(from: try point(row, args, GivenPoints.at, model: em, item: r), count: k) }
                return (z, "decoded points")
            }
        }
        guard args.has(GivenPoints.from) || args.has(GivenPoints.to) else { return nil }
        guard args.has(GivenPoints.from) && args.has(GivenPoints.to) else {
            throw args.invalid(args.has(GivenPoints.from) ? GivenPoints.from : GivenPoints.to, "needs both from= and to=")
        }
        let steps = try args[GivenPoints.steps]
        guard (2...10_000).contains(steps) else { throw args.invalid(GivenPoints.steps, "must be between 2 and 10000, got \(steps)") }
        let a = try point(args.value(GivenPoints.from), args, GivenPoints.from, model: em)
        let b = try point(args.value(GivenPoints.to), args, GivenPoints.to, model: em)
        let z = Matrix(rows: steps, cols: k)
        for s in 0..<steps {          // z_s = a + (b - a) * s / (steps - 1): both ends included
            let t = Float(s) / Float(steps - 1)
            for j in 0..<k { z[s, j] = a[j] + (b[j] - a[j]) * t }
        }
        return (z, "\(steps) points from \(describe(args.value(GivenPoints.from))) to \(describe(args.value(GivenPoints.to)))")
    }

    /// One latent point: a list of `k` finite numbers, or a row number of the model's table.
    private static func point(_ v: Value, _ args: Arguments, _ name: Option<Value?>, model em: EmbeddingModel, item: Int? = nil) throws -> [Float] {
        let k = em.dims
        let place = item.map { "point \($0) " } ?? ""
        if let row = v.int {
            guard let table = em.trainingEmbedding else { throw args.invalid(name, "is a row number, but this model has no table of training points; give a point [x, y]") }
            guard row >= 0 && row < table.rows else { throw args.invalid(name, "is row \(row), outside 0..<\(table.rows) of the model's table") }
            return Array(UnsafeBufferPointer(start: table.row(row), count: k))
        }
        guard let items = v.list else { throw args.invalid(name, "\(place)expects a point [x, y] or a row number, got \(v.kindDescription)") }
        let xs = try items.map { item -> Float in
            guard let x = item.number, Float(x).isFinite else { throw args.invalid(name, "\(place)must hold finite numbers, got \(item.kindDescription)") }
            return Float(x)
        }
        guard xs.count == k else { throw args.invalid(name, "\(place)has \(xs.count) coordinates; the model's latent space is \(k)-D") }
        return xs
    }

    private static func describe(_ v: Value) -> String {
        if let row = v.int { return "row \(row)" }
        return "[" + (v.list ?? []).map { $0.number.map { formatNumber($0) } ?? "?" }.joined(separator: ", ") + "]"
    }
}
