extension StaticChecker {
    /// Whether `name` may hold a variable here.
    func isKnown(_ name: String) -> Bool {
        !checksNames || globals[name] != nil || scopes.contains { $0[name] != nil }
    }

    func type(of name: String) -> StaticType? {
        for scope in scopes.reversed() { if let t = scope[name] { return t } }
        return globals[name]
    }

    var visibleNames: [String] { Array(globals.keys) + scopes.flatMap(\.keys) }

    /// `string "a"` for a literal, `Dataset 'd'` for anything else whose type is known.
    func describe(_ expr: Expr, _ type: StaticType) -> String {
        if case .literal(let l, _) = expr { return l.value.kindDescription }
        return "\(type.name) '\(source.slice(expr.span))'"
    }

    /// Checks an expression and returns what is known of its type.
    mutating func check(_ expr: Expr) -> StaticType {
        switch expr {
        case .literal(let l, _):
            return StaticType(l.value)
        case .word(let word, let span):
            if !isKnown(word) { report(unknownName(word), span) }
            return type(of: word) ?? .unknown
        case .list(let items, _):
            for item in items { _ = check(item) }
            return .list
        case .member(.word(let word, _), let name, let span) where !isKnown(word) && Self.fileExtensions.contains(name.lowercased()):
            report("put the path in quotes: \"\(word).\(name)\" (a name with a dot is read as a variable's member)", span)
            return .unknown
        case .member(let base, _, _):
            _ = check(base)
            return .unknown
        case .index(let base, let index, _):
            let b = check(base)
            let i = check(index)
            if [.number, .bool, .none].contains(b) {
                report("\(describe(base, b)) cannot be indexed; only lists, strings and tables can", base.span)
            }
            // integers index everything; a list of integers picks rows (lists, datasets, embeddings, samples);
            // a string names a column (datasets)
            let allowed: [StaticType] = b == .string ? [.number] : b == .list ? [.number, .list] : [.number, .list, .string]
            if !allowed.contains(i) && i != .unknown { report("an index must be an integer, got \(describe(index, i))", index.span) }
            return .unknown
        case .unary(let op, let span, let operand):
            let t = check(operand)
            let wanted: StaticType = op == .not ? .bool : .number
            if t != wanted && t != .unknown {
                report(op == .not ? "'not' needs true or false, got \(describe(operand, t))"
                       : "'-' needs a number, got \(describe(operand, t))", span.union(operand.span))
            }
            return wanted
        case .binary(let l, let op, let span, let r):
            let lt = check(l)
            let rt = check(r)
            if (op == .divide || op == .remainder), case .literal(.number(0), _) = r {
                report(op == .divide ? "division by zero" : "remainder of a division by zero", span.union(r.span))
            }
            guard let result = lt.applying(op, rt) else {
                report(Operations.mismatch(op, describe(l, lt), describe(r, rt), string: lt == .string || rt == .string), span)
                return .unknown
            }
            return result
        case .template(let pieces, _):
            for case .value(let e, _) in pieces { _ = check(e) }
            return .string
        case .call(let call):
            return check(call)
        case .grouped(let inner, _):
            return check(inner)
        }
    }

    /// Extensions that make `word.ext` a file name written without quotes rather than a member.
    static let fileExtensions: Set<String> = ["csv", "tsv", "txt", "npy", "gz", "model", "png", "jpg", "jpeg", "svg", "latent",
                                              "md", "json", "parquet", "xlsx", "idx"]

    func unknownName(_ word: String) -> String {
        if registry.isHead(word) {
            return "'\(word)' is a command, not a value; write (\(word) ...) to use its result"
        }
        return "unknown variable '\(word)'" + Suggestion.didYouMean(word, in: visibleNames)
    }

    private mutating func check(_ call: Call) -> StaticType {
        if call.arguments.isEmpty, isKnown(call.head), !checksNames || type(of: call.head) != nil {
            return type(of: call.head) ?? .unknown
        }
        if !registry.isHead(call.head) {
            if checksNames && type(of: call.head) != nil {
                report(Interpreter.notACommand(call), call.headSpan)
                return .unknown
            }
            if call.arguments.isEmpty {
                if checksNames {
                    report("unknown command or variable '\(call.head)'"
                           + Suggestion.didYouMean(call.head, in: visibleNames + registry.heads), call.headSpan)
                }
                return .unknown
            }
        }
        if !inDef, let line = defLines[call.head], !defined.contains(call.head),
           registry.command(named: call.head)?.isUserDefined == true {
            report("'\(call.head)' is used before its def at line \(line + source.firstLine - 1); move the def above its first use", call.headSpan)
        }
        for argument in call.arguments {
            switch argument {
            case .positional(.word), .option(_, _, .word): break
            case .positional(let expr), .option(_, _, let expr): _ = check(expr)
            }
        }
        let checker = self
        do {
            let bound = try registry.bind(call) { expr, type in try checker.literalValue(expr, type) }
            if dataParallel, case .unavailable(let why) = bound.command.dataParallel {
                report("'\(bound.command.name)' is not available under mpirun: \(why)", call.headSpan)
            }
            return StaticType(bound.command.result)
        } catch let located as LocatedError {
            report(located.message, located.span)
        } catch {
            report("\(error)", call.span)
        }
        return .unknown
    }

    /// The value of an argument when literals and operators on them tell it, else nil (only running can tell).
    func literalValue(_ expr: Expr, _ type: ValueType) throws -> Value? {
        switch expr {
        case .literal(let literal, _):
            return literal.value
        case .word(let word, let span):
            if type.takesWord(word) { return .string(word) }
            guard checksNames, !isKnown(word) else { return nil }
            if case .choice = type { return .string(word) }
            if type.takesUnknownWords { return .string(word) }
            throw LocatedError(message: unknownName(word), span: span)
        case .list(let items, _):
            let itemType: ValueType
            if case .list(let t) = type { itemType = t } else { itemType = .any }
            var values: [Value] = []
            for item in items {
                guard let value = try literalValue(item, itemType) else { return nil }
                values.append(value)
            }
            return .list(values)
        case .unary(let op, _, let operand):
            guard let v = try literalValue(operand, .any) else { return nil }
            return try? (op == .not ? Operations.not(v) : Operations.negate(v))
        case .binary(let l, let op, _, let r) where op != .and && op != .or:
            guard let a = try literalValue(l, .any), let b = try literalValue(r, .any) else { return nil }
            return try? Operations.binary(op, a, b)
        case .grouped(let inner, _):
            return try literalValue(inner, type)
        case .member, .index, .template, .call, .binary:
            return nil
        }
    }
}
