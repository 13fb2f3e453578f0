import Foundation

extension CommandRegistry {
    /// Registers `len`, `min`, `max`, `sum`, `mean`, `round`, `abs`, `log`, `exp` and `sqrt`.
    func registerMathCommands() {
        register(Command("len", group: "Values", returns: .number, summary: "The number of items of a list, characters of a string or rows of a table.",
                         positionals: [Parameter("value", .any, "a list, string or table")]) { args, _ in
            switch args["value"] {
            case .list(let items): return .int(items.count)
            case .string(let s): return .int(s.count)
            case .object(let o) where o.elementCount != nil: return .int(o.elementCount!)
            case let v: throw args.invalid("value", "has no length: expects a list, string or table, got \(v.kindDescription)")
            }
        })
        let reductions: [(String, String, ([Double]) -> Double)] = [
            // NaN is unordered: Swift's min()/max() would answer by where it stands, so it wins outright (IEEE minimum)
            ("min", "The smallest of some numbers (or of a list).", { $0.contains { $0.isNaN } ? .nan : $0.min()! }),
            ("max", "The largest of some numbers (or of a list).", { $0.contains { $0.isNaN } ? .nan : $0.max()! }),
            ("sum", "The sum of some numbers (or of a list).", { $0.reduce(0, +) }),
            ("mean", "The mean of some numbers (or of a list).", { $0.reduce(0, +) / Double($0.count) }),
        ]
        for (name, summary, reduce) in reductions {
            register(Command(name, group: "Values", returns: .number, summary: summary,
                             details: "\(name) 3 1 2, or \(name) xs for a list (a table column: \(name) t.accuracy)."
                                 + (name == "min" || name == "max" ? " A nan among them gives nan, wherever it stands." : ""),
                             positionals: [Parameter("values", .any, required: true, variadic: true, "numbers, or one list of numbers")]) { args, _ in
                let numbers = try CommandRegistry.numbers(args)
                guard !numbers.isEmpty || name == "sum" else { throw args.invalid("values", "is an empty list") }
                return .number(reduce(numbers))
            })
        }
        register(Command("round", group: "Values", summary: "Rounds a number (or each number of a list) to DIGITS decimals.",
                         positionals: [Parameter("value", .any, "a number or a list of numbers"),
                                       Parameter("digits", .int, default: 0, "decimals to keep")]) { args, _ in
            let digits = try args.int("digits")
            guard (0...15).contains(digits) else { throw args.invalid("digits", "must be between 0 and 15") }
            let scale = Foundation.pow(10.0, Double(digits))
            // beyond 2^52 a number has no fraction at this scale (and x * scale may overflow): it is its own rounding
            return try CommandRegistry.map(args) { x in abs(x * scale) < 0x1p52 ? (x * scale).rounded() / scale : x }
        })
        let functions: [(String, String, (Double) -> Double?)] = [
            ("abs", "The absolute value of a number (or of each number of a list).", { Swift.abs($0) }),
            ("log", "The natural logarithm of a positive number (or of each number of a list).", { $0 > 0 ? Foundation.log($0) : nil }),
            ("exp", "e raised to a number (or to each number of a list).", { Foundation.exp($0) }),
            ("sqrt", "The square root of a non-negative number (or of each number of a list).", { $0 >= 0 ? $0.squareRoot() : nil }),
        ]
        for (name, summary, f) in functions {
            register(Command(name, group: "Values", summary: summary,
                             positionals: [Parameter("value", .any, "a number or a list of numbers")]) { args, _ in
                try CommandRegistry.map(args) { x in
                    guard let y = f(x) else { throw args.invalid("value", "is \(Value.format(x)), outside the domain of \(name)") }
                    return y
                }
            })
        }
    }

    /// The numbers of a variadic `values`: the items when it is one list, else the arguments.
    private static func numbers(_ args: Arguments) throws -> [Double] {
        var items = try args.list("values")
        if items.count == 1, case .list(let inner) = items[0] { items = inner }
        return try items.enumerated().map { i, v in
            guard let x = v.number else { throw args.invalid("values", "expects numbers, got item \(i + 1) \(v.kindDescription)") }
            return x
        }
    }

    /// `f` applied to `value`, a number, or to each number of a list.
    private static func map(_ args: Arguments, _ f: (Double) throws -> Double) throws -> Value {
        switch args["value"] {
        case .number(let x): return .number(try f(x))
        case .list(let items):
            return .list(try items.enumerated().map { i, v in
                guard let x = v.number else { throw args.invalid("value", "expects numbers, got item \(i + 1) \(v.kindDescription)") }
                return .number(try f(x))
            })
        case let v: throw args.invalid("value", "expects a number or a list of numbers, got \(v.kindDescription)")
        }
    }
}
