import Foundation
import LatentFiles

/// The state of one interpreter session: variables, settings, output, the interrupt flag and the history
/// of successful statements. What the commands keep per session beyond that (latent's random generator,
/// communicator and plotter) lives in their `context`, so the language needs no numeric library.
public final class Session {
    /// The commands this session understands.
    public let registry: CommandRegistry
    /// Where output goes; tests install a `CapturedOutput`.
    public var output: any OutputSink
    /// Raised by Ctrl-C; long commands poll it (`try session.interrupt.check()`).
    public let interrupt: InterruptFlag
    /// The global scope; loops and user commands chain their scopes to it.
    public let globals = Environment(kind: .global)
    /// Global variables by name.
    public var variables: [String: Value] {
        get { globals.values }
        _modify { yield &globals.values }
        set { globals.values = newValue }
    }
    /// The commands layer's state for this session (latent's: `LatentContext`); told when the seed changes.
    public var context: (any SessionContext)? {
        didSet { context?.reseed(seed) }
    }
    /// The folder relative paths are resolved against (the process's working directory by default).
    public var baseDirectory: String
    /// Source text of each successful top-level statement, in order (what `save history` writes).
    public private(set) var history: [String] = []
    /// This process's place among the ranks when latent runs data-parallel under mpirun (more than one
    /// rank); nil otherwise. Each rank holds a shard of every loaded dataset, and rank 0 alone prints,
    /// plots and saves (commands declared `.rootOnly` run there only).
    public var ranks: Ranks?
    /// Called with the path of each plot written (after `notePlot`); the recorder is one observer.
    public var plotObservers: [(String) -> Void] = []
    /// True in a notebook (the Jupyter kernel): an interrupt ends the running cell as an error, plots
    /// without `to` are PNG files shown inline (also under `set terminal sixel`), each under a name of its own.
    public var isNotebook = false
    /// Inline plots written so far (numbers their files in a notebook).
    var inlinePlots = 0
    /// The largest sixel image the terminal shows, in pixels, as it answered at start-up; nil when it did
    /// not say (inline plots then keep within `defaultSixelLimit`).
    public var sixelLimit: (width: Int, height: Int)?
    /// The limit assumed when the terminal does not tell: xterm's default largest sixel image.
    public static let defaultSixelLimit = (width: 1000, height: 1000)
    /// Called with the address of each page a command serves (`show`); the Jupyter driver shows it inline.
    public var pageObservers: [(String) -> Void] = []
    /// Held while a statement runs (`run` takes it): other threads that read or change the session (the map
    /// viewer's server) take it too, so they never see a statement half-done.
    public let access = NSRecursiveLock()
    /// The thread running this session's statements while `run` holds `access` for its caller (a top-level
    /// program runs on a thread of its own with a large stack); code called from a statement is inside the
    /// lock already (`holdsAccess`).
    public internal(set) var statementThread: Thread?
    /// True on the thread that holds `access` or runs statements on behalf of the thread that does.
    public var holdsAccess: Bool { statementThread.map { $0 == Thread.current } ?? false }

    /// Setting definitions in declaration order.
    public private(set) var settingDefinitions: [Setting] = []
    private var settingValues: [String: Value] = [:]
    /// Settings as they were when the session started (the header of saved histories).
    private(set) var initialSettings: [String: Value] = [:]
    var recorder: Recorder?
    /// How the running statement's history entry must change (see `amendHistory`).
    var historyAmendment: HistoryAmendment?
    var sourceDepth = 0
    /// User commands running inside each other (bounded, so runaway recursion is an error).
    var userCallDepth = 0
    /// The stack room check of the thread running the current top-level program (nil: none running).
    var stackGuard: StackGuard?

    /// A session with the standard settings; the registry defaults to the built-in commands.
    public init(registry: CommandRegistry = .standard(), output: any OutputSink = StandardOutput(),
                interrupt: InterruptFlag = .shared, baseDirectory: String = FileManager.default.currentDirectoryPath) {
        self.registry = registry
        self.output = output
        self.interrupt = interrupt
        self.baseDirectory = baseDirectory
        for setting in Setting.standard { defineSetting(setting) }
    }

    // MARK: output

    /// Writes `text` and a newline to standard output (and to the transcript when recording).
    public func print(_ text: String) { write(text + "\n", to: .standard) }

    /// Writes `text` and a newline to the error channel.
    public func printError(_ text: String) { write(text + "\n", to: .error) }

    /// Prints rows as aligned columns (two spaces apart), with an optional header row.
    public func printTable(_ rows: [[String]], header: [String]? = nil) {
        for line in Table.format(rows, header: header, maxWidth: 40) { print(line) }
    }

    /// Writes raw text to a channel.
    public func write(_ text: String, to channel: OutputChannel) {
        output.write(text, to: channel)
        recorder?.capture(text)
    }

    /// Commands that serve a page (`show`) call this with its address.
    public func notePage(_ url: String) {
        for observer in pageObservers { observer(url) }
    }

    /// Commands that write a plot file call this so transcripts can link the image.
    public func notePlot(_ path: String) {
        recorder?.notePlot(resolvePath(path))
        for observer in plotObservers { observer(path) }
    }

    // MARK: files

    /// `path` made absolute against `baseDirectory` (`~` expands to the home folder).
    public func resolvePath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return (baseDirectory as NSString).appendingPathComponent(expanded)
    }

    /// `path` as messages show it: relative to `baseDirectory` when it lies inside it (`out/map.png`).
    public func shownPath(_ path: String) -> String {
        let base = baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Where a file named `written` is read from: `written` itself, or, when that does not exist and the
    /// name has no folder, the file of that name in the output folder (where `outputPath` wrote it).
    public func findPath(_ written: String) -> String {
        let path = resolvePath(written)
        guard !written.contains("/"), !FileManager.default.fileExists(atPath: path) else { return path }
        let inOutput = resolvePath((outputFolder as NSString).appendingPathComponent(written))
        return FileManager.default.fileExists(atPath: inOutput) ? inOutput : path
    }

    /// The file name of a plot drawn without `to` (`name` is its kind, `ext` the terminal's): `embedding.png`,
    /// or in a notebook `embedding-3.png`, so a notebook's plots never overwrite each other's files.
    public func inlinePlotName(_ name: String, ext: String) -> String {
        guard isNotebook else { return "\(name).\(ext)" }
        inlinePlots += 1
        return "\(name)-\(inlinePlots).\(ext)"
    }

    /// The terminal plots without `to` are drawn on: the `terminal` setting, except that a notebook
    /// shows sixel and window plots as inline PNG images.
    public var effectivePlotTerminal: String {
        isNotebook && ["sixel", "window"].contains(plotTerminal) ? "png" : plotTerminal
    }

    /// A path for a file a command writes: names without a folder go into the `out` setting's folder,
    /// which is created if needed. Every written file follows this rule (plots, export, save, save history, record).
    public func outputPath(_ name: String) throws -> String {
        let path = name.contains("/") ? resolvePath(name) : resolvePath((outputFolder as NSString).appendingPathComponent(name))
        let folder = (path as NSString).deletingLastPathComponent
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw FileError(.unwritable, path: path, "cannot be written: the folder '\(folder)' cannot be created: \(FileError.describe(error))")
        }
        return path
    }

    // MARK: settings

    /// Adds a setting (and its `set` option); its `didChange` runs once with the default.
    public func defineSetting(_ setting: Setting) {
        settingDefinitions.removeAll { $0.name == setting.name }
        settingDefinitions.append(setting)
        settingValues[setting.name] = setting.defaultValue
        initialSettings[setting.name] = setting.defaultValue
        try? setting.didChange?(setting.defaultValue, self)
        registry.registerSetCommand(settings: settingDefinitions)
    }

    /// The current value of setting `name` (`.none` if there is no such setting).
    public func setting(_ name: String) -> Value { settingValues[name] ?? Value.none }

    /// Changes a setting after checking its type and running its `didChange`; the old value stays on error.
    public func changeSetting(_ name: String, to value: Value) throws {
        guard let definition = settingDefinitions.first(where: { $0.name == name }) else {
            throw CommandError("unknown setting '\(name)'"
                + Suggestion.didYouMean(name, in: settingDefinitions.map(\.name)))
        }
        if let problem = definition.type.mismatch(value) {
            throw CommandError("setting '\(name)' \(problem)")
        }
        let old = settingValues[name]
        settingValues[name] = value
        do { try definition.didChange?(value, self) } catch {
            settingValues[name] = old
            throw error
        }
    }

    /// The seed the session's generator was last seeded with.
    public var seed: UInt64 { UInt64(setting("seed").int ?? 42) }
    /// The gnuplot terminal name for plots.
    public var plotTerminal: String { setting("terminal").string ?? "png" }
    /// The folder for output files.
    public var outputFolder: String { setting("out").string ?? "out" }

    /// Tells the context the seed changed (its generator starts again from `seed`).
    func reseed(_ seed: UInt64) { context?.reseed(seed) }

    // MARK: history

    /// Appends a successful top-level statement.
    func remember(_ statement: String) { history.append(statement) }

    /// Asks that the running statement be saved in the history with `option=value` (the train that was
    /// interrupted is saved with the epochs it ran); `note` becomes a comment after it.
    public func amendHistory(option: String, value: String, note: String? = nil) {
        historyAmendment = HistoryAmendment(option: option, value: value, note: note)
    }

    /// A runnable script reproducing the session: the starting settings, then the successful statements
    /// (only the last `last` of them when given).
    public func historyScript(last: Int? = nil) -> String {
        var lines = ["# latent session history (written by 'save history')"]
        for setting in settingDefinitions where setting.replayed {
            if let form = initialSettings[setting.name]?.sourceForm { lines.append("set \(setting.name) \(form)") }
        }
        if let last, last < history.count {
            lines.append("# the last \(last) of \(history.count) statements")
            lines.append(contentsOf: history.suffix(max(0, last)))
        } else {
            lines.append(contentsOf: history)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
