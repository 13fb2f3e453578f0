import Foundation
import LatentCore

extension NeighbourTerm {
    /// The force's default settings, named so that the `neighbours` command and model defaults share them.
    ///
    /// Measured with scripts/quality/maps-vs-peers (docs/maps.md): on small data sets the t-SNE end of the
    /// spectrum (exaggeration 1, 20 negatives, step 0.3) gives finer local structure than UMAP's curve
    /// (COIL-20 5-fold kNN 0.944 against 0.886, ORL 0.634 against 0.575, the digits level) and layouts that
    /// repeat across seeds; on MNIST's 60000 images with 30 epochs it stays below UMAP's curve (0.951 against
    /// 0.957), so data sets above `spectrumUpTo` points keep UMAP's curve. Between 1440 and 60000 points the
    /// switch has not been measured; 10000 is where UMAP itself changes its epoch count.
    public enum Defaults {
        /// Data sets of at most this many points get the t-SNE end of the spectrum by default.
        public static let spectrumUpTo = 10_000
        /// Layout step size (1 = UMAP's learning rate) with UMAP's curve.
        public static let weight: Float = 1
        /// Random rows pushed away per sampled edge with UMAP's curve (UMAP's 5).
        public static let negatives = 5
        /// The spectrum's exaggeration on small data sets (1: t-SNE).
        public static let exaggeration: Float = 1
        /// The spectrum kernel's tail (1: Cauchy).
        public static let tail: Float = 1
        /// Epochs of early exaggeration (0: none; it did not help in the measurements).
        public static let earlyEpochs = 0
        /// Step size and negatives with the spectrum: the sampled, normalised repulsion is noisy, and more
        /// negatives at a smaller step quiet it (COIL-20: 5 at step 1 0.888, 20 at step 0.3 0.944).
        public static let spectrumWeight: Float = 0.3
        public static let spectrumNegatives = 20

        /// The default exaggeration for `points` data points (0: UMAP's curve).
        public static func exaggeration(points: Int) -> Float { points <= spectrumUpTo ? exaggeration : 0 }
        /// The default step size for a force at `exaggeration`.
        public static func weight(exaggeration: Float) -> Float { exaggeration == 0 ? weight : spectrumWeight }
        /// The default negatives for a force at `exaggeration`.
        public static func negatives(exaggeration: Float) -> Int { exaggeration == 0 ? negatives : spectrumNegatives }

        /// The seed of the graph's NN-descent and of the spectral start's solver, fixed rather than the session's:
        /// maps made with different seeds then share their graph and their start, and differ only by training.
        public static let graphSeed: UInt64 = 1
    }

    /// Where the `umap` form's force sits on the attraction-repulsion spectrum of neighbour embeddings
    /// (Böhm, Berens and Kobak, "Attraction-repulsion spectrum in neighbor embeddings", JMLR 2022; Damrich
    /// et al., "From t-SNE to UMAP with contrastive learning", ICLR 2023), when the force is not UMAP's own.
    ///
    /// The force is t-SNE's gradient, sampled: the kernel is w(d)^-α with w = 1 + d²/α (α = 1: t-SNE's Cauchy
    /// kernel; below 1 heavier tails, Kobak et al. 2019); a sampled graph edge attracts with ρ times t-SNE's
    /// attraction, and each random pair repels with t-SNE's repulsion normalised by the mean kernel over random
    /// pairs, which the layout estimates as it goes (`NeighbourTerm.meanKernel`): the repulsion is then that of
    /// all n² pairs over Z = Σ kernel, as in t-SNE, whatever the map's scale. ρ = 1 is t-SNE; ρ about 4 gives
    /// UMAP-like tight clusters; larger ρ tends to Laplacian eigenmaps.
    public struct Spectrum: Sendable, Equatable, Codable, CustomStringConvertible {
        /// Attraction multiplier ρ (>= 1): 1 = t-SNE, about 4 = UMAP-like.
        public var exaggeration: Float
        /// Kernel degrees of freedom α in (0, 1]: 1 = Cauchy (t-SNE); smaller = heavier tails, finer clusters.
        public var tail: Float
        /// Epochs at the start of the schedule with exaggeration `earlyExaggeration` (t-SNE's early exaggeration).
        public var earlyEpochs: Int

        /// A spectrum setting.
        public init(exaggeration: Float, tail: Float = 1, earlyEpochs: Int = 0) {
            self.exaggeration = exaggeration; self.tail = tail; self.earlyEpochs = earlyEpochs
        }

        /// The setting for `exaggeration` (0: none, UMAP's own curve), checked.
        public static func setting(exaggeration: Float, tail: Float, earlyEpochs: Int) throws -> Spectrum? {
            guard exaggeration != 0 else { return nil }
            let s = Spectrum(exaggeration: exaggeration, tail: tail, earlyEpochs: earlyEpochs)
            try s.validate()
            return s
        }

        /// "exaggeration 1", with the tail and early epochs when set.
        public var description: String {
            "exaggeration \(exaggeration.formatted())" + (tail == 1 ? "" : " tail \(tail.formatted())")
                + (earlyEpochs == 0 ? "" : " early \(earlyEpochs)")
        }

        /// t-SNE's early exaggeration (openTSNE's default).
        public static let earlyExaggeration: Float = 12

        /// Throws a sentence naming the first invalid setting.
        public func validate() throws {
            guard exaggeration >= 1, exaggeration.isFinite else { throw ConfigError("exaggeration must be at least 1, got \(exaggeration)") }
            guard tail > 0, tail <= 1 else { throw ConfigError("tail must be above 0 and at most 1, got \(tail)") }
            guard earlyEpochs >= 0 else { throw ConfigError("early must be zero or more epochs, got \(earlyEpochs)") }
        }
    }

    /// The force of one layout step: UMAP's curve, or the spectrum's kernel with this step's exaggeration and
    /// repulsion scale (both fixed for the step, so that every chunk of it applies the same force).
    var pairForce: PairForce {
        guard let s = spectrum else { return .umap(curve) }
        let rho = epochsDone < Double(s.earlyEpochs) ? max(s.exaggeration, Spectrum.earlyExaggeration) : s.exaggeration
        // n²/Z = 1 / mean kernel, spread over the `negatives` pairs of a sampled edge; times 2 because a row is
        // pulled by its edges from both ends (as batch row and as the other end) but pushed from its own only
        let scale = 2 / (Float(max(negatives, 1)) * Float(max(meanKernel, 1e-12)))
        return .spectrum(PairForce.Kernel(exaggeration: rho, tail: s.tail, repulsionScale: scale))
    }

    /// Mean kernel over `pairs` random pairs of `table` (n, k) rows, to start the repulsion's normalisation.
    func estimateMeanKernel(table: Matrix, pairs: Int, rng: inout Rng) -> Double {
        guard let s = spectrum, table.rows > 1 else { return 1 }
        let kernel = PairForce.Kernel(exaggeration: 1, tail: s.tail, repulsionScale: 1)
        let inv = 1 / length
        var total = 0.0
        for _ in 0..<pairs {
            let i = rng.int(below: table.rows), l = rng.int(below: table.rows)
            var d2: Float = 0
            for c in 0..<table.cols { let t = (table.row(i)[c] - table.row(l)[c]) * inv; d2 += t * t }
            total += Double(kernel.value(d2: d2))
        }
        return total / Double(pairs)
    }

    /// Folds one step's mean kernel over its random pairs (`sum` over `count` pairs) into `meanKernel`
    /// (an exponential average: the last steps count most, as the map's scale changes).
    mutating func updateMeanKernel(sum: Double, count: Int) {
        guard spectrum != nil, count > 0 else { return }
        meanKernel = meanKernel > 0 ? 0.8 * meanKernel + 0.2 * sum / Double(count) : sum / Double(count)
    }
}

/// The pair losses of one layout step, in layout units: for a pair at squared distance d2, the loss and the
/// coefficient c with dLoss/dy_i = c (y_i - y_j).
enum PairForce {
    case umap(LayoutCurve)
    case spectrum(Kernel)

    /// The spectrum's kernel w^-α, w = 1 + d²/α, with attraction multiplier `exaggeration` and the repulsion's
    /// normalisation `repulsionScale` (n²/Z per sampled random pair).
    struct Kernel {
        let exaggeration: Float, tail: Float, repulsionScale: Float

        /// The kernel's value w^-α.
        @inline(__always) func value(d2: Float) -> Float {
            let w = 1 + d2 / tail
            return tail == 1 ? 1 / w : powf(w, -tail)
        }
    }

    /// Attraction of a sampled graph edge.
    @inline(__always) func attraction(d2: Float) -> (loss: Float, coefficient: Float) {
        switch self {
        case .umap(let curve): return curve.attraction(d2: d2)
        case .spectrum(let k):
            // loss ρ·α·log w = -ρ log kernel; dLoss/d(d2) = ρ / w
            let w = 1 + d2 / k.tail
            return (k.exaggeration * k.tail * logf(w), 2 * k.exaggeration / w)
        }
    }

    /// Repulsion of a random pair, and the pair's kernel value (for the normalisation's estimate; 0 for UMAP).
    @inline(__always) func repulsion(d2: Float) -> (loss: Float, coefficient: Float, kernel: Float) {
        switch self {
        case .umap(let curve):
            let r = curve.repulsion(d2: d2)
            return (r.loss, r.coefficient, 0)
        case .spectrum(let k):
            // t-SNE's repulsion kernel·(1/w)/Z per pair; the loss reported is the pair's share of the kernel sum
            let w = 1 + d2 / k.tail, value = k.tail == 1 ? 1 / w : powf(w, -k.tail)
            return (k.repulsionScale * value, -2 * k.repulsionScale * value / w, value)
        }
    }
}
