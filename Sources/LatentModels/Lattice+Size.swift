import LatentCore

/// The size of a lattice asked for by its side, checked before anything is computed from it.
extension Lattice {
    /// The most points `generate grid=N` decodes or samples (side 316).
    public static let maximumPoints = 100_000

    /// `side` x `side`, with checked multiplication: throws a sentence naming the side when it is below 1
    /// or its square overflows or exceeds `maximum`.
    public static func pointCount(side: Int, maximum: Int = maximumPoints) throws -> Int {
        let (points, overflow) = side.multipliedReportingOverflow(by: side)
        guard side >= 1, !overflow, points <= maximum else {
            var largest = Int(Double(maximum).squareRoot())
            while (largest + 1) * (largest + 1) <= maximum { largest += 1 }
            while largest * largest > maximum { largest -= 1 }
            throw ConfigError("grid must be between 1 and \(largest) (at most \(maximum) points), got \(side)")
        }
        return points
    }
}
