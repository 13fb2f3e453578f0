/// A closed polygon in the plane (the viewer's lasso), for `select ... polygon=`.
struct Polygon {
    let xs: [Double], ys: [Double]

    /// From [x0, y0, x1, y1, ...]; the last corner joins the first.
    init(flat: [Double]) {
        xs = stride(from: 0, to: flat.count - 1, by: 2).map { flat[$0] }
        ys = stride(from: 1, to: flat.count, by: 2).map { flat[$0] }
    }

    /// True when (x, y) is inside, by the even-odd rule (a ray to the right crosses the edges an odd
    /// number of times); in Double arithmetic on the given numbers, so a replayed statement selects the same rows.
    func contains(_ x: Double, _ y: Double) -> Bool {
        var inside = false
        var j = xs.count - 1
        for i in 0..<xs.count {
            if (ys[i] > y) != (ys[j] > y) {
                let crossing = xs[i] + (y - ys[i]) * (xs[j] - xs[i]) / (ys[j] - ys[i])
                if x < crossing { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}
