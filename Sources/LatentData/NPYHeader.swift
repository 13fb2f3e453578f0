import LatentFiles

/// A tiny reader for the Python dict literal in an NPY header.
struct NPYHeader {
    let chars: [Character]
    let path: String
    let offset: Int
    var i = 0

    init(text: String, path: String, offset: Int) {
        self.chars = Array(text)
        self.path = path
        self.offset = offset
    }

    private func fail(_ what: String) -> DataError {
        DataError(.malformed, file: path, offset: offset,
                  "the NPY header is malformed (\(what)); expected {'descr': ..., 'fortran_order': ..., 'shape': (...)}")
    }

    private mutating func skipSpace() { while i < chars.count && chars[i].isWhitespace { i += 1 } }

    private mutating func quoted() throws -> String {
        skipSpace()
        guard i < chars.count, chars[i] == "'" || chars[i] == "\"" else { throw fail("expected a quoted string") }
        let q = chars[i]
        i += 1
        let start = i
        while i < chars.count && chars[i] != q { i += 1 }
        guard i < chars.count else { throw fail("unterminated string") }
        defer { i += 1 }
        return String(chars[start..<i])
    }

    private mutating func expect(_ c: Character) throws {
        skipSpace()
        guard i < chars.count, chars[i] == c else { throw fail("expected '\(c)'") }
        i += 1
    }

    mutating func parse() throws -> (descr: String, fortran: Bool, shape: [Int]) {
        var descr: String?, fortran: Bool?, shape: [Int]?
        try expect("{")
        while true {
            skipSpace()
            if i < chars.count && chars[i] == "}" { break }
            let key = try quoted()
            try expect(":")
            skipSpace()
            switch key {
            case "descr": descr = try quoted()
            case "fortran_order":
                if chars[i...].starts(with: "True") { fortran = true; i += 4 }
                else if chars[i...].starts(with: "False") { fortran = false; i += 5 }
                else { throw fail("fortran_order must be True or False") }
            case "shape":
                try expect("(")
                var dims: [Int] = []
                while true {
                    skipSpace()
                    if i < chars.count && chars[i] == ")" { i += 1; break }
                    let start = i
                    while i < chars.count && chars[i].isASCII && chars[i].isNumber { i += 1 }
                    guard i > start, i - start <= 18, let d = Int(String(chars[start..<i])) else { throw fail("shape must list integers") }
                    dims.append(d)
                    skipSpace()
                    if i < chars.count && chars[i] == "," { i += 1 }
                }
                shape = dims
            default: throw fail("unknown key '\(Escaped.text(key))'")
            }
            skipSpace()
            if i < chars.count && chars[i] == "," { i += 1; continue }
            skipSpace()
            guard i < chars.count && chars[i] == "}" else { throw fail("expected ',' or '}'") }
            break
        }
        guard let descr, let fortran, let shape else { throw fail("missing descr, fortran_order or shape") }
        return (descr, fortran, shape)
    }
}
