/// A session setting changed with `set NAME VALUE` (or `set name=value ...`).
public struct Setting {
    /// The name (`seed`).
    public let name: String
    /// The accepted type.
    public let type: ValueType
    /// The value a new session starts with.
    public let defaultValue: Value
    /// One line for `help set` and `set` with no arguments.
    public let help: String
    /// True when `save history` writes the session's starting value at the top of the script
    /// (settings that change results, like `seed`; not machine-specific ones like `threads`).
    public let replayed: Bool
    /// Runs after the value changes (reseeding, setting the BLAS thread count); may reject the value.
    public let didChange: ((Value, Session) throws -> Void)?

    /// A setting; `didChange` runs when `set` changes it and once when the setting is defined.
    public init(_ name: String, _ type: ValueType, default defaultValue: Value, replayed: Bool = true,
                _ help: String, didChange: ((Value, Session) throws -> Void)? = nil) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.replayed = replayed
        self.help = help
        self.didChange = didChange
    }
}

extension Setting {
    /// The settings every session has: seed, terminal and out (the numeric `threads` is latent's, see `Session.latent`).
    static var standard: [Setting] {
        [
            Setting("seed", .int, default: 42, "seed of the session's random generator; setting it reseeds") { value, session in
                guard let seed = value.int, seed >= 0 else { throw CommandError("seed must be a non-negative integer") }
                session.reseed(UInt64(seed))
            },
            Setting("terminal", .choice(["png", "svg", "dumb", "window", "sixel"]), default: "png",
                    "gnuplot terminal for plots: png, svg, dumb (text here), window or sixel (inline in a sixel terminal)"),
            Setting("out", .string, default: "out", "folder where commands write files given without a folder"),
        ]
    }
}
