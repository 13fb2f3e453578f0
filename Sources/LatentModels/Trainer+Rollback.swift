import LatentCore

/// The last state of a model known to be good (parameters, moments, optimiser step, history length),
/// for rolling back a diverged run. Buffers are allocated at the first capture and reused after.
final class ModelSnapshot {
    private var tensors: [(Matrix, Matrix, Matrix)] = []
    private var step = 0
    private var epochs = 0
    /// False until the first capture: restoring then leaves the model as it is.
    private(set) var holdsState = false

    /// Copies the model's current state into the snapshot.
    func capture(_ model: GenerativeModel) {
        let parameters = model.parameters
        if tensors.count != parameters.count {
            tensors = parameters.map { ($0.value.copy(), $0.moment1.copy(), $0.moment2.copy()) }
        } else {
            for (p, t) in zip(parameters, tensors) {
                t.0.assign(p.value); t.1.assign(p.moment1); t.2.assign(p.moment2)
            }
        }
        step = model.optimizer.step
        epochs = model.history.count
        holdsState = true
    }

    /// Puts the captured state back (a no-op before the first capture) and returns the epochs the model
    /// has trained after it.
    @discardableResult
    func restore(into model: GenerativeModel) -> Int {
        guard holdsState else { return model.history.count }
        for (p, t) in zip(model.parameters, tensors) {
            p.value.assign(t.0); p.moment1.assign(t.1); p.moment2.assign(t.2)
        }
        model.optimizer.restore(step: step)
        if model.history.count > epochs { model.history.epochs.removeLast(model.history.count - epochs) }
        return epochs
    }
}

extension Parameter {
    /// True when every value is finite (no NaN, no infinity).
    public var isFinite: Bool {
        let v = value.base, n = count
        // x - x is 0 for finite x and NaN for NaN and ±inf; one comparison per 8 lanes
        typealias V = SIMD8<Float>
        var acc = V(repeating: 0)
        var i = 0
        while i + 8 <= n {
            let x = UnsafeRawPointer(v + i).loadUnaligned(as: V.self)
            acc += x - x
            i += 8
        }
        var tail: Float = 0
        while i < n { tail += v[i] - v[i]; i += 1 }
        return acc.sum() == 0 && tail == 0
    }
}

extension GenerativeModel {
    /// The name of the first parameter tensor holding a NaN or infinite value, nil when all are finite.
    public var firstNonFiniteParameter: String? { parameters.first { !$0.isFinite }?.name }
}

extension GenerativeModel {
    /// `firstNonFiniteParameter` over every rank of `communicator` (this process alone when nil), as a
    /// phrase ("parameter decoder.0.weight"). Collective when `communicator` is given.
    public func nonFiniteParameter(over communicator: Communicator?) -> String? {
        (communicator ?? SingleProcess()).firstNonFinite(parameters)
    }
}

extension Communicator {
    /// The first parameter holding a non-finite value on any rank ("a table row on another rank" when only
    /// another rank's table shard has one), nil when every rank's are finite. Collective.
    func firstNonFinite(_ parameters: [Parameter]) -> String? {
        let local = parameters.first { !$0.isFinite }?.name
        if size == 1 { return local.map { "parameter \($0)" } }
        let anywhere = sum(local == nil ? 0 : 1) > 0
        guard anywhere else { return nil }
        return local.map { "parameter \($0)" } ?? "embedding table (on another rank)"
    }
}
