extension CommandRegistry {
    /// Registers `top` and `sort`: orderings of a list of numbers (per-point scores, table columns).
    func registerListCommands() {
        register(Command("top", group: "Values", returns: .list(.int), summary: "The positions of the N largest numbers of a list, largest first (smallest=true: the N smallest).",
                         details: """
                         The result indexes whatever the list describes: with s = scores m d, top s.error 20 is the rows of
                         the 20 worst-reconstructed points, so d[top s.error 20] is those rows and plot images shows them.
                         Ties keep the earlier position first.
                         """,
                         positionals: [Top.values, Top.n],
                         options: [Top.smallest],
                         examples: ["print (top xs 2)", "print (top t.accuracy 1 smallest=true)"]) { args, _ in
            let xs = try Self.orderable(try args[Top.values], args, Top.values)
            let n = try args[Top.n]
            guard n >= 0 else { throw args.invalid(Top.n, "must be zero or more, got \(n)") }
            return .ints(Self.order(xs, descending: !(try args[Top.smallest])).prefix(n))
        })
        register(Command("sort", group: "Values", returns: .list(.number), summary: "A list of numbers in ascending order (descending=true: largest first); order=true gives the positions instead.",
                         positionals: [Sort.values],
                         options: [Sort.descending, Sort.order],
                         examples: ["print (sort xs)", "print (sort xs descending=true order=true)"]) { args, _ in
            let xs = try Self.orderable(try args[Sort.values], args, Sort.values)
            let order = Self.order(xs, descending: try args[Sort.descending])
            return try args[Sort.order] ? .ints(order) : .list(order.map { .number(xs[$0]) })
        })
    }

    /// `xs`, refused (at `key`) when it holds nan, which has no place in an order.
    private static func orderable(_ xs: [Double], _ args: Arguments, _ key: some ParameterKey) throws -> [Double] {
        if let i = xs.firstIndex(where: \.isNaN) { throw args.invalid(key, "holds nan at position \(i); numbers cannot be ordered with it") }
        return xs
    }

    /// Positions of `xs` in ascending (or descending) order of value; equal values keep their order.
    public static func order(_ xs: [Double], descending: Bool) -> [Int] {
        xs.indices.sorted { a, b in
            xs[a] == xs[b] ? a < b : (descending ? xs[a] > xs[b] : xs[a] < xs[b])
        }
    }
}

/// The parameters of `top`.
private enum Top {
    static let values = Positional<[Double]>("values", "a list of numbers")
    static let n = Positional<Int>("n", default: 10, "how many positions")
    static let smallest = Option<Bool>("smallest", default: false, "the N smallest instead")
}

/// The parameters of `sort`.
private enum Sort {
    static let values = Positional<[Double]>("values", "a list of numbers")
    static let descending = Option<Bool>("descending", default: false, "largest first")
    static let order = Option<Bool>("order", default: false, "the positions of the numbers in sorted order (numpy's argsort)")
}
