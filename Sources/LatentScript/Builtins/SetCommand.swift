extension CommandRegistry {
    /// (Re)registers `set` with one option per setting: `set seed 7`, `set seed=7 threads=2`, or `set` to list.
    func registerSetCommand(settings: [Setting]) {
        let names = settings.map(\.name)
        let options = settings.map { Parameter($0.name, $0.type, default: $0.defaultValue, $0.help) }
        // words a setting takes bare (set terminal dumb); any other word names a variable
        let words = Array(Set(settings.flatMap { $0.type.words.filter { $0 != "true" && $0 != "false" } })).sorted()
        register(Command("set", group: "Session", summary: "Changes session settings (seed, threads, ...); alone, lists them.",
                         details: "Write 'set NAME VALUE' or 'set name=value ...'. Setting seed reseeds the session's random generator.",
                         positionals: [Parameter("name", .choice(names), required: false, "the setting to change"),
                                       Parameter("value", words.isEmpty ? .any : .oneOf([.choice(words), .any]), required: false, "its new value")],
                         options: options) { args, session in
            if args.isGiven("name") {
                let name = try args.string("name")
                guard args.isGiven("value") else { throw args.invalid("value", "is missing: write set \(name) VALUE") }
                do { try session.changeSetting(name, to: args["value"]) } catch let failure as CommandError {
                    throw CommandError(failure.message, argument: "value")
                }
            } else if args.isGiven("value") {
                throw args.invalid("value", "needs a setting name before it")
            }
            var changedAny = args.isGiven("name")
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
