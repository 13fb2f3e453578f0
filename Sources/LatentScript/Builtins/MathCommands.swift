import Foundation

extension CommandRegistry {
    /// Registers `len`, `min`, `max`, `sum`, `mean`, `round`, `abs`, `log`, `exp` and `sqrt`.
    func registerMathCommands() {
        register(Command("len", group: "Values", returns: .number, summary: "The number of items of a list, characters of a string or rows of a table.",
                         positionals: [Len.value],
                         examples: ["print (len xs) (len t)"]) { args, _ in
            switch args.value(Len.value) {
            case .list(let items): return .int(items.count)
            case .string(let s): return .int(s.count)
            case .object(let o) where o.elementCount != nil: return .int(o.elementCount!)
            case let v: throw args.invalid(Len.value, "has no length: expects a list, string or table, got \(v.kindDescription)")
            }
        })
        let reductions: [(String, String, [String], ([Double]) -> Double)] = [
            ("min", "The smallest of some numbers (or of a list).", ["print (min 3 1 2) (min t.accuracy)"], { $0.min()! }),
            ("max", "The largest of some numbers (or of a list).", ["print (max xs)"], { $0.max()! }),
            ("sum", "The sum of some numbers (or of a list).", ["print (sum xs)"], { $0.reduce(0, +) }),
            ("mean", "The mean of some numbers (or of a list).", ["print (mean t.accuracy)"], { $0.reduce(0, +) / Double($0.count) }),
        ]
        for (name, summary, examples, reduce) in reductions {
            register(Command(name, group: "Values", returns: .number, summary: summary,
                             details: "\(name) 3 1 2, or \(name) xs for a list (a table column: \(name) t.accuracy).",
                             positionals: [Reduction.values], examples: examples) { args, _ in
                let numbers = try CommandRegistry.numbers(args)
                guard !numbers.isEmpty || name == "sum" else { throw args.invalid(Reduction.values, "is an empty list") }
                return .number(reduce(numbers))
            })
        }
        register(Command("round", group: "Values", summary: "Rounds a number (or each number of a list) to DIGITS decimals.",
                         positionals: [Round.value, Round.digits],
                         examples: ["print (round (mean t.accuracy) 3)"]) { args, _ in
            let digits = try args[Round.digits]
            guard (0...15).contains(digits) else { throw args.invalid(Round.digits, "must be between 0 and 15") }
            let scale = Foundation.pow(10.0, Double(digits))
            return try CommandRegistry.map(args) { x in (x * scale).rounded() / scale }
        })
        let functions: [(String, String, [String], (Double) -> Double?)] = [
            ("abs", "The absolute value of a number (or of each number of a list).", ["print (abs -2)"], { Swift.abs($0) }),
            ("log", "The natural logarithm of a positive number (or of each number of a list).", ["print (log 10)"],
             { $0 > 0 ? Foundation.log($0) : nil }),
            ("exp", "e raised to a number (or to each number of a list).", ["print (exp 1)"], { Foundation.exp($0) }),
            ("sqrt", "The square root of a non-negative number (or of each number of a list).", ["print (sqrt 2)"],
             { $0 >= 0 ? $0.squareRoot() : nil }),
        ]
        for (name, summary, examples, f) in functions {
            register(Command(name, group: "Values", summary: summary, positionals: [Round.value], examples: examples) { args, _ in
                try CommandRegistry.map(args) { x in
                    guard let y = f(x) else { throw args.invalid(Round.value, "is \(Value.format(x)), outside the domain of \(name)") }
                    return y
                }
            })
        }
    }

    /// The numbers of a variadic `values`: the items when it is one list, else the arguments.
    private static func numbers(_ args: Arguments) throws -> [Double] {
        var items = try args[Reduction.values]
        if items.count == 1, case .list(let inner) = items[0] { items = inner }
        return try items.enumerated().map { i, v in
            guard let x = v.number else { throw args.invalid(Reduction.values, "expects numbers, got item \(i + 1) \(v.kindDescription)") }
            return x
        }
    }

    /// `f` applied to `value`, a number, or to each number of a list.
    private static func map(_ args: Arguments, _ f: (Double) throws -> Double) throws -> Value {
        switch args.value(Round.value) {
        case .number(let x): return .number(try f(x))
        case .list(let items):
            return .list(try items.enumerated().map { i, v in
                guard let x = v.number else { throw args.invalid(Round.value, "expects numbers, got item \(i + 1) \(v.kindDescription)") }
                return .number(try f(x))
            })
        case let v: throw args.invalid(Round.value, "expects a number or a list of numbers, got \(v.kindDescription)")
        }
    }
}

/// The parameters of `len`.
private enum Len {
    static let value = Positional<Value>("value", "a list, string or table")
}

/// The parameters of `min`, `max`, `sum` and `mean`.
private enum Reduction {
    static let values = Variadic<Value>("values", required: true, "numbers, or one list of numbers")
}

/// The parameters of `round` (and `value` of `abs`, `log`, `exp` and `sqrt`).
private enum Round {
    static let value = Positional<Value>("value", "a number or a list of numbers")
    static let digits = Positional<Int>("digits", default: 0, "decimals to keep")
}
