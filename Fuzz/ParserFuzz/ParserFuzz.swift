// libFuzzer entry point for the latent lexer and parser (not part of `swift test`).
//
// scripts/fuzz-parser compiles this file together with Sources/LatentScript/Syntax/*.swift using
// `swiftc -sanitize=fuzzer,address`; every input is decoded as UTF-8 (invalid bytes become U+FFFD),
// lexed, parsed, and every diagnostic rendered, as `Session.run` and the REPL do.

/// Called by libFuzzer once per input; must not crash, hang or grow memory without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let source = SourceText(name: "<fuzz>", text: text)
    let (program, diagnostics) = Parser.parse(source)
    for diagnostic in diagnostics { _ = diagnostic.description }
    for statement in program.statements { _ = source.slice(statement.span) }
    _ = Parser.needsMoreInput(text)
    return 0
}
