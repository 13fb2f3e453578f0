extension CommandRegistry {
    /// Registers `top` and `sort`: orderings of a list of numbers (per-point scores, table columns).
    func registerListCommands() {
        register(Command("top", group: "Values", returns: .list(.int), summary: "The positions of the N largest numbers of a list, largest first (smallest=true: the N smallest).",
                         details: """
                         The result indexes whatever the list describes: with s = scores m d, top s.error 20 is the rows of
                         the 20 worst-reconstructed points, so d[top s.error 20] is those rows and plot images shows them.
                         Ties keep the earlier position first.
                         """,
                         positionals: [Parameter("values", .list(.number), "a list of numbers"),
                                       Parameter("n", .int, default: 10, "how many positions")],
                         options: [Parameter("smallest", .bool, default: false, "the N smallest instead")]) { args, _ in
            let xs = try Self.numberList(args)
            let n = try args.int("n")
            guard n >= 0 else { throw args.invalid("n", "must be zero or more, got \(n)") }
            let order = Self.order(xs, descending: !(try args.bool("smallest")))
            return .ints(order.prefix(n))
        })
        register(Command("sort", group: "Values", returns: .list(.number), summary: "A list of numbers in ascending order (descending=true: largest first); order=true gives the positions instead.",
                         positionals: [Parameter("values", .list(.number), "a list of numbers")],
                         options: [Parameter("descending", .bool, default: false, "largest first"),
                                   Parameter("order", .bool, default: false, "the positions of the numbers in sorted order (numpy's argsort)")]) { args, _ in
            let xs = try Self.numberList(args)
            let order = Self.order(xs, descending: try args.bool("descending"))
            return try args.bool("order") ? .ints(order) : .list(order.map { .number(xs[$0]) })
        })
    }

    /// The numbers of the list argument `values`; NaN is refused with its position.
    private static func numberList(_ args: Arguments) throws -> [Double] {
        try args.list("values").enumerated().map { i, v in
            guard let x = v.number else { throw args.invalid("values", "expects numbers, got item \(i) \(v.kindDescription)") }
            guard !x.isNaN else { throw args.invalid("values", "holds nan at position \(i); numbers cannot be ordered with it") }
            return x
        }
    }

    /// Positions of `xs` in ascending (or descending) order of value; equal values keep their order.
    public static func order(_ xs: [Double], descending: Bool) -> [Int] {
        xs.indices.sorted { a, b in
            xs[a] == xs[b] ? a < b : (descending ? xs[a] > xs[b] : xs[a] < xs[b])
        }
    }
}
