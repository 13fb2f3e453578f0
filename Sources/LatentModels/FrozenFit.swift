import Foundation
import LatentCore

/// Settings for embedding new points with the decoder frozen (GNE paper, future work 3).
public struct FitOptions: Sendable {
    /// Adam steps per batch of new points.
    public var steps: Int = 150
    /// Adam step size on the latent coordinates.
    public var learningRate: Float = 0.02
    /// Side of the decoded lattice used to initialise each point at its best lattice node (0: start at 0).
    public var latticeSide: Int = 32
    /// Rows per batch.
    public var batchSize: Int = 1024

    /// The defaults.
    public init() {}

    /// Throws a sentence naming the first invalid option.
    public func validate() throws {
        guard steps >= 0 else { throw ConfigError("steps must be zero or more", option: "steps") }
        guard learningRate > 0, learningRate.isFinite else { throw ConfigError("lr must be positive and finite, got \(learningRate)", option: "lr") }
        guard (0...256).contains(latticeSide) else {   // side^2 decodes: 65536 at most, as reassign's grid
            throw ConfigError("lattice must be between 0 and 256, got \(latticeSide)", option: "lattice")
        }
        guard batchSize >= 1 else { throw ConfigError("batch must be at least 1", option: "batch") }
    }
}

extension EmbeddingModel {
    /// The box [lo, hi] per dimension used for lattices: the `q`..`1-q` quantiles of the training
    /// embedding, or ±2.5 (the prior's bulk) for models without a table.
    public func latentBox(quantile q: Float = 0.01) -> (lo: [Float], hi: [Float]) {
        guard let e = trainingEmbedding else {
            return ([Float](repeating: -2.5, count: dims), [Float](repeating: 2.5, count: dims))
        }
        return (Lattice.quantiles(e, q), Lattice.quantiles(e, 1 - q))
    }

    /// Fits latent coordinates (m, k) for the rows of `data` by minimising reconstruction error through the
    /// frozen decoder: start at the best node of a decoded lattice, then `steps` Adam steps per batch.
    /// With `pull` (one row per data row) each point starts at its neighbours' weighted mean instead and the
    /// pull's attraction joins the reconstruction loss. `classes` is required for class-conditional gnd (the
    /// decoder's one-hot input). `shouldStop` is polled between batches (rows not reached keep their start).
    public func fitFrozen(_ data: SampleSource, options: FitOptions = FitOptions(), classes: [Int32]? = nil,
                          pull: NeighbourPull? = nil, shouldStop: () -> Bool = { false }) throws -> Matrix {
        try options.validate()
        guard data.featureCount == featureCount else {
            throw TrainingError.featureCountMismatch(expected: featureCount, got: data.featureCount)
        }
        let conditioning = (self as? ConditionalModel)?.classConditioning
        let n = data.sampleCount, k = dims
        if let conditioning {
            guard let classes else {
                throw TrainingError.classesRequired(kind: config.kind.rawValue)
            }
            guard classes.count == n else {
                throw TrainingError.labelCountMismatch(labels: classes.count, samples: n)
            }
            try conditioning.check(classes)
        }
        if let pull {
            guard pull.count == n, pull.positions.cols == k else {
                throw ConfigError("the neighbour pull holds \(pull.count) points of \(pull.positions.cols) dimensions, but the data have \(n) rows and the model \(k) dimensions")
            }
        }
        var z = Matrix(rows: n, cols: k)
        if let pull {
            z = pull.start()
        } else if options.latticeSide > 0 && conditioning == nil {
            let box = latentBox()
            let nodes = Lattice.points(side: options.latticeSide, lo: box.lo, hi: box.hi, dims: k,
                                       fill: box.lo.indices.map { (box.lo[$0] + box.hi[$0]) / 2 })
            let (idx, _) = try Lattice.nearest(data, decoded: decode(nodes))
            for r in 0..<n { z.row(r).update(from: nodes.row(idx[r]), count: k) }
        }
        let x = Matrix(rows: 0, cols: featureCount), input = Matrix(rows: 0, cols: conditioning?.width ?? k)
        let dy = Matrix(rows: 0, cols: featureCount)
        var start = 0
        while start < n && !shouldStop() {
            let b = min(options.batchSize, n - start)
            x.resize(rows: b); input.resize(rows: b); dy.resize(rows: b)
            let ids = Array(start..<(start + b))
            ids.withUnsafeBufferPointer { data.fillRows($0, into: x.base) }
            if let conditioning, let classes {
                for r in 0..<b { conditioning.setClass(input, row: r, label: Int(classes[start + r])) }
            }
            // the batch's latent rows (B,k) as a parameter stepped by LatentCore's Adam (its eps, 1e-7)
            let point = Parameter(name: "z", rows: b, cols: k)
            point.value.base.update(from: z.row(start), count: b * k)
            let adam = Adam(AdamConfig(learningRate: options.learningRate))
            for t in 0..<options.steps {
                if (t + 1) % 16 == 0 && shouldStop() { break }   // Ctrl-C within a long batch
                for r in 0..<b { input.row(r).update(from: point.value.row(r), count: k) }
                let y = decoder.forward(input)                                       // (B,k+C) -> (B,d)
                _ = config.loss.evaluate(prediction: y, target: x, grad: dy, reduction: .sumFeaturesMeanBatch)
                let g = decoder.backward(dy, needInputGradient: true)                // (B,k+C)
                for r in 0..<b {
                    let gr = g.row(r), pr = point.grad.row(r)
                    for j in 0..<k { pr[j] = gr[j] * Float(b) }                       // per-sample gradient (undo the batch mean)
                }
                pull?.accumulate(z: point.value, first: start, grad: point.grad)     // (B,k)
                adam.beginStep()
                adam.update(point)
            }
            z.row(start).update(from: point.value.base, count: b * k)
            start += b
        }
        return z
    }
}
