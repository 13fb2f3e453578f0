/// Every command the language knows; help, validation and completion all read from here.
///
/// Domain code adds commands in an extension, one function per area:
///
///     private enum Train {
///         static let model = Positional<ModelObject>("model", "the model")
///         static let epochs = Option<Int>("epochs", default: 10, "passes over the data")
///     }
///
///     extension CommandRegistry {
///         func registerTraining() {
///             register(Command("train", group: "Models", summary: "Trains a model.",
///                              positionals: [Train.model], options: [Train.epochs],
///                              examples: ["train m d epochs=2"]) { args, session in
///                 let epochs = try args[Train.epochs]
///                 ...
///                 return .none
///             })
///         }
///     }
public final class CommandRegistry {
    private var table: [String: Command] = [:]
    /// Words that lead `help WORD` to commands whose help does not contain them ("transform" -> embed).
    private(set) var searchTerms: [String: [String]] = [:]
    /// Lines `help` prints first, above the language summary: the domain's first steps (empty: none).
    public var introduction: [String] = []

    /// An empty registry (see `standard()` for one with the built-in commands).
    public init() {}

    /// A registry holding the built-in session commands (help, set, print, vars, source, record, ...).
    public static func standard() -> CommandRegistry {
        let registry = CommandRegistry()
        registry.registerBuiltins()
        return registry
    }

    /// A registry holding the same commands (the static checker adds a script's defs to a copy).
    public func copy() -> CommandRegistry {
        let other = CommandRegistry()
        other.table = table
        other.searchTerms = searchTerms
        other.introduction = introduction
        return other
    }

    /// Adds `command`, replacing any command of the same name.
    public func register(_ command: Command) {
        table[command.name] = command
    }

    /// Makes `help WORD` list these commands (for words their help does not use, like "transform").
    public func addSearchTerms(_ terms: KeyValuePairs<String, [String]>) {
        for (word, names) in terms { searchTerms[word.lowercased(), default: []] += names }
    }

    /// Removes the command called `name`.
    public func unregister(_ name: String) {
        table[name] = nil
    }

    /// The command called `name` ("train", "save history").
    public func command(named name: String) -> Command? { table[name] }

    /// All commands, sorted by name.
    public var commands: [Command] { table.values.sorted { $0.name < $1.name } }

    /// The distinct first words of all command names, sorted (what a statement may start with).
    public var heads: [String] {
        Array(Set(table.keys.map { String($0.split(separator: " ")[0]) })).sorted()
    }

    /// True when some command starts with the word `head`.
    public func isHead(_ head: String) -> Bool {
        table[head] != nil || table.keys.contains { $0.hasPrefix(head + " ") }
    }

    /// The second words of the subcommands of `head` ("history" for "save history"), sorted.
    public func subcommands(of head: String) -> [String] {
        table.keys.compactMap { name -> String? in
            let words = name.split(separator: " ")
            return words.count == 2 && words[0] == head ? String(words[1]) : nil
        }.sorted()
    }
}
