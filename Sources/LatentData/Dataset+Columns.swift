/// Single features (columns) of a dataset, by position or header name.
extension Dataset {
    /// Feature `j` (0-based) of every row, after the affine map: `count` values.
    public func column(_ j: Int) -> [Float] {
        precondition(j >= 0 && j < features, "feature \(j) out of range 0..<\(features)")
        let s = scale[j], o = offset[j]
        return (0..<count).map { rawValue($0, j) * s + o }
    }

    /// The 0-based feature named `name`: an exact match first, then one ignoring case; nil when none is.
    public func featureIndex(named name: String) -> Int? {
        guard let names = featureNames else { return nil }
        return names.firstIndex(of: name) ?? names.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// The name of feature `j`: its header name, else `x1`, `x2`, ... (numbered from 1, as `load` numbers columns).
    public func featureName(_ j: Int) -> String {
        if let names = featureNames, j < names.count, !names[j].isEmpty { return names[j] }
        return "x\(j + 1)"
    }
}
