/// Checks a parsed program against the registry before anything runs, so a typo on line 200 is
/// reported before a long training on line 10 starts: unknown commands and options, argument counts,
/// literal arguments of the wrong type, and (when the program sources no other file) names that are
/// never assigned.
struct StaticChecker {
    let registry: CommandRegistry
    let source: SourceText
    /// Names that may hold a variable when the statement runs; nil when a `source` makes this unknowable.
    let knownNames: Set<String>?
    /// True under mpirun with several ranks: commands that are unavailable there are reported up front.
    let dataParallel: Bool
    private(set) var diagnostics: [Diagnostic] = []

    init(program: Program, registry: CommandRegistry, variables: some Sequence<String>, dataParallel: Bool = false) {
        self.registry = registry
        self.dataParallel = dataParallel
        self.source = program.source
        var names = Set(variables)
        var sources = false
        StaticChecker.collect(program.statements, names: &names, sources: &sources)
        self.knownNames = sources ? nil : names
    }

    private static func collect(_ statements: [Statement], names: inout Set<String>, sources: inout Bool) {
        for statement in statements {
            switch statement.kind {
            case .assign(let name, _, let expr):
                names.insert(name)
                if case .call(let call) = expr, call.head == "source" { sources = true }
            case .expression(.call(let call)) where call.head == "source":
                sources = true
            case .expression: break
            case .forLoop(let name, _, _, let body):
                names.insert(name)
                collect(body, names: &names, sources: &sources)
            case .repeatLoop(_, let body):
                collect(body, names: &names, sources: &sources)
            }
        }
    }

    mutating func check(_ statements: [Statement]) {
        for statement in statements {
            switch statement.kind {
            case .assign(_, _, let expr):
                check(expr)
            case .expression(let expr):
                check(expr)
            case .forLoop(_, _, let sequence, let body):
                check(sequence)
                check(body)
            case .repeatLoop(let count, let body):
                check(count)
                check(body)
            }
        }
    }

    private mutating func report(_ message: String, _ span: SourceSpan) {
        diagnostics.append(Diagnostic(.syntax, message, at: span, in: source))
    }

    private mutating func check(_ expr: Expr) {
        switch expr {
        case .literal: break
        case .word(let word, let span):
            if let known = knownNames, !known.contains(word) {
                report(unknownName(word, known), span)
            }
        case .list(let items, _): for item in items { check(item) }
        case .member(let base, _, _): check(base)
        case .call(let call): check(call)
        }
    }

    private func unknownName(_ word: String, _ known: Set<String>) -> String {
        if registry.isHead(word) {
            return "'\(word)' is a command, not a value; write (\(word) ...) to use its result"
        }
        return "unknown variable '\(word)'" + Suggestion.didYouMean(word, in: known)
    }

    private mutating func check(_ call: Call) {
        if call.arguments.isEmpty && (knownNames?.contains(call.head) ?? true) { return }
        if call.arguments.isEmpty && !registry.isHead(call.head) {
            if let known = knownNames {
                report("unknown command or variable '\(call.head)'"
                       + Suggestion.didYouMean(call.head, in: Array(known) + registry.heads), call.headSpan)
            }
            return
        }
        for argument in call.arguments {
            switch argument {
            case .positional(.word), .option(_, _, .word): break
            case .positional(let expr), .option(_, _, let expr): check(expr)
            }
        }
        let known = knownNames
        let registry = registry
        do {
            let bound = try registry.bind(call) { expr, type in
                try StaticChecker.literalValue(expr, type, known: known, registry: registry)
            }
            if dataParallel, case .unavailable(let why) = bound.command.dataParallel {
                report("'\(bound.command.name)' is not available under mpirun: \(why)", call.headSpan)
            }
        } catch let located as LocatedError {
            report(located.message, located.span)
        } catch {
            report("\(error)", call.span)
        }
    }

    /// The value of a literal argument, or nil when only running can tell.
    private static func literalValue(_ expr: Expr, _ type: ValueType, known: Set<String>?,
                                     registry: CommandRegistry) throws -> Value? {
        switch expr {
        case .literal(let literal, _):
            return literal.value
        case .word(let word, let span):
            if type.takesWord(word) { return .string(word) }
            guard let known, !known.contains(word) else { return nil }
            if case .choice = type { return .string(word) }
            if registry.isHead(word) {
                throw LocatedError(message: "'\(word)' is a command, not a value; write (\(word) ...) to use its result", span: span)
            }
            throw LocatedError(message: "unknown variable '\(word)'" + Suggestion.didYouMean(word, in: known), span: span)
        case .list(let items, _):
            let itemType: ValueType
            if case .list(let t) = type { itemType = t } else { itemType = .any }
            var values: [Value] = []
            for item in items {
                guard let value = try literalValue(item, itemType, known: known, registry: registry) else { return nil }
                values.append(value)
            }
            return .list(values)
        case .member, .call:
            return nil
        }
    }
}
