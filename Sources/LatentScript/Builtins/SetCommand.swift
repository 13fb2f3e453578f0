extension CommandRegistry {
    /// (Re)registers `set` with one option per setting: `set seed 7`, `set seed=7 threads=2`, or `set` to list.
    func registerSetCommand(settings: [Setting]) {
        let names = settings.map(\.name)
        let options = settings.map { Parameter($0.name, $0.type, default: $0.defaultValue, $0.help) }
        // words a setting takes bare (set terminal dumb); any other word names a variable
        let words = Array(Set(settings.flatMap { $0.type.words.filter { $0 != "true" && $0 != "false" } })).sorted()
        let settingName = Positional<String?>("name", .choice(names), "the setting to change")
        let settingValue = Positional<Value?>("value", words.isEmpty ? .any : .oneOf([.choice(words), .any]), "its new value")
        register(Command("set", group: "Session", summary: "Changes session settings (seed, threads, ...); alone, lists them.",
                         details: "Write 'set NAME VALUE' or 'set name=value ...'. Setting seed reseeds the session's random generator.",
                         positionals: [settingName, settingValue],
                         options: options,
                         examples: ["set seed 7", "set terminal dumb", "set timings false", "set"]) { args, session in
            if args.isGiven(settingName) {
                guard let name = try args[settingName] else { return .none }
                guard args.isGiven(settingValue) else { throw args.invalid(settingValue, "is missing: write set \(name) VALUE") }
                do { try session.changeSetting(name, to: args.value(settingValue)) } catch let failure as CommandError {
                    throw CommandError(failure.message, about: settingValue)
                }
            } else if args.isGiven(settingValue) {
                throw args.invalid(settingValue, "needs a setting name before it")
            }
            var changedAny = args.isGiven(settingName)
            for name in names where args.isGiven(name) {
                changedAny = true
                do { try session.changeSetting(name, to: args[name]) } catch let failure as CommandError {
                    throw CommandError(failure.message, argument: name)
                }
            }
            if !changedAny {
                let rows = session.settingDefinitions.map { s in
                    [s.name, session.setting(s.name).sourceForm ?? session.setting(s.name).description, s.help]
                }
                for line in Table.format(rows) { session.print(line) }
            }
            return .none
        })
    }
}

