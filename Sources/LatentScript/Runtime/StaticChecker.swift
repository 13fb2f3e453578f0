/// Checks a parsed program before anything runs (jlox's resolver), so a typo on line 200 is reported
/// before a long training on line 10 starts: unknown commands and options, argument counts, literal
/// arguments of the wrong type, operators given the wrong kinds of value where that is known, `return`
/// outside a `def`, calls of a def before it, and (when the program sources no other file) names that
/// are never assigned where they are read. Loop variables and everything assigned in a def are local.
struct StaticChecker {
    /// The registry with the program's own defs added.
    let registry: CommandRegistry
    let source: SourceText
    /// False when a `source` statement makes the set of variables unknowable.
    let checksNames: Bool
    /// True under mpirun with several ranks: commands that are unavailable there are reported up front.
    let dataParallel: Bool
    /// Every global name and what is known of its type (assignments anywhere at the top level).
    var globals: [String: StaticType]
    /// Local scopes, innermost last: a loop's variable, a def's parameters and assignments.
    var scopes: [[String: StaticType]] = []
    /// The line of each def of the program; a call before it is reported.
    let defLines: [String: Int]
    var defined: Set<String> = []
    var inDef = false
    private(set) var diagnostics: [Diagnostic] = []

    init(program: Program, registry: CommandRegistry, variables: [String: Value], dataParallel: Bool = false) {
        self.source = program.source
        self.dataParallel = dataParallel
        var globals = variables.mapValues { StaticType($0) }
        var sources = false
        var defs: [Definition] = []
        StaticChecker.collect(program.statements, into: &globals, sources: &sources, defs: &defs, registry: registry)
        self.globals = globals
        self.checksNames = !sources
        var lines: [String: Int] = [:]
        for d in defs where lines[d.name] == nil { lines[d.name] = d.nameSpan.start.line }
        self.defLines = lines
        let overlay = defs.isEmpty ? registry : registry.copy()
        for d in defs where overlay.command(named: d.name)?.isUserDefined ?? !overlay.isHead(d.name) {
            overlay.register(Interpreter.command(for: d, defaults: [:], file: program.source.name) { _, _ in .none })
        }
        self.registry = overlay
    }

    /// Names assigned by `statements` (not inside defs, not loop variables) with their types, whether a
    /// `source` runs, and the defs.
    private static func collect(_ statements: [Statement], into names: inout [String: StaticType], sources: inout Bool,
                                defs: inout [Definition], registry: CommandRegistry) {
        for statement in statements {
            switch statement.kind {
            case .assign(let name, _, let expr):
                if case .call(let call) = expr, call.head == "source" { sources = true }
                let type = quickType(expr, names, registry)
                names[name] = names[name].map { $0.merged(with: type) } ?? type
            case .expression(.call(let call)) where call.head == "source":
                sources = true
            case .expression, .returnValue, .assertion: break
            case .forLoop(_, _, _, let body), .repeatLoop(_, let body):
                collect(body, into: &names, sources: &sources, defs: &defs, registry: registry)
            case .conditional(let branches, let otherwise):
                for (_, body) in branches { collect(body, into: &names, sources: &sources, defs: &defs, registry: registry) }
                if let otherwise { collect(otherwise, into: &names, sources: &sources, defs: &defs, registry: registry) }
            case .definition(let d):
                defs.append(d)
            }
        }
    }

    /// The type of an assigned value as far as literals, operators and declared command results tell.
    static func quickType(_ expr: Expr, _ names: [String: StaticType], _ registry: CommandRegistry) -> StaticType {
        switch expr {
        case .literal(let l, _): return StaticType(l.value)
        case .list: return .list
        case .template: return .string
        case .unary(let op, _, _): return op == .not ? .bool : .number
        case .binary(let l, let op, _, let r):
            return quickType(l, names, registry).applying(op, quickType(r, names, registry)) ?? .unknown
        case .word(let w, _): return names[w] ?? .unknown
        case .call(let call):
            if call.arguments.isEmpty, let t = names[call.head] { return t }
            return StaticType((try? registry.resolve(call))?.0.result)
        case .grouped(let inner, _): return quickType(inner, names, registry)
        case .member, .index: return .unknown
        }
    }

    mutating func report(_ message: String, _ span: SourceSpan) {
        diagnostics.append(Diagnostic(.syntax, message, at: span, in: source))
    }

    mutating func check(_ statements: [Statement]) {
        for statement in statements {
            switch statement.kind {
            case .assign(_, _, let expr):
                _ = check(expr)
            case .expression(let expr):
                _ = check(expr)
            case .forLoop(let name, _, let sequence, let body):
                let type = check(sequence)
                if type != .list && type != .unknown {
                    report("'for' needs a list after 'in', got a \(type.name)", sequence.span)
                }
                scopes.append([name: .unknown])
                check(body)
                scopes.removeLast()
            case .repeatLoop(let count, let body):
                let type = check(count)
                if type != .number && type != .unknown { report("'repeat' needs a count, got a \(type.name)", count.span) }
                check(body)
            case .conditional(let branches, let otherwise):
                for (condition, body) in branches {
                    requireCondition(condition, of: "'if'")
                    check(body)
                }
                if let otherwise { check(otherwise) }
            case .definition(let d):
                checkDefinition(d)
            case .returnValue(let expr, let keyword):
                if !inDef { report("'return' outside a def; return ends a user command (def name { ... return value })", keyword) }
                if let expr { _ = check(expr) }
            case .assertion(let condition, let message):
                requireCondition(condition, of: "'assert'")
                if let message { _ = check(message) }
            }
        }
    }

    private mutating func requireCondition(_ condition: Expr, of what: String) {
        let type = check(condition)
        if type != .bool && type != .unknown {
            report("\(what) needs true or false, got \(describe(condition, type))"
                   + (type == .number ? "; compare it, as in x > 0" : ""), condition.span)
        }
    }

    private mutating func checkDefinition(_ d: Definition) {
        if let existing = registry.command(named: d.name), !existing.isUserDefined {
            report("'\(d.name)' is a built-in command; choose another name for the def", d.nameSpan)
        } else if registry.command(named: d.name) == nil && registry.isHead(d.name) {
            report("'\(d.name)' starts built-in commands (\(registry.subcommands(of: d.name).map { "\(d.name) \($0)" }.joined(separator: ", "))); choose another name for the def", d.nameSpan)
        }
        for p in d.parameters { if let e = p.defaultValue { _ = check(e) } }
        var locals: [String: StaticType] = [:]
        for p in d.parameters { locals[p.name] = .unknown }
        var sources = false
        var nested: [Definition] = []
        StaticChecker.collect(d.body, into: &locals, sources: &sources, defs: &nested, registry: registry)
        for name in locals.keys where d.parameters.contains(where: { $0.name == name }) { locals[name] = .unknown }
        scopes.append(locals)
        inDef = true
        check(d.body)
        inDef = false
        scopes.removeLast()
        defined.insert(d.name)
    }
}
