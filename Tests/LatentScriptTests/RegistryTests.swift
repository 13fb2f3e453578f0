import XCTest
@testable import LatentScript

final class RegistryTests: XCTestCase {
    private func run(_ text: String) -> (RunResult, String) {
        let (session, output) = makeToySession()
        let result = session.run(text, file: "t")
        return (result, output.text)
    }

    func testSuggestionsUseEditDistance() {
        XCTAssertEqual(Suggestion.distance("epoch", "epochs"), 1)
        XCTAssertEqual(Suggestion.distance("frist", "first"), 1)
        XCTAssertEqual(Suggestion.nearest(to: "epoch", in: ["epochs", "lr", "batch"]), "epochs")
        XCTAssertNil(Suggestion.nearest(to: "zzz", in: ["epochs", "lr"]))
    }

    func testUnknownOptionMessageNamesTheNearestOption() {
        let registry = CommandRegistry.standard()
        registry.register(Command("train", summary: "Trains.", options: [
            Parameter("epochs", .int, default: 10, "passes"), Parameter("lr", .number, default: 0.001, "rate"),
        ]) { _, _ in .none })
        let captured = CapturedOutput()
        let session = Session(registry: registry, output: captured, interrupt: InterruptFlag())
        XCTAssertEqual(session.run("train epoch=3", file: "t").status, 65)
        XCTAssertTrue(captured.errorText.contains("unknown option 'epoch' for 'train'; did you mean 'epochs'?"))
        captured.reset()
        XCTAssertEqual(session.run("speed = \"fast\"\ntrain lr=speed", file: "t").status, 70)
        XCTAssertTrue(captured.errorText.contains("option 'lr' of 'train' expects a number, got string \"fast\""))
    }

    func testKeywordOptionsSubcommandsAndDefaults() throws {
        var seen: [String: Value] = [:]
        let registry = CommandRegistry.standard()
        registry.register(Command("plot loss", summary: "Plots.", positionals: [Parameter("model", .any, "m")],
                                  options: [Parameter("to", .string, required: true, keyword: true, "file"),
                                            Parameter("width", .int, default: 640, "pixels")]) { args, _ in
            seen = ["model": args["model"], "to": args["to"], "width": args["width"], "given": .bool(args.isGiven("width"))]
            return .none
        })
        let session = Session(registry: registry, output: CapturedOutput(), interrupt: InterruptFlag())
        XCTAssertEqual(session.run("m = 5\nplot loss m to \"a.png\"", file: "t").status, 0)
        XCTAssertEqual(seen["to"]?.string, "a.png")
        XCTAssertEqual(seen["model"]?.int, 5)
        XCTAssertEqual(seen["width"]?.int, 640)
        XCTAssertEqual(seen["given"]?.bool, false)
        XCTAssertEqual(session.run("plot loss m", file: "t").status, 65, "missing required option")
        XCTAssertEqual(session.run("plot los m to \"a\"", file: "t").status, 65, "unknown subcommand")
    }

    func testArgumentCountAndChoiceErrors() {
        let (r1, o1) = run("add 1 2 3")
        XCTAssertEqual(r1.status, 65)
        XCTAssertTrue(o1.contains("'add' takes at most 2 arguments, got 3; usage: add A B"), o1)
        let (r2, o2) = run("add 1")
        XCTAssertEqual(r2.status, 65)
        XCTAssertTrue(o2.contains("'add' needs B (a number)"), o2)
        let (r3, o3) = run("c = counter mode=upp")
        XCTAssertEqual(r3.status, 65)
        XCTAssertTrue(o3.contains("expects one of up, down, got \"upp\"; did you mean 'up'?"), o3)
    }

    func testCommandErrorsPointAtTheirArgument() {
        let (result, output) = run("sleep ms=-4")
        XCTAssertEqual(result.status, 70)
        XCTAssertTrue(output.contains("t:1:7: error: option 'ms' of 'sleep' must not be negative\nsleep ms=-4\n      ^~~~~"), output)
    }

    func testHelpPageListsEveryOptionWithTypeAndDefault() {
        let (_, output) = run("help roll")
        XCTAssertTrue(output.contains("usage: roll [count=INT] [sides=INT]"), output)
        XCTAssertTrue(output.contains("count=INT  an integer  how many (default: 3)"), output)
        XCTAssertTrue(output.contains("sides=INT  an integer  die size (default: 6)"), output)
    }

    func testNoneLeavesOptionalParametersUnset() {
        let (result, output) = run("range 3 none")
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(output, "[0, 1, 2]\n")
    }
}

/// Typed keys: the Swift type gives the script type, optional keys read absent as nil, and the command
/// reads exactly what it declared.
final class TypedParameterTests: XCTestCase {
    private enum Keys {
        static let count = Positional<Int>("count", "how many")
        static let scale = Option<Double?>("scale", "a factor")
        static let names = Variadic<String>("names", "labels")
        static let mode = Option<String>("mode", .choice(["up", "down"]), default: "up", "direction")
    }

    func testKeysDeclareTypesAndReadTypedValues() throws {
        XCTAssertEqual(Keys.count.parameter.type, .int)
        XCTAssertEqual(Keys.scale.parameter.type, .number)
        XCTAssertFalse(Keys.scale.parameter.isRequired)
        XCTAssertEqual(Keys.names.parameter.type, .string)
        XCTAssertTrue(Keys.names.parameter.isVariadic)
        XCTAssertEqual(ValueType.object(ResultTable.self), .object(ObjectType(ResultTable.self)))
        XCTAssertEqual(ValueType.object(ResultTable.self).phrase, "a Table")

        var seen: (Int, Double?, [String], String, Bool)?
        let registry = CommandRegistry.standard()
        let command = Command("tally", summary: "Counts.", positionals: [Keys.count, Keys.names], options: [Keys.scale, Keys.mode],
                              examples: ["tally 2 \"a\" \"b\""]) { args, _ in
            seen = (try args[Keys.count], try args[Keys.scale], try args[Keys.names], try args[Keys.mode], args.isGiven(Keys.mode))
            return .none
        }
        XCTAssertEqual(command.examples, ["tally 2 \"a\" \"b\""])
        XCTAssertTrue(command.positionals[0].isRequired)
        registry.register(command)
        let output = CapturedOutput()
        let session = Session(registry: registry, output: output, interrupt: InterruptFlag())
        XCTAssertEqual(session.run("tally 2 \"a\" \"b\"", file: "t").status, 0, output.errorText)
        XCTAssertEqual(seen?.0, 2)
        XCTAssertNil(seen?.1)
        XCTAssertEqual(seen?.2, ["a", "b"])
        XCTAssertEqual(seen?.3, "up")
        XCTAssertEqual(seen?.4, false)
        XCTAssertEqual(session.run("tally 1 scale=0.5 mode=down", file: "t").status, 0, output.errorText)
        XCTAssertEqual(seen?.1, 0.5)
        XCTAssertEqual(seen?.2, [])
        XCTAssertEqual(seen?.3, "down")
        XCTAssertEqual(session.run("tally 1 scale=\"x\"", file: "t").status, 65, "the static check refuses it")
        XCTAssertTrue(output.errorText.contains("option 'scale' of 'tally' expects a number, got string \"x\""), output.errorText)
    }

    func testAnErrorAboutAKeyPutsTheCaretOnItsArgument() {
        let registry = CommandRegistry.standard()
        registry.register(Command("tally", summary: "Counts.", positionals: [Keys.count], options: [Keys.scale]) { args, _ in
            throw args.invalid(Keys.scale, "must be positive")
        })
        let output = CapturedOutput()
        let session = Session(registry: registry, output: output, interrupt: InterruptFlag())
        XCTAssertEqual(session.run("tally 3 scale=-1", file: "t").status, 70)
        XCTAssertTrue(output.errorText.contains("t:1:9: error: option 'scale' of 'tally' must be positive"), output.errorText)
    }
}
