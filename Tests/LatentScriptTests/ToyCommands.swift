import Foundation
import LatentScript

/// A toy host object: a counter with members, standing in for datasets and models.
final class Counter: ScriptObject {
    var value: Int
    init(_ value: Int) { self.value = value }
    var typeName: String { "Counter" }
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
                         positionals: [Parameter("a", .number, "the first number"),
                                       Parameter("b", .number, "the second number")]) { args, _ in
            .number(try args.number("a") + args.number("b"))
        })
        register(Command("sleep", group: "Toys", summary: "Waits, polling the interrupt flag every millisecond.",
                         options: [Parameter("ms", .int, default: 10, "milliseconds to wait")]) { args, session in
            let ms = try args.int("ms")
            guard ms >= 0 else { throw args.invalid("ms", "must not be negative") }
            for _ in 0..<ms {
                try session.interrupt.check()
                usleep(1000)
            }
            return .none
        })
        register(Command("roll", group: "Toys", summary: "Draws uniform numbers from the session's generator.",
                         options: [Parameter("count", .int, default: 3, "how many"),
                                   Parameter("sides", .int, default: 6, "die size")]) { args, session in
            let sides = try args.int("sides")
            return .ints((0..<(try args.int("count"))).map { _ in 1 + session.rng.int(below: sides) })
        })
        register(Command("counter", group: "Toys", returns: .object("Counter"), summary: "Makes a counter object.",
                         options: [Parameter("start", .int, default: 0, "the first value"),
                                   Parameter("mode", .choice(["up", "down"]), default: "up", "direction")]) { args, _ in
            .object(Counter(try args.int("start")))
        })
        register(Command("bump", group: "Toys", summary: "Advances a counter and returns its value.",
                         positionals: [Parameter("counter", .object("Counter"), "the counter")],
                         options: [Parameter("by", .int, default: 1, "the step")]) { args, _ in
            let counter = try args.object("counter", as: Counter.self)
            counter.value += try args.int("by")
            return .int(counter.value)
        })
        register(Command("fail", group: "Toys", summary: "Always fails with the given message.",
                         positionals: [Parameter("message", .string, default: "the toy command failed", "what to say")]) { args, _ in
            throw CommandError(try args.string("message"))
        })
        register(Command("plot toy", group: "Toys", summary: "Writes a fake plot file and reports it.",
                         options: [Parameter("to", .string, required: true, keyword: true, "the image file")]) { args, session in
            let path = try session.outputPath(try args.string("to"))
            try Data("not really a png".utf8).write(to: URL(fileURLWithPath: path))
            session.notePlot(path)
            session.print("wrote \(try args.string("to"))")
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
