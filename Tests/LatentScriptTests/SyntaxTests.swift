import XCTest
@testable import LatentScript

final class LexerTests: XCTestCase {
    private func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceText(name: "t", text: text)).tokens.map(\.kind)
    }

    func testNumbersIncludingExponentsAndSigns() {
        XCTAssertEqual(kinds("1e-3 -2.5 .5 1_000 3E+2"),
                       [.number(0.001), .op(.minus), .number(2.5), .number(0.5), .number(1000), .number(300), .end])
    }

    func testOperatorsAndKeywords() {
        XCTAssertEqual(kinds("a ** 2 <= b != c == d % e / f"),
                       [.identifier("a"), .op(.power), .number(2), .op(.lessEqual), .identifier("b"), .op(.notEqual),
                        .identifier("c"), .op(.equal), .identifier("d"), .op(.remainder), .identifier("e"), .op(.divide),
                        .identifier("f"), .end])
        XCTAssertEqual(kinds("if not x and y or z else def return assert"),
                       [.keyword(.if), .keyword(.not), .identifier("x"), .keyword(.and), .identifier("y"), .keyword(.or),
                        .identifier("z"), .keyword(.else), .keyword(.def), .keyword(.return), .keyword(.assert), .end])
    }

    /// 13.8: a literal too large for a Double is an error naming it, not a silent inf.
    func testOverflowingNumberIsAnErrorNamingTheLiteral() {
        let lexer = Lexer.tokenize(SourceText(name: "t", text: "x = 1e999\ny = 2e308 z = 1.7e308"))
        XCTAssertEqual(lexer.diagnostics.map(\.message), ["number '1e999' is too large (the largest is about 1.8e308)",
                                                        "number '2e308' is too large (the largest is about 1.8e308)"])
        XCTAssertEqual(lexer.diagnostics.map { String($0.description.split(separator: "\n")[0]) },
                       ["t:1:5: error: number '1e999' is too large (the largest is about 1.8e308)",
                        "t:2:5: error: number '2e308' is too large (the largest is about 1.8e308)"])
        XCTAssertTrue(lexer.tokens.contains { $0.kind == .number(1.7e308) })
    }

    func testStringHolesAndBraces() {
        let lexer = Lexer.tokenize(SourceText(name: "t", text: #""a{x:.3f}b{{c}}" "{""#))
        guard case .template(let parts) = lexer.tokens[0].kind else { return XCTFail("expected a template") }
        XCTAssertEqual(parts.count, 3)
        XCTAssertEqual(parts[0], .text("a"))
        guard case .hole(let span, let format, _) = parts[1] else { return XCTFail("expected a hole") }
        XCTAssertEqual(span.start.column, 4)
        XCTAssertEqual(span.length, 1)
        XCTAssertEqual(format, ".3f")
        XCTAssertEqual(parts[2], .text("b{c}"))
        XCTAssertEqual(lexer.diagnostics.map(\.message), ["expected '}' to close the '{' in this string; write '{{' for a brace"])
    }

    func testStringEscapes() {
        XCTAssertEqual(kinds(#""a\tb\n\"q\" \\ \u{41}""#), [.string("a\tb\n\"q\" \\ A"), .end])
        let lexer = Lexer.tokenize(SourceText(name: "t", text: #""bad \q""#))
        XCTAssertEqual(lexer.diagnostics.count, 1)
        XCTAssertTrue(lexer.diagnostics[0].message.contains("unknown escape"))
    }

    func testTokensCarryLineAndColumn() {
        let tokens = Lexer.tokenize(SourceText(name: "t", text: "x = 1\n  d.labels # note\n")).tokens
        let d = tokens.first { $0.kind == .identifier("d") }!
        XCTAssertEqual(d.span.start.line, 2)
        XCTAssertEqual(d.span.start.column, 3)
        XCTAssertEqual(tokens.map(\.kind), [.identifier("x"), .equal, .number(1), .newline,
                                            .identifier("d"), .dot, .identifier("labels"), .newline, .end])
    }

    func testKeywordsBracesAndContinuation() {
        XCTAssertEqual(kinds("for i in [1, 2] { }\\\nrepeat"),
                       [.keyword(.for), .identifier("i"), .keyword(.in), .leftBracket, .number(1), .comma,
                        .number(2), .rightBracket, .leftBrace, .rightBrace, .keyword(.repeat), .end])
    }

    func testNeedsMoreInput() {
        XCTAssertTrue(Parser.needsMoreInput("for i in [1] {"))
        XCTAssertTrue(Parser.needsMoreInput("x = [1,"))
        XCTAssertTrue(Parser.needsMoreInput("train m \\"))
        XCTAssertFalse(Parser.needsMoreInput("repeat 2 { print 1 }"))
        XCTAssertFalse(Parser.needsMoreInput("print \"a{\""))
    }
}

final class ParserTests: XCTestCase {
    func testCommandWithPositionalsOptionsAndMembers() throws {
        let (program, errors) = Parser.parse(SourceText(name: "t", text: "e = plot embedding m color=d.labels to \"x.png\""))
        XCTAssertTrue(errors.isEmpty)
        guard case .assign(let name, _, .call(let call)) = program.statements.first?.kind else {
            return XCTFail("expected an assignment of a call")
        }
        XCTAssertEqual(name, "e")
        XCTAssertEqual(call.head, "plot")
        XCTAssertEqual(call.arguments.count, 5)
        guard case .option("color", _, .member(.word("d", _), "labels", _)) = call.arguments[2] else {
            return XCTFail("expected color=d.labels")
        }
    }

    func testBlocksNestAndRecordTheirSpan() throws {
        let text = "for i in [1, 2] {\n  repeat 2 { print i }\n}\nprint 1"
        let (program, errors) = Parser.parse(SourceText(name: "t", text: text))
        XCTAssertTrue(errors.isEmpty)
        XCTAssertEqual(program.statements.count, 2)
        XCTAssertEqual(program.source.slice(program.statements[0].span), "for i in [1, 2] {\n  repeat 2 { print i }\n}")
        guard case .forLoop("i", _, _, let body) = program.statements[0].kind,
              case .repeatLoop(_, let inner) = body.first?.kind else { return XCTFail("expected for { repeat { } }") }
        XCTAssertEqual(inner.count, 1)
    }

    func testEveryErrorIsReportedWithLocation() {
        let text = "x = [1, 2\ny = )\nprint \"ok\"\nz = = 2\n"
        let (_, errors) = Parser.parse(SourceText(name: "f.latent", text: text))
        XCTAssertEqual(errors.map(\.line), [1, 2, 4])
        XCTAssertTrue(errors[1].description.hasPrefix("f.latent:2:5: error: "))
        XCTAssertTrue(errors[1].description.hasSuffix("y = )\n    ^"))
    }
}
