import Foundation
import LatentScript

/// A toy host object: a counter with members, standing in for datasets and models.
final class Counter: ScriptObject {
    var value: Int
    init(_ value: Int) { self.value = value }
    static let typeName = "Counter"
    var summary: String { "counter at \(value)" }
    func member(_ name: String) -> Value? {
        switch name {
        case "value": return .int(value)
        case "double": return .int(2 * value)
        default: return nil
        }
    }
    var memberNames: [String] { ["double", "value"] }
}

extension CommandRegistry {
    /// Toy commands that exercise the registry the way domain commands will.
    func registerToys() {
        register(Command("add", group: "Toys", summary: "Adds two numbers.",
                         positionals: [Add.a, Add.b]) { args, _ in
            .number(try args[Add.a] + args[Add.b])
        })
        register(Command("sleep", group: "Toys", summary: "Waits, polling the interrupt flag every millisecond.",
                         options: [Sleep.ms]) { args, session in
            let ms = try args[Sleep.ms]
            guard ms >= 0 else { throw args.invalid(Sleep.ms, "must not be negative") }
            for _ in 0..<ms {
                try session.interrupt.check()
                usleep(1000)
            }
            return .none
        })
        register(Command("roll", group: "Toys", summary: "Draws uniform numbers from the session's generator.",
                         options: [Roll.count, Roll.sides]) { args, session in
            let sides = try args[Roll.sides]
            return .ints((0..<(try args[Roll.count])).map { _ in 1 + session.rng.int(below: sides) })
        })
        register(Command("counter", group: "Toys", returns: .object(Counter.self), summary: "Makes a counter object.",
                         options: [MakeCounter.start, MakeCounter.mode]) { args, _ in
            .object(Counter(try args[MakeCounter.start]))
        })
        register(Command("bump", group: "Toys", summary: "Advances a counter and returns its value.",
                         positionals: [Bump.counter],
                         options: [Bump.by]) { args, _ in
            let counter = try args[Bump.counter]
            counter.value += try args[Bump.by]
            return .int(counter.value)
        })
        register(Command("fail", group: "Toys", summary: "Always fails with the given message.",
                         positionals: [Fail.message]) { args, _ in
            throw CommandError(try args[Fail.message])
        })
        register(Command("plot toy", group: "Toys", summary: "Writes a fake plot file and reports it.",
                         options: [PlotToy.to]) { args, session in
            let path = try session.outputPath(try args[PlotToy.to])
            try Data("not really a png".utf8).write(to: URL(fileURLWithPath: path))
            session.notePlot(path)
            session.print("wrote \(try args[PlotToy.to])")
            return .none
        })
    }
}

/// A session over the standard and toy commands, capturing output, with its own interrupt flag.
func makeToySession(baseDirectory: String = FileManager.default.temporaryDirectory.path) -> (Session, CapturedOutput) {
    let registry = CommandRegistry.standard()
    registry.registerToys()
    let output = CapturedOutput()
    let session = Session(registry: registry, output: output, interrupt: InterruptFlag(), baseDirectory: baseDirectory)
    return (session, output)
}

/// The parameters of `add`.
private enum Add {
    static let a = Positional<Double>("a", "the first number")
    static let b = Positional<Double>("b", "the second number")
}

/// The parameters of `sleep`.
private enum Sleep {
    static let ms = Option<Int>("ms", default: 10, "milliseconds to wait")
}

/// The parameters of `roll`.
private enum Roll {
    static let count = Option<Int>("count", default: 3, "how many")
    static let sides = Option<Int>("sides", default: 6, "die size")
}

/// The parameters of `counter`.
private enum MakeCounter {
    static let start = Option<Int>("start", default: 0, "the first value")
    static let mode = Option<Value>("mode", .choice(["up", "down"]), default: "up", "direction")
}

/// The parameters of `bump`.
private enum Bump {
    static let counter = Positional<Counter>("counter", "the counter")
    static let by = Option<Int>("by", default: 1, "the step")
}

/// The parameters of `fail`.
private enum Fail {
    static let message = Positional<String>("message", default: "the toy command failed", "what to say")
}

/// The parameters of `plot toy`.
private enum PlotToy {
    static let to = Option<String>("to", required: true, keyword: true, "the image file")
}
