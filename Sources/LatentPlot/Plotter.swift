import Foundation
import LatentFiles

/// Renders plot kinds through gnuplot: terminal preamble, atomic file output, text capture.
public final class Plotter: @unchecked Sendable {
    /// The gnuplot owner used for every run.
    public let gnuplot: Gnuplot
    private let lock = NSLock()
    private var cachedTerminals: Set<String>?
    private var serial = 0

    /// A plotter using `gnuplot` (default: found on PATH, 60 s timeout).
    public init(gnuplot: Gnuplot = Gnuplot()) {
        self.gnuplot = gnuplot
    }

    /// Terminals the installed gnuplot supports, asked once and then cached.
    public func terminals() throws -> Set<String> {
        lock.lock()
        defer { lock.unlock() }
        if let t = cachedTerminals { return t }
        let t = try gnuplot.terminals()
        cachedTerminals = t
        return t
    }

    /// A number unique within this plotter, for temp file names.
    private func nextSerial() -> Int {
        lock.lock()
        defer { lock.unlock() }
        serial += 1
        return serial
    }

    /// Draws `plot` to `output`; returns the written path and/or the text art.
    @discardableResult
    public func render(_ plot: some PlotKind, to output: PlotOutput) throws -> PlotResult {
        let terminalLine = try self.terminalLine(for: output, plot: plot) + plot.terminalOptions(for: output.terminal)
        switch output.terminal {
        case .window:
            var script = PlotScript()
            script.line(terminalLine)
            try plot.build(into: &script, terminal: .window)
            let out = try gnuplot.run(script, arguments: ["-persist"])
            return PlotResult(path: nil, text: nil, warnings: out.stderr)
        case .png, .svg, .dumb, .sixel:
            return try renderToFile(plot, output: output, terminalLine: terminalLine)
        }
    }

    /// The full script `render` would run, writing to `file` (for inspection and tests; no gnuplot needed).
    public static func script(for plot: some PlotKind, output: PlotOutput, file: String? = nil,
                              terminalLine: String? = nil) throws -> PlotScript {
        var script = PlotScript()
        script.line(terminalLine ?? defaultTerminalLine(output.terminal, output.size ?? plot.preferredSize(for: output.terminal))
                    + plot.terminalOptions(for: output.terminal))
        if let file = file ?? output.path { script.line("set output \(PlotScript.quote(file))") }
        try plot.build(into: &script, terminal: output.terminal)
        if output.terminal != .window { script.line("set output") }
        return script
    }

    /// `set terminal ...` for a terminal when nothing about the installation is known (pngcairo, qt).
    static func defaultTerminalLine(_ terminal: PlotTerminal, _ size: PlotSize, driver: String? = nil) -> String {
        let dims = "size \(size.width),\(size.height)"
        switch terminal {
        case .png:
            let d = driver ?? "pngcairo"
            return d == "pngcairo" ? "set terminal pngcairo \(dims) noenhanced font 'Sans,10'"
                                   : "set terminal png \(dims) noenhanced"
        case .svg: return "set terminal svg \(dims) noenhanced font 'Sans,10' background rgb 'white'"
        case .dumb: return "set terminal dumb \(dims) noenhanced"
        case .window: return "set terminal \(driver ?? "qt") \(dims) noenhanced persist"
        case .sixel: return "set terminal sixelgd \(dims) truecolor noenhanced font 'Sans,10'"
        }
    }

    /// The terminal line for this installation, or a clear error when the terminal is unavailable.
    private func terminalLine(for output: PlotOutput, plot: some PlotKind) throws -> String {
        let size = output.size ?? plot.preferredSize(for: output.terminal)
        guard size.width > 0, size.height > 0 else {
            throw PlotError.invalidInput("plot size must be positive, got \(size.width)x\(size.height)")
        }
        try output.size?.validate(for: output.terminal)
        switch output.terminal {
        case .png:
            let t = try terminals()
            guard let d = ["pngcairo", "png"].first(where: t.contains) else {
                throw PlotError.unsupportedOutput("this gnuplot has neither the pngcairo nor the png terminal")
            }
            return Plotter.defaultTerminalLine(.png, size, driver: d)
        case .window:
            let t = try terminals()
            guard let d = ["qt", "wxt", "x11"].first(where: t.contains) else {
                throw PlotError.unsupportedOutput("this gnuplot has no window terminal (qt, wxt or x11); "
                    + "install gnuplot-qt or write the plot to a .png, .svg or .txt file")
            }
            guard let display = ProcessInfo.processInfo.environment["DISPLAY"], !display.isEmpty else {
                throw PlotError.unsupportedOutput("DISPLAY is not set, so no window can be opened; "
                    + "write the plot to a .png, .svg or .txt file instead")
            }
            return Plotter.defaultTerminalLine(.window, size, driver: d)
        case .sixel:
            guard try terminals().contains("sixelgd") else {
                throw PlotError.unsupportedOutput("this gnuplot has no sixelgd terminal; set terminal png and open the files")
            }
            return Plotter.defaultTerminalLine(.sixel, size)
        case .svg, .dumb:
            return Plotter.defaultTerminalLine(output.terminal, size)
        }
    }

    /// Runs gnuplot into a file in a private temporary folder, checks that gnuplot succeeded and that the
    /// output is complete (a PNG's IEND chunk, an SVG's closing tag, non-empty text), then writes it over
    /// the destination through `AtomicFile`: a failed or cut-short plot never replaces a good file.
    private func renderToFile(_ plot: some PlotKind, output: PlotOutput, terminalLine: String) throws -> PlotResult {
        let tempDir = try TempDirectory(prefix: "latent-plot")
        defer { tempDir.remove() }
        let tmp = tempDir.path + "/plot-\(nextSerial())." + output.terminal.rawValue
        let script = try Plotter.script(for: plot, output: output, file: tmp, terminalLine: terminalLine)
        let run = try gnuplot.run(script)
        let shown = output.path ?? "its text output"
        var bytes: [UInt8]
        do { bytes = try ReadableFile.read(tmp) } catch let e as FileError where e.kind == .missing {
            throw PlotError.io("gnuplot finished without writing \(shown)")
        } catch {
            throw PlotError.io("gnuplot's output for \(shown) cannot be read: \(FileError.describe(error))")
        }
        if let missing = Plotter.incompleteness(of: bytes, terminal: output.terminal) {
            throw PlotError.io("gnuplot's output for \(shown) is incomplete (\(missing)); is the disk full? "
                               + (output.path == nil ? "" : "the existing file was left as it was"))
        }
        var text: String? = nil
        if output.terminal == .sixel { text = String(decoding: bytes, as: UTF8.self) }
        if output.terminal == .dumb {
            let cleaned = Plotter.tidyText(String(decoding: bytes, as: UTF8.self))
            text = cleaned
            bytes = Array(cleaned.utf8)
        }
        if let path = output.path {
            do { try AtomicFile.write(bytes, to: path, createFolder: true) } catch {
                throw PlotError.io("cannot write \(path): \(FileError.describe(error)); the existing file was left as it was")
            }
        }
        return PlotResult(path: output.path, text: text, warnings: run.stderr)
    }

    /// Why `bytes` are not a complete plot for `terminal` (nil when they are): a PNG must end with its
    /// IEND chunk, an SVG with `</svg>`, text must not be empty.
    static func incompleteness(of bytes: [UInt8], terminal: PlotTerminal) -> String? {
        switch terminal {
        case .png:
            let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            guard bytes.starts(with: signature) else { return "no PNG signature" }
            return bytes.count >= 20 && Array(bytes.suffix(12)) == iend ? nil : "the PNG has no IEND chunk"
        case .svg:
            let tail = String(decoding: bytes.suffix(64), as: UTF8.self)
            return tail.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</svg>") ? nil : "the SVG has no closing </svg> tag"
        case .sixel:   // DCS ... q <data> ST
            return bytes.starts(with: [0x1B, 0x50]) && bytes.suffix(2) == [0x1B, 0x5C] ? nil : "the sixel data has no end"
        case .dumb, .window:
            return bytes.contains { $0 != 32 && $0 != 10 && $0 != 12 && $0 != 13 } ? nil : "the text is empty"
        }
    }

    /// Dumb output without form feeds, trailing spaces or leading/trailing blank lines.
    static func tidyText(_ raw: String) -> String {
        var lines = raw.replacingOccurrences(of: "\u{0C}", with: "").split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> Substring in
                var l = line[...]
                while l.last == " " || l.last == "\r" { l = l.dropLast() }
                return l
            }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
