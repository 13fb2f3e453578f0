import LatentData
import LatentPlot

/// How `plot embedding ... color=` colours the points: by classes (a list of text, or of a few whole
/// numbers) with a legend of their own names, or by a continuous value with a colour bar.
struct PointColouring {
    /// Most distinct whole numbers read as classes; more, or any fraction, read as a continuous value.
    static let maxClasses = 20

    /// A class per point (categorical colouring).
    var labels: [Int32]?
    /// The legend names of those classes; nil: their numbers.
    var labelNames: [String]?
    /// A value per point (continuous colouring with a colour bar).
    var values: [Float]?

    /// The colouring `color` asks for `e`'s points. Whole numbers equal to the embedding's own labels keep
    /// its class names; any other list is named by its own values, never by another column's names.
    /// `fail` makes the error about `color=` from a sentence's end.
    init(_ color: Value, for e: EmbeddingObject, fail: (String) -> CommandError) throws {
        guard let items = color.list else { throw fail("expects a list with a value per point, got \(color.kindDescription)") }
        guard items.count == e.points.rows else {
            throw fail("has \(items.count) values for \(e.points.rows) points; give one per point (a column of the data the map was made from)")
        }
        if items.allSatisfy({ $0.string != nil }) {
            let strings = items.map { $0.string! }
            let names = Array(Set(strings)).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
            labels = strings.map { index[$0]! }
            labelNames = names
            return
        }
        let numbers = try items.enumerated().map { i, v -> Double in
            guard let x = v.number else { throw fail("mixes kinds: item \(i) is \(v.kindDescription); give all numbers or all text") }
            return x
        }
        let whole = numbers.allSatisfy { $0 == $0.rounded() && abs($0) < 1e9 }
        if whole && Set(numbers).count <= Self.maxClasses {
            let ints = numbers.map { Int32($0) }
            labels = ints
            labelNames = ints == e.labels ? e.labelNames : nil
        } else {
            values = numbers.map(Float.init)
        }
    }
}
