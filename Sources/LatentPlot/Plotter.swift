import Foundation

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
        let terminalLine = try self.terminalLine(for: output, plot: plot)
        switch output.terminal {
        case .window:
            var script = PlotScript()
            script.line(terminalLine)
            try plot.build(into: &script, terminal: .window)
            let out = try gnuplot.run(script, arguments: ["-persist"])
            return PlotResult(path: nil, text: nil, warnings: out.stderr)
        case .png, .svg, .dumb:
            return try renderToFile(plot, output: output, terminalLine: terminalLine)
        }
    }

    /// The full script `render` would run, writing to `file` (for inspection and tests; no gnuplot needed).
    public static func script(for plot: some PlotKind, output: PlotOutput, file: String? = nil,
                              terminalLine: String? = nil) throws -> PlotScript {
        var script = PlotScript()
        script.line(terminalLine ?? defaultTerminalLine(output.terminal, output.size ?? plot.preferredSize(for: output.terminal)))
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
        }
    }

    /// The terminal line for this installation, or a clear error when the terminal is unavailable.
    private func terminalLine(for output: PlotOutput, plot: some PlotKind) throws -> String {
        let size = output.size ?? plot.preferredSize(for: output.terminal)
        guard size.width > 0, size.height > 0 else {
            throw PlotError.invalidInput("plot size must be positive, got \(size.width)x\(size.height)")
        }
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
        case .svg, .dumb:
            return Plotter.defaultTerminalLine(output.terminal, size)
        }
    }

    /// Runs gnuplot into a temp file next to the destination, then renames it into place.
    private func renderToFile(_ plot: some PlotKind, output: PlotOutput, terminalLine: String) throws -> PlotResult {
        let fm = FileManager.default
        var tempDir: TempDirectory? = nil
        defer { tempDir?.remove() }
        let tmp: String
        if let path = output.path {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty {
                do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                    throw PlotError.io("cannot create the folder \(dir) for \(path): \(error.localizedDescription)")
                }
            }
            let name = (path as NSString).lastPathComponent
            tmp = (dir.isEmpty ? "" : dir + "/") + ".\(name).\(getpid()).\(UInt(bitPattern: ObjectIdentifier(self).hashValue)).\(nextSerial()).tmp"
        } else {
            tempDir = try TempDirectory(prefix: "latent-plot")
            tmp = tempDir!.path + "/plot.txt"
        }
        defer { if fm.fileExists(atPath: tmp) { try? fm.removeItem(atPath: tmp) } }

        let script = try Plotter.script(for: plot, output: output, file: tmp, terminalLine: terminalLine)
        let run = try gnuplot.run(script)
        guard let attrs = try? fm.attributesOfItem(atPath: tmp), (attrs[.size] as? Int ?? 0) > 0 else {
            throw PlotError.io("gnuplot finished without writing \(output.path ?? "its text output")")
        }
        var text: String? = nil
        if output.terminal == .dumb {
            guard let raw = fm.contents(atPath: tmp) else { throw PlotError.io("cannot read the text plot") }
            let cleaned = Plotter.tidyText(String(decoding: raw, as: UTF8.self))
            text = cleaned
            if output.path != nil {
                guard fm.createFile(atPath: tmp, contents: Data(cleaned.utf8)) else {
                    throw PlotError.io("cannot write \(tmp)")
                }
            }
        }
        if let path = output.path, rename(tmp, path) != 0 {
            throw PlotError.io("cannot move the finished plot to \(path): \(String(cString: strerror(errno)))")
        }
        return PlotResult(path: output.path, text: text, warnings: run.stderr)
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
