import LatentCore
import LatentNeighbours

/// The neighbour force in a checkpoint. Its settings and schedule state go in the JSON
/// header's optional `neighbours` field (absent in files written before it, which load as before); its graph
/// (indices and distances, from which the fuzzy graph is rebuilt bit for bit) and its data space (PCA mean
/// and components, the training rows projected) follow the tensor table as one section:
///
///     n*k u32 neighbour indices, n*k f32 distances,
///     d f32 PCA mean and p*d f32 components (when `features` > 0), n*p f32 projected training rows (when p > 0)
extension Checkpoint {
    /// What the header says about the force; the arrays follow the tensors.
    struct NeighbourHeader: Codable {
        var weight: Float
        var form: NeighbourTerm.Form
        var negatives: Int
        var curveA: Float, curveB: Float
        var length: Float
        var decayEpochs: Int
        var epochsDone: Double
        /// Neighbours per row of the graph.
        var k: Int
        /// Whether the graph's distances are stored: always, since a graph holds them (the fuzzy graph is
        /// rebuilt from them); a file saying otherwise is refused.
        var distances: Bool
        /// Columns p of the stored data space (0: none stored).
        var spaceDims: Int
        /// Features d the space's PCA projects from (0: the space is the raw features, no PCA).
        var features: Int

        init(_ t: NeighbourTerm) {
            weight = t.weight; form = t.form; negatives = t.negatives; curveA = t.curve.a; curveB = t.curve.b
            length = t.length; decayEpochs = t.decayEpochs; epochsDone = t.epochsDone; k = t.graph.k
            distances = true
            spaceDims = t.space?.dims ?? 0
            features = t.space?.pca?.mean.count ?? 0
        }
    }

    /// Appends the force's arrays (see the extension's comment).
    static func writeNeighbours(_ t: NeighbourTerm, to w: inout ByteWriter) {
        for i in t.graph.indices { w.u32(UInt32(bitPattern: i)) }
        t.graph.distances.withUnsafeBufferPointer { w.floats($0.baseAddress!, count: $0.count) }
        if let space = t.space {
            if let pca = space.pca {
                pca.mean.withUnsafeBufferPointer { w.floats($0.baseAddress!, count: $0.count) }
                w.floats(pca.components.base, count: pca.components.count)
            }
            w.floats(space.points.base, count: space.points.count)
        }
    }

    /// Reads the force that `h` describes for a table of `rows` rows, checking every size and setting.
    static func readNeighbours(_ h: NeighbourHeader, rows n: Int, reader r: inout ByteReader, path: String) throws -> NeighbourTerm {
        func fail(_ reason: String) -> CheckpointError { CheckpointError(path: path, "has a neighbour force that " + reason) }
        guard n >= 2, (1...min(n - 1, 1000)).contains(h.k) else { throw fail("has k=\(h.k); expected 1 to \(min(n - 1, 1000)) for \(n) rows") }
        guard (0...ModelConfig.maximumSize).contains(h.spaceDims), (0...ModelConfig.maximumSize).contains(h.features) else {
            throw fail("has a data space of \(h.spaceDims) dimensions from \(h.features) features; expected 0 to \(ModelConfig.maximumSize)")
        }
        guard h.features == 0 || (h.spaceDims >= 1 && h.spaceDims <= h.features) else {
            throw fail("projects \(h.features) features on \(h.spaceDims) components; expected 1 to \(h.features)")
        }
        guard h.curveA > 0, h.curveA.isFinite, h.curveB > 0, h.curveB.isFinite else {
            throw fail("has curve a=\(h.curveA), b=\(h.curveB); both must be positive and finite")
        }
        guard h.epochsDone >= 0, h.epochsDone.isFinite else { throw fail("has epochsDone=\(h.epochsDone); expected a finite count >= 0") }
        let edges = n * h.k
        let indexBytes = try r.bytes(edges * 4)
        var indices = [Int32](repeating: 0, count: edges)
        for e in 0..<edges {
            let b = e * 4
            indices[e] = Int32(bitPattern: UInt32(indexBytes[b]) | UInt32(indexBytes[b + 1]) << 8
                                 | UInt32(indexBytes[b + 2]) << 16 | UInt32(indexBytes[b + 3]) << 24)
        }
        guard h.distances else { throw fail("stores no neighbour distances; expected n*k distances after the indices") }
        var distances = [Float](repeating: 0, count: edges)
        try distances.withUnsafeMutableBufferPointer { try r.floats(into: $0.baseAddress!, count: edges) }
        guard distances.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw fail("holds a negative or non-finite distance") }
        var space: NeighbourSpace? = nil
        if h.spaceDims > 0 {
            var pca: PCA? = nil
            if h.features > 0 {
                var mean = [Float](repeating: 0, count: h.features)
                try mean.withUnsafeMutableBufferPointer { try r.floats(into: $0.baseAddress!, count: h.features) }
                let components = Matrix(rows: h.spaceDims, cols: h.features)
                try r.floats(into: components.base, count: components.count)
                pca = PCA(mean: mean, components: components)
            }
            let points = Matrix(rows: n, cols: h.spaceDims)
            try r.floats(into: points.base, count: points.count)
            space = NeighbourSpace(pca: pca, points: points)
        }
        var t = NeighbourTerm(graph: NeighbourGraph(Neighbors(k: h.k, indices: indices, distances: distances)), weight: h.weight)
        t.form = h.form; t.negatives = h.negatives; t.curve = LayoutCurve(a: h.curveA, b: h.curveB)
        t.length = h.length; t.decayEpochs = h.decayEpochs; t.epochsDone = h.epochsDone; t.space = space
        do { try t.validate(); try t.check(tableRows: n) } catch { throw fail("is invalid: \(error)") }
        return t
    }
}
