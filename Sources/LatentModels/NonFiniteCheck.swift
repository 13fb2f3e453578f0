import LatentCore

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
