import Foundation
import LatentCore

/// An n x 2 embedding drawn as points coloured by integer class, with an optional highlighted subset.
public struct ScatterPlot: PlotKind {
    /// Appearance of a scatter plot; every field has a default.
    public struct Spec: Sendable {
        /// Plot title ("" for none).
        public var title: String = "embedding"
        /// Horizontal axis label.
        public var xLabel: String = "dim 1"
        /// Vertical axis label.
        public var yLabel: String = "dim 2"
        /// Legend names indexed by label value; labels outside the list are shown as numbers.
        public var labelNames: [String]? = nil
        /// Point size; nil scales it down with n (0.8 at 1000 points, about 0.2 at 70000).
        public var pointSize: Double? = nil
        /// Legend entry for the highlighted points.
        public var highlightName: String = "pinned"
        /// Title of the colour bar when points are coloured by `values` ("" for none).
        public var colorTitle: String = ""
        /// Whether the legend is drawn.
        public var showKey: Bool = true
        /// Same scale on both axes, so distances in the picture are distances in the embedding.
        public var equalAxes: Bool = false
        /// Opacity of the points, in `alphaRange` (1: opaque); dense maps read better at 0.2 to 0.5. The text
        /// terminal draws characters and ignores it.
        public var alpha: Double = 1

        /// Point sizes accepted (gnuplot's `ps`, 1 = the terminal's default marker).
        public static let pointSizeRange: ClosedRange<Double> = 0.05...10
        /// Opacities accepted (0 would draw nothing).
        public static let alphaRange: ClosedRange<Double> = 0.01...1

        /// Defaults: titled "embedding", axes "dim 1"/"dim 2", automatic point size.
        public init(title: String = "embedding", xLabel: String = "dim 1", yLabel: String = "dim 2",
                    labelNames: [String]? = nil, pointSize: Double? = nil) {
            self.title = title
            self.xLabel = xLabel
            self.yLabel = yLabel
            self.labelNames = labelNames
            self.pointSize = pointSize
        }

        /// Throws a sentence when a field is out of range.
        public func validate() throws {
            if let p = pointSize, !Spec.pointSizeRange.contains(p) {
                throw PlotError.invalidInput("point size must be between 0.05 and 10, got \(p)")
            }
            guard Spec.alphaRange.contains(alpha) else {
                throw PlotError.invalidInput("alpha must be between 0.01 and 1, got \(alpha)")
            }
        }

        /// gnuplot's transparency byte for `alpha` (0 opaque, 255 invisible).
        var transparency: UInt8 { UInt8(((1 - min(max(alpha, 0), 1)) * 255).rounded()) }
    }

    /// Points, one row each; columns 0 and 1 are drawn.
    public var points: Matrix
    /// Class of each point (nil draws everything in one colour).
    public var labels: [Int]?
    /// A number per point drawn on the continuous palette with a colour bar (labels are then ignored);
    /// NaN draws gray.
    public var values: [Float]?
    /// Row indices drawn bigger, outlined, with their own legend entry.
    public var highlight: [Int]
    /// A line per point shown when the mouse rests on it in an SVG file (its ID and class); nil or more
    /// than `maxHoverPoints` points: none.
    public var hoverTexts: [String]?

    /// The most points an SVG carries hover text for (each adds about 200 bytes to the file).
    public static let maxHoverPoints = 20_000
    /// Appearance.
    public var spec: Spec

    /// A scatter of `points` (n x 2 or wider) coloured by `labels`.
    public init(points: Matrix, labels: [Int]? = nil, highlight: [Int] = [], spec: Spec = Spec()) {
        self.points = points
        self.labels = labels
        self.highlight = highlight
        self.spec = spec
    }

    /// A scatter with `Int32` labels as stored by `SampleSource.classLabels`.
    public init(points: Matrix, labels: [Int32]?, highlight: [Int] = [], spec: Spec = Spec()) {
        self.init(points: points, labels: labels.map { $0.map(Int.init) }, highlight: highlight, spec: spec)
    }

    /// Throws a sentence naming the first inconsistency between points, labels and highlight.
    public func validate() throws {
        try spec.validate()
        guard points.rows > 0 else { throw PlotError.invalidInput("the scatter plot has no points") }
        guard points.cols >= 2 else {
            throw PlotError.invalidInput("scatter points need 2 columns, got \(points.cols)")
        }
        if let labels, labels.count != points.rows {
            throw PlotError.invalidInput("got \(labels.count) labels for \(points.rows) points")
        }
        if let values, values.count != points.rows {
            throw PlotError.invalidInput("got \(values.count) colour values for \(points.rows) points")
        }
        if !(0..<points.rows).contains(where: { points[$0, 0].isFinite && points[$0, 1].isFinite }) {
            throw PlotError.invalidInput("none of the \(points.rows) scatter points is finite")
        }
        if let bad = highlight.first(where: { $0 < 0 || $0 >= points.rows }) {
            throw PlotError.invalidInput("highlighted index \(bad) is outside 0..<\(points.rows)")
        }
    }

    /// The point size actually used.
    var effectivePointSize: Double {
        if let p = spec.pointSize { return p }
        let n = Double(max(points.rows, 1))
        return min(0.8, max(0.15, 0.8 * pow(1000 / n, 0.33)))
    }

    /// Distinct labels in ascending order (empty when unlabeled or coloured by values).
    var classes: [Int] { values != nil ? [] : labels.map { Array(Set($0)).sorted() } ?? [] }

    /// Legend text of class `label`.
    func name(of label: Int) -> String {
        if let names = spec.labelNames, label >= 0, label < names.count { return names[label] }
        return String(label)
    }

    /// Emits the plot: header, then the plot command and its data.
    public func build(into script: inout PlotScript, terminal: PlotTerminal) throws {
        try build(into: &script, terminal: terminal, keyed: spec.showKey)
    }
}

