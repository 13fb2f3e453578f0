/// Scaling transforms: each returns a new `Dataset` sharing the raw storage with a new affine map.
extension Dataset {
    /// Per-feature statistics of the current (affine-mapped) values.
    public struct FeatureStats: Sendable {
        /// Minimum per feature.
        public var min: [Float]
        /// Maximum per feature.
        public var max: [Float]
        /// Mean per feature.
        public var mean: [Float]
        /// Population standard deviation per feature.
        public var std: [Float]
    }

    /// Per-feature min, max, mean and standard deviation of the values as `fillRows` would return them.
    public func featureStats() -> FeatureStats {
        let d = features
        var lo = [Double](repeating: .infinity, count: d), hi = [Double](repeating: -.infinity, count: d)
        var sum = [Double](repeating: 0, count: d), sq = [Double](repeating: 0, count: d)
        // Raw statistics in Double; the affine map is applied afterwards (linear, so exact up to rounding).
        func accumulate<T>(_ raw: [T], _ convert: (T) -> Double) {
            raw.withUnsafeBufferPointer { src in
                var rowSum = [Double](repeating: 0, count: d)
                for r in 0..<count {
                    let base = r * d
                    for j in 0..<d {
                        let v = convert(src[base + j])
                        if v < lo[j] { lo[j] = v }
                        if v > hi[j] { hi[j] = v }
                        rowSum[j] += v
                    }
                    // Flush into the running sums every 4096 rows to limit rounding growth.
                    if r % 4096 == 4095 || r == count - 1 {
                        for j in 0..<d { sum[j] += rowSum[j]; rowSum[j] = 0 }
                    }
                }
                let n = Double(Swift.max(count, 1))
                for r in 0..<count {
                    let base = r * d
                    for j in 0..<d { let c = convert(src[base + j]) - sum[j] / n; sq[j] += c * c }
                }
            }
        }
        switch storage {
        case .uint8(let a): accumulate(a) { Double($0) }
        case .float32(let a): accumulate(a) { Double($0) }
        }
        let n = Double(Swift.max(count, 1))
        var stats = FeatureStats(min: [], max: [], mean: [], std: [])
        for j in 0..<d {
            let s = Double(scale[j]), o = Double(offset[j])
            let a = lo[j] * s + o, b = hi[j] * s + o
            stats.min.append(Float(Swift.min(a, b)))
            stats.max.append(Float(Swift.max(a, b)))
            stats.mean.append(Float(sum[j] / n * s + o))
            stats.std.append(Float((sq[j] / n).squareRoot() * abs(s)))
        }
        return stats
    }

    /// Composes `value' = value * s + o` (per feature) onto the current affine map.
    public func mappingValues(scale s: [Float], offset o: [Float], suffix: String) throws -> Dataset {
        guard s.count == features, o.count == features else {
            throw DataError.argument("expected \(features) scale factors and offsets, got \(s.count) and \(o.count)")
        }
        let newScale = (0..<features).map { scale[$0] * s[$0] }
        let newOffset = (0..<features).map { offset[$0] * s[$0] + o[$0] }
        try requireUsable(scale: newScale, offset: newOffset, how: "the scaling '\(suffix)'")
        return try with(name: name + suffix, scale: newScale, offset: newOffset)
    }

    /// Values divided by `divisor` (e.g. 255 for pixel bytes).
    public func dividedBy(_ divisor: Float) throws -> Dataset {
        guard divisor.isFinite, divisor != 0 else {
            throw DataError.argument("the divisor must be a finite non-zero number, got \(divisor)")
        }
        guard (1 / divisor).isFinite else {
            throw DataError.argument("dataset '\(name)': cannot divide by \(divisor): its reciprocal overflows float32; expected a divisor of magnitude at least \(1 / Float.greatestFiniteMagnitude)")
        }
        return try mappingValues(scale: Array(repeating: 1 / divisor, count: features),
                                 offset: Array(repeating: 0, count: features), suffix: "/\(divisor)")
    }

    /// Values divided by the largest absolute value in the whole dataset (unchanged when all are zero).
    public func dividedByMax() throws -> Dataset {
        let st = featureStats()
        let m = zip(st.min, st.max).map { Swift.max(abs($0), abs($1)) }.max() ?? 0
        return m > 0 ? try dividedBy(m) : try with(name: name + "/max")
    }

    /// Each feature mapped linearly onto [0, 1]; constant features become 0.
    public func minMaxScaled() throws -> Dataset {
        let st = featureStats()
        var s = [Float](repeating: 0, count: features), o = [Float](repeating: 0, count: features)
        for j in 0..<features where st.max[j] > st.min[j] {
            s[j] = 1 / (st.max[j] - st.min[j])
            o[j] = -st.min[j] * s[j]
        }
        return try mappingValues(scale: s, offset: o, suffix: "[minmax]")
    }

    /// Each feature shifted to mean 0 and scaled to standard deviation 1; constant features become 0.
    public func standardized() throws -> Dataset {
        let st = featureStats()
        var s = [Float](repeating: 0, count: features), o = [Float](repeating: 0, count: features)
        for j in 0..<features where st.std[j] > 0 {
            s[j] = 1 / st.std[j]
            o[j] = -st.mean[j] * s[j]
        }
        return try mappingValues(scale: s, offset: o, suffix: "[standardized]")
    }

    /// The stored values under the affine map `value = raw * s + o` (per feature) in place of the current one:
    /// how rows are given another dataset's scaling. The name gains `suffix`.
    public func replacingValueMap(scale s: [Float], offset o: [Float], suffix: String) throws -> Dataset {
        guard s.count == features, o.count == features else {
            throw DataError.argument("expected \(features) scale factors and offsets, got \(s.count) and \(o.count)")
        }
        return try with(name: name + suffix, scale: s, offset: o)
    }

    /// The raw values again (identity affine map).
    public func unscaled() throws -> Dataset {
        try with(scale: Array(repeating: 1, count: features), offset: Array(repeating: 0, count: features))
    }
}
