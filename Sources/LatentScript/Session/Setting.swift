import CBLAS

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
    /// Runs when `set` changes the value (reseeding, setting the BLAS thread count); may reject it.
    public let didChange: ((Value, Session) throws -> Void)?

    /// A setting; `didChange` runs when `set` changes it (not for the default: apply that yourself).
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
    /// The settings every session has: seed, threads, terminal and out.
    static var standard: [Setting] {
        [
            Setting("seed", .int, default: 42, "seed of the session's random generator; setting it reseeds") { value, session in
                guard let seed = value.int, seed >= 0 else { throw CommandError("seed must be a non-negative integer") }
                session.reseed(UInt64(seed))
            },
            Setting("threads", .int, default: 0, replayed: false,
                    "OpenBLAS threads (0: OpenBLAS's default, one per core)") { value, _ in
                guard let n = value.int, n >= 0, n <= 1024 else {
                    throw CommandError("threads must be 0 (one per core) or a positive integer")
                }
                openblas_set_num_threads(Int32(n == 0 ? Int(openblas_get_num_procs()) : n))
            },
            Setting("terminal", .string, default: "png", "gnuplot terminal for plots (png, svg, pdf, dumb)"),
            Setting("out", .string, default: "out", "folder where commands write files given without a folder"),
        ]
    }
}
