/// An error located at a span of the current source (turned into a `Diagnostic` by the interpreter).
struct LocatedError: Error {
    var message: String
    var span: SourceSpan
}

/// A call matched to its command, with validated arguments and where each argument was written.
struct BoundCall {
    var command: Command
    var arguments: Arguments
    var spans: [String: SourceSpan]
}

extension CommandRegistry {
    /// Finds the command a call names, consuming a subcommand word (`save history ...`).
    func resolve(_ call: Call) throws -> (Command, [Argument]) {
        let subs = subcommands(of: call.head)
        if !subs.isEmpty {
            if case .positional(.word(let word, let span))? = call.arguments.first {
                if let command = command(named: "\(call.head) \(word)") {
                    return (command, Array(call.arguments.dropFirst()))
                }
                if command(named: call.head) == nil {
                    throw LocatedError(message: "unknown subcommand '\(word)' for '\(call.head)'"
                        + (Suggestion.nearest(to: word, in: subs).map { "; did you mean '\($0)'?" }
                           ?? " (choose from \(subs.joined(separator: ", ")))"), span: span)
                }
            } else if command(named: call.head) == nil {
                throw LocatedError(message: "'\(call.head)' needs a subcommand: \(subs.joined(separator: ", "))",
                                   span: call.headSpan)
            }
        }
        guard let command = command(named: call.head) else {
            throw LocatedError(message: "unknown command '\(call.head)'" + Suggestion.didYouMean(call.head, in: heads),
                               span: call.headSpan)
        }
        return (command, call.arguments)
    }

    /// Matches a call's arguments to its command's parameters and checks their types.
    ///
    /// `evaluate` returns an argument's value, or nil when it cannot be known yet (the static check
    /// before a script runs evaluates only literals); unknown values skip the type check.
    func bind(_ call: Call, evaluate: (Expr, ValueType) throws -> Value?) throws -> BoundCall {
        let (command, rawArguments) = try resolve(call)
        let subject = { (p: Parameter, isOption: Bool) in
            "\(isOption ? "option" : "argument") '\(p.name)' of '\(command.name)'"
        }
        var values: [String: Value] = [:]
        var spans: [String: SourceSpan] = [:]
        var given = Set<String>()
        var written: [String: [String?]] = [:]
        var positionals: [Expr] = []
        /// `none` stands for "not given" where a parameter is optional.
        func mismatch(_ parameter: Parameter, _ value: Value) -> String? {
            value.isNone && !parameter.isRequired ? nil : parameter.type.mismatch(value)
        }

        var extra: [(name: String, value: Value)] = []
        func setOption(_ name: String, _ nameSpan: SourceSpan, _ expr: Expr) throws {
            if command.option(name) == nil && command.acceptsAnyOption {
                guard !extra.contains(where: { $0.name == name }) else {
                    throw LocatedError(message: "option '\(name)' of '\(command.name)' is given twice", span: nameSpan)
                }
                spans[name] = nameSpan.union(expr.span)
                extra.append((name, try evaluate(expr, .any) ?? Value.none))
                return
            }
            guard let option = command.option(name) else {
                let names = command.options.map(\.name)
                let hint = Suggestion.nearest(to: name, in: names).map { "; did you mean '\($0)'?" }
                    ?? (names.isEmpty ? " ('\(command.name)' takes no options)" : " (options: \(names.joined(separator: ", ")))")
                throw LocatedError(message: "unknown option '\(name)' for '\(command.name)'" + hint, span: nameSpan)
            }
            guard !given.contains(name) else {
                throw LocatedError(message: "option '\(name)' of '\(command.name)' is given twice", span: nameSpan)
            }
            given.insert(name)
            spans[name] = nameSpan.union(expr.span)
            written[name] = [expr.writtenName]
            if let value = try evaluate(expr, option.type) {
                if let problem = mismatch(option, value) {
                    throw LocatedError(message: "\(subject(option, true)) \(problem)", span: expr.span)
                }
                values[name] = value
            }
        }

        var index = 0
        while index < rawArguments.count {
            switch rawArguments[index] {
            case .option(let name, let nameSpan, let expr):
                try setOption(name, nameSpan, expr)
            case .positional(.word(let word, let span)) where command.option(word)?.isKeyword == true:
                guard index + 1 < rawArguments.count, case .positional(let expr) = rawArguments[index + 1] else {
                    throw LocatedError(message: "'\(word)' of '\(command.name)' needs a value after it", span: span)
                }
                try setOption(word, span, expr)
                index += 1
            case .positional(let expr):
                positionals.append(expr)
            }
            index += 1
        }

        var next = 0
        for parameter in command.positionals {
            if parameter.isVariadic {
                var items: [Value] = []
                var known = true
                for expr in positionals[next...] {
                    guard let value = try evaluate(expr, parameter.type) else { known = false; continue }
                    if let problem = mismatch(parameter, value) {
                        throw LocatedError(message: "\(subject(parameter, false)) \(problem)", span: expr.span)
                    }
                    items.append(value)
                }
                if parameter.isRequired && positionals.count == next {
                    throw LocatedError(message: "'\(command.name)' needs at least one \(parameter.name.uppercased()) (\(parameter.type.phrase)); usage: \(command.usage)",
                                       span: call.span)
                }
                if let first = positionals[next...].first { spans[parameter.name] = first.span.union(positionals.last!.span) }
                written[parameter.name] = positionals[next...].map(\.writtenName)
                if known { values[parameter.name] = .list(items) }
                if next < positionals.count { given.insert(parameter.name) }
                next = positionals.count
                continue
            }
            guard next < positionals.count else {
                if parameter.isRequired {
                    throw LocatedError(message: "'\(command.name)' needs \(parameter.name.uppercased()) (\(parameter.type.phrase)); usage: \(command.usage)",
                                       span: call.span)
                }
                continue
            }
            let expr = positionals[next]
            next += 1
            given.insert(parameter.name)
            spans[parameter.name] = expr.span
            written[parameter.name] = [expr.writtenName]
            if let value = try evaluate(expr, parameter.type) {
                if let problem = mismatch(parameter, value) {
                    throw LocatedError(message: "\(subject(parameter, false)) \(problem)", span: expr.span)
                }
                values[parameter.name] = value
            }
        }
        if next < positionals.count {
            let extra = positionals[next]
            let count = command.positionals.count
            let takes = count == 0 ? "takes no arguments" : "takes at most \(count) argument\(count == 1 ? "" : "s")"
            throw LocatedError(message: "'\(command.name)' \(takes), got \(positionals.count); usage: \(command.usage)",
                               span: extra.span)
        }
        for option in command.options where !given.contains(option.name) {
            if option.isRequired {
                throw LocatedError(message: "'\(command.name)' needs option \(option.name)=\(option.type.placeholder); usage: \(command.usage)",
                                   span: call.span)
            }
        }
        for parameter in command.positionals + command.options where values[parameter.name] == nil && !given.contains(parameter.name) {
            values[parameter.name] = parameter.defaultValue ?? Value.none
        }
        return BoundCall(command: command, arguments: Arguments(command: command, values: values, given: given, extra: extra,
                                                                   written: written),
                         spans: spans)
    }
}

extension Expr {
    /// The expression as a name when it is one: `m`, `runs.best`, `(m)`; nil for literals and other expressions.
    var writtenName: String? {
        switch self {
        case .word(let name, _): return name
        case .member(let base, let name, _): return base.writtenName.map { "\($0).\(name)" }
        case .grouped(let inner, _): return inner.writtenName
        case .index(_, .literal(.string(let column), _), _): return column      // d["alcohol"]: the column's name
        case .call(let c) where c.arguments.isEmpty: return c.head
        default: return nil
        }
    }
}
