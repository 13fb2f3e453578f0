/// Width and height of a plot: pixels for png/svg/window, characters for dumb text.
public struct PlotSize: Sendable, Equatable {
    /// Horizontal size.
    public var width: Int
    /// Vertical size.
    public var height: Int

    /// A size; both dimensions must be positive.
    public init(_ width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }

    /// Each dimension's accepted range on `terminal`: characters for dumb text, pixels otherwise.
    public static func range(for terminal: PlotTerminal) -> ClosedRange<Int> {
        terminal == .dumb ? 20...500 : 100...8000
    }

    /// Throws a sentence stating the range when a dimension is outside `range(for: terminal)`.
    public func validate(for terminal: PlotTerminal) throws {
        let r = PlotSize.range(for: terminal), unit = terminal == .dumb ? "characters" : "pixels"
        guard r.contains(width), r.contains(height) else {
            throw PlotError.invalidInput("a \(terminal.rawValue) plot's size must be \(r.lowerBound) to \(r.upperBound) \(unit) each way, got \(width)x\(height)")
        }
    }
}

/// The gnuplot terminal families latent draws on.
public enum PlotTerminal: String, Sendable, CaseIterable {
    /// Raster image via pngcairo (falls back to gd `png` when cairo is absent).
    case png
    /// Scalable vector graphics.
    case svg
    /// Text art returned as a string for printing in a terminal.
    case dumb
    /// An interactive window (qt, wxt or x11) when one exists and DISPLAY is set.
    case window
    /// Sixel graphics (gnuplot's `sixelgd`) returned as text to write into a sixel-capable terminal.
    case sixel

    /// Whether output goes to a file written by gnuplot.
    public var writesFile: Bool { self == .png || self == .svg }

    /// Default size: 900x700 pixels for graphics, 100x35 characters for text.
    public var defaultSize: PlotSize {
        switch self {
        case .dumb: PlotSize(100, 35)
        case .sixel: PlotSize(800, 600)
        default: PlotSize(900, 700)
        }
    }
}

/// Where and how a plot is drawn: a terminal, an optional file path and an optional size.
public struct PlotOutput: Sendable, Equatable {
    /// The terminal family.
    public var terminal: PlotTerminal
    /// Destination file; required for png and svg, optional for dumb (text is also returned).
    public var path: String?
    /// Explicit size; nil lets the plot kind choose (e.g. wider for side-by-side plots).
    public var size: PlotSize?

    /// An output with everything explicit.
    public init(terminal: PlotTerminal, path: String? = nil, size: PlotSize? = nil) {
        self.terminal = terminal
        self.path = path
        self.size = size
    }

    /// A file output whose terminal comes from the extension (.png, .svg, .txt = dumb) unless given.
    public init(path: String, terminal: PlotTerminal? = nil, size: PlotSize? = nil) throws {
        if let terminal {
            guard terminal != .window else {
                throw PlotError.unsupportedOutput("a window cannot be written to the file \(path)")
            }
            self.init(terminal: terminal, path: path, size: size)
            return
        }
        let ext = path.split(separator: "/").last.flatMap { name -> Substring? in
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
            return name[name.index(after: dot)...]
        }.map { $0.lowercased() }
        switch ext {
        case "png": self.init(terminal: .png, path: path, size: size)
        case "svg": self.init(terminal: .svg, path: path, size: size)
        case "txt", "text": self.init(terminal: .dumb, path: path, size: size)
        default:
            throw PlotError.unsupportedOutput(
                "cannot tell the plot format of \(path) from its extension (use .png, .svg or .txt)")
        }
    }

    /// Text art returned to the caller (and not written to a file).
    public static func text(size: PlotSize? = nil) -> PlotOutput {
        PlotOutput(terminal: .dumb, path: nil, size: size)
    }

    /// Sixel graphics returned as text (printed inline by a sixel terminal).
    public static func sixel(size: PlotSize? = nil) -> PlotOutput {
        PlotOutput(terminal: .sixel, path: nil, size: size)
    }

    /// An interactive window.
    public static func window(size: PlotSize? = nil) -> PlotOutput {
        PlotOutput(terminal: .window, path: nil, size: size)
    }
}

/// What a finished plot produced.
public struct PlotResult: Sendable {
    /// The file written, when the output had a path.
    public var path: String?
    /// The text art, for dumb outputs; the escape sequence, for sixel outputs.
    public var text: String?
    /// gnuplot's warnings (stderr of a successful run), empty when there were none.
    public var warnings: String
}
