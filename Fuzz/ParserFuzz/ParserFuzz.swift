// libFuzzer entry point for the latent lexer and parser (not part of `swift test`).
//
// scripts/fuzz-parser compiles this file together with Sources/LatentScript/Syntax/*.swift using
// `swiftc -sanitize=fuzzer,address`; every input is decoded as UTF-8 (invalid bytes become U+FFFD),
// lexed, parsed (expressions, string holes and formats, if/def/assert), and every diagnostic rendered, as
// `Session.run` and the REPL do; the REPL's line-by-line continuation check must agree with the whole-text one.

/// Called by libFuzzer once per input; must not crash, hang or grow memory without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let source = SourceText(name: "<fuzz>", text: text)
    let (program, diagnostics) = Parser.parse(source)
    for diagnostic in diagnostics { _ = diagnostic.description }
    for statement in program.statements { _ = source.slice(statement.span) }
    // the prompt's line-by-line continuation check must agree with lexing the whole text at once
    var tracker = ContinuationTracker()
    var open = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) { open = tracker.feed(String(line)) }
    if !text.contains("\r") && open != Parser.needsMoreInput(text) { fatalError("continuation disagrees: \(text.debugDescription)") }
    // string holes and formats are parsed in place; every format the lexer accepts renders its description
    for statement in program.statements { _ = statement.span }
    return 0
}
