extension Lexer {
    /// A string literal; `{expression}` and `{expression:format}` make it a template, `{{` and `}}` are braces.
    mutating func lexString() {
        let start = location
        _ = advance()
        var value = ""
        var parts: [TemplatePart] = []
        while true {
            guard let c = peek, !c.isNewline else {
                // A string ends on its line: at the prompt too it is an error there, not a continuation.
                error("unterminated string; add a closing '\"'", from: start)
                openStringLine = start.line
                break
            }
            if c == "\"" { _ = advance(); break }
            if c == "{" {
                if peek(1) == "{" { _ = advance(); _ = advance(); value.append("{"); continue }
                if !value.isEmpty { parts.append(.text(value)); value = "" }
                if let hole = lexHole() { parts.append(hole) }
                continue
            }
            if c == "}" {
                _ = advance()
                if peek == "}" { _ = advance() }
                value.append("}")
                continue
            }
            _ = advance()
            if c != "\\" { value.append(c); continue }
            let escapeStart = SourceLocation(line: line, column: column - 1, offset: index - 1)
            guard let e = peek, !e.isNewline else { continue }
            _ = advance()
            switch e {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "r": value.append("\r")
            case "0": value.append("\0")
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            case "{": value.append("{")
            case "}": value.append("}")
            case "u": lexUnicodeEscape(into: &value, from: escapeStart)
            default: error("unknown escape '\\\(e)' in string (use \\n \\t \\r \\0 \\\" \\\\ \\{ or \\u{...})", from: escapeStart)
            }
        }
        if parts.isEmpty {
            emit(.string(value), from: start)
        } else {
            if !value.isEmpty { parts.append(.text(value)) }
            emit(.template(parts), from: start)
        }
    }

    /// `{expression}` or `{expression:format}` inside a string, from the `{` to the `}`; nil after an error.
    private mutating func lexHole() -> TemplatePart? {
        let open = location
        _ = advance()
        let exprStart = location
        var nesting = 0
        var colon: SourceLocation? = nil
        while let c = peek, !c.isNewline, c != "\"" {
            if c == "}" && nesting == 0 { break }
            switch c {
            case "(", "[", "{": nesting += 1
            case ")", "]", "}": nesting -= 1
            case ":" where nesting == 0 && colon == nil: colon = location
            default: break
            }
            _ = advance()
        }
        guard peek == "}" else {
            error("expected '}' to close the '{' in this string; write '{{' for a brace", from: open)
            return nil
        }
        let exprEnd = colon ?? location
        var format: String? = nil
        var formatSpan: SourceSpan? = nil
        if let colon {
            let from = colon.offset + 1
            format = String(chars[from..<index])
            formatSpan = SourceSpan(SourceLocation(line: colon.line, column: colon.column + 1, offset: from), location)
        }
        _ = advance()
        let expression = SourceSpan(exprStart, exprEnd)
        if String(chars[exprStart.offset..<exprEnd.offset]).allSatisfy(\.isWhitespace) {
            error("empty '{}' in string; write '{{}}' for braces, or put a value inside", from: open)
            return nil
        }
        return .hole(expression: expression, format: format, formatSpan: formatSpan)
    }

    private mutating func lexUnicodeEscape(into value: inout String, from start: SourceLocation) {
        guard peek == "{" else { error("expected '{' after \\u", from: start); return }
        _ = advance()
        var hex = ""
        while let c = peek, c.isHexDigit { hex.append(advance()) }
        guard peek == "}", let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
            error("malformed unicode escape; write \\u{1F600}", from: start)
            return
        }
        _ = advance()
        value.unicodeScalars.append(scalar)
    }
}
