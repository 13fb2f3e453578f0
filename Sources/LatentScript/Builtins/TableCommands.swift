extension CommandRegistry {
    /// Registers `table` and `append`.
    func registerTableCommands() {
        register(Command("table", group: "Values", returns: .object(ResultTable.self), summary: "Makes an empty table of results.",
                         details: "append t name=value ... adds a row; print t shows it aligned; t.name is a column, t[i] a row, len t the rows.",
                         examples: ["t = table"]) { _, _ in
            .object(ResultTable())
        })
        register(Command("append", group: "Values", summary: "Adds a row to a table: append t lr=0.1 accuracy=r.accuracy, or append t r.",
                         details: "A positional value that is a report (from eval, or any object) adds all its numeric members. "
                            + "Cells are numbers, strings, true/false or none.",
                         positionals: [Append.table, Append.report],
                         anyOption: true,
                         examples: ["append t lr=lr accuracy=r.accuracy", "append t r"]) { args, _ in
            let table = try args[Append.table]
            var cells: [(name: String, value: Value)] = []
            if case .object(let o) = args.value(Append.report) {
                for name in o.memberNames { if let v = o.member(name), v.number != nil { cells.append((name, v)) } }
            } else if args.has(Append.report) {
                throw args.invalid(Append.report, "must be an object with numeric members (a report from eval), got \(args.value(Append.report).kindDescription); write name=value for one cell")
            }
            for (name, value) in args.extra {
                switch value {
                case .number, .string, .bool, .none: break
                default:
                    throw CommandError("option '\(name)' of 'append': a table cell is a number, a string, true/false or none, got \(value.kindDescription)",
                                       argument: name)
                }
                cells.removeAll { $0.name == name }
                cells.append((name, value))
            }
            guard !cells.isEmpty else { throw args.invalid(Append.table, "gets no cells: write append t name=value ...") }
            table.append(cells)
            return .none
        })
    }
}

/// The parameters of `append`.
private enum Append {
    static let table = Positional<ResultTable>("table", "the table")
    static let report = Positional<Value?>("report", "an object whose numeric members become cells")
}
