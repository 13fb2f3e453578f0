extension CommandRegistry {
    /// Registers `help` and `help COMMAND`.
    func registerHelp() {
        register(Command("help", group: "Session", summary: "Lists commands, or explains one (help train, help save history).",
                         positionals: [Help.command],
                         history: false,
                         examples: ["help train", "help save history"]) { args, session in
            let words = try args[Help.command].compactMap(\.string)
            let lines = words.isEmpty ? session.registry.overview()
                : try session.registry.help(for: words, args: args, settings: session.settingDefinitions)
            for line in lines { session.print(line) }
            return .none
        })
    }

    /// The `help` listing: a language summary, then commands by group ("Session" last).
    func overview() -> [String] {
        var lines = introduction + (introduction.isEmpty ? [] : [""]) + [
            "Statements: [name =] command arguments key=value ...   (one per line; # starts a comment)",
            "            name = expression      assert condition \"message\"",
            "Blocks:     for x in [1, 2, 3] { ... }    repeat 3 { ... }    if c { ... } else if c { ... } else { ... }",
            "            def name data epochs=50 { ... return value }   (a new command; help name shows it)",
            "            at the prompt a block is one entry: Up-arrow recalls it whole; Ctrl-C or Ctrl-D cancels an open one",
            "Values:     numbers 1e-3, strings \"a\\n\", true, false, none, lists [1, 2], members d.labels, (command ...)",
            "            xs[0] xs[-1], + - * / % ** (+ joins strings and lists), < <= > >= == !=, and or not,",
            "            \"lr {lr} acc {a:.3f}\" (formats .3f .0e 5d >8 .1%; {{ is a brace); option values take (expressions)",
        ]
        let groups = Dictionary(grouping: commands, by: \.group)
        let order = groups.keys.sorted { ($0 == "Session" ? 1 : 0, $0) < ($1 == "Session" ? 1 : 0, $1) }
        for group in order {
            lines.append("")
            lines.append("\(group):")
            lines += Table.format(groups[group]!.map { [$0.name, $0.summary] }, indent: "  ")
        }
        lines.append("")
        lines.append("Type 'help COMMAND' for a command's arguments and options.")
        return lines
    }

    /// The help page of the command named by `words`, or the subcommand list of a command group.
    func help(for words: [String], args: Arguments, settings: [Setting] = []) throws -> [String] {
        let name = words.joined(separator: " ")
        if words.count == 2, words[0] == "set", let setting = settings.first(where: { $0.name == words[1] }) {
            return settingPage(setting)
        }
        if let command = command(named: name) {
            var lines = page(command)
            let subs = subcommands(of: name)
            if !subs.isEmpty { lines += ["", "Subcommands: " + subs.map { "\(name) \($0)" }.joined(separator: ", ")] }
            return lines
        }
        let subs = subcommands(of: name)
        if !subs.isEmpty {
            return ["\(name) has subcommands:"]
                + Table.format(subs.compactMap { command(named: "\(name) \($0)") }.map { [$0.name, $0.summary] }, indent: "  ")
        }
        let found = search(name)
        if !found.isEmpty {
            return ["'\(name)' is not a command; these commands are about it:"]
                + Table.format(found.map { [$0.name, $0.summary] }, indent: "  ")
                + ["", "Type 'help COMMAND' for one of them."]
        }
        let candidates = commands.map(\.name) + heads
        throw args.invalid(Help.command, "names no command: '\(name)'" + Suggestion.didYouMean(name, in: candidates))
    }

    /// The commands a word that names none leads to: those given for it by `addSearchTerms`, then those
    /// whose name or help text (summary, details, parameters) has a word starting with it, ignoring case.
    /// Words shorter than 4 letters are only looked up in the terms (a typo like 'ad' gets "did you mean").
    /// US and UK spellings are the same word (color and colour, neighbor and neighbour, normalize and normalise).
    func search(_ word: String) -> [Command] {
        let needles = Self.spellings(of: word.lowercased())
        var named: [Command] = []
        for needle in needles {
            for command in (searchTerms[needle] ?? []).compactMap({ command(named: $0) }) where !named.contains(where: { $0.name == command.name }) {
                named.append(command)
            }
        }
        guard word.count >= 4 else { return named }
        let mentioned = commands.filter { command in
            let text = ([command.name, command.summary, command.details] + (command.positionals + command.options).map(\.help))
                .joined(separator: " ").lowercased()
            let words = text.split { !$0.isLetter && !$0.isNumber && $0 != "_" }
            return words.contains { w in needles.contains { w.hasPrefix($0) } } && !named.contains { $0.name == command.name }
        }
        return named + mentioned
    }

    /// `word` and its other spellings: US and UK (color/colour, neighbor/neighbour, center/centre,
    /// -ize/-ise, -yze/-yse) and without hyphens (t-sne, tsne).
    static func spellings(of word: String) -> [String] {
        var out = [word]
        func add(_ w: String) { if !out.contains(w) { out.append(w) } }
        for (us, uk) in [("color", "colour"), ("neighbor", "neighbour"), ("center", "centre"), ("ize", "ise"), ("yze", "yse"), ("gray", "grey")] {
            if word.contains(us) { add(word.replacingOccurrences(of: us, with: uk)) }
            if word.contains(uk) { add(word.replacingOccurrences(of: uk, with: us)) }
        }
        if word.contains("-") { add(word.replacingOccurrences(of: "-", with: "")) }
        return out
    }

    /// `help set NAME`: what the setting does, its values and its default.
    func settingPage(_ setting: Setting) -> [String] {
        ["usage: set \(setting.name) \(setting.type.placeholder)   (or set \(setting.name)=\(setting.type.placeholder))", "",
         setting.help, "",
         "Value: \(setting.type.phrase) (default: \(setting.defaultValue.text)); 'set' alone lists every setting."]
    }

    /// `usage: ...`, the summary and details, then every argument and option with type, default and description.
    func page(_ command: Command) -> [String] {
        var lines = ["usage: \(command.usage)", "", command.summary]
        if !command.details.isEmpty { lines += ["", command.details] }
        if !command.positionals.isEmpty {
            lines += ["", "Arguments:"]
            lines += Table.format(command.positionals.map { p in
                [p.name.uppercased() + (p.isVariadic ? "..." : ""), p.type.phrase, describe(p, required: p.isRequired)]
            }, indent: "  ")
        }
        if !command.options.isEmpty {
            lines += ["", "Options:"]
            lines += Table.format(command.options.map { o in
                ["\(o.name)=\(o.type.placeholder)", o.type.phrase, describe(o, required: o.isRequired)
                    + (o.isKeyword ? " (may be written: \(o.name) VALUE)" : "")]
            }, indent: "  ")
        }
        if !command.examples.isEmpty { lines += ["", "Examples:"] + command.examples.map { "  " + $0 } }
        return lines
    }

    private func describe(_ p: Parameter, required: Bool) -> String {
        if required { return "\(p.help) (required)" }
        if let value = p.defaultValue, !value.isNone { return "\(p.help) (default: \(value.sourceForm ?? value.description))" }
        return p.help
    }
}

/// The parameters of `help`.
private enum Help {
    static let command = Variadic<Value>("command", .name, "the command to explain")
}
