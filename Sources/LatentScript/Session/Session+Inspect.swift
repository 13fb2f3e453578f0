extension Session {
    /// What a notebook's inspect (Shift-Tab) shows for the cursor at `cursor` (characters) in `code`: the
    /// help page of the command under or before the cursor (`plot embedding` when the cursor is on either
    /// word, the statement's command when it is on an argument), or a variable's summary; nil when there is none.
    public func inspection(of code: String, cursor: Int) -> String? {
        let chars = Array(code)
        let end = max(0, min(cursor, chars.count))
        let lineStart = chars[..<end].lastIndex(of: "\n").map { $0 + 1 } ?? 0
        let lineEnd = chars[end...].firstIndex(of: "\n") ?? chars.count
        let line = String(chars[lineStart..<lineEnd])
        let at = end - lineStart
        // the word under the cursor
        let lineChars = Array(line)
        var a = min(at, lineChars.count), b = a
        while a > 0, lineChars[a - 1].isIdentifierBody { a -= 1 }
        while b < lineChars.count, lineChars[b].isIdentifierBody { b += 1 }
        let word = String(lineChars[a..<b])
        if let value = variables[word] {
            return "\(word): \(value.kindDescription)" + (value.object.map { " \($0.summary)" } ?? " \(value)")
        }
        // the statement's words, after `name =`
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" || $0 == ")" }).map(String.init)
        if words.count >= 2 && words[1] == "=" { words.removeFirst(2) }
        var candidates: [String] = []
        if let i = words.firstIndex(of: word) {
            if i + 1 < words.count { candidates.append("\(word) \(words[i + 1])") }
            if i > 0 { candidates.append("\(words[i - 1]) \(word)") }
        }
        candidates.append(word)
        if words.count >= 2 { candidates.append("\(words[0]) \(words[1])") }
        if let first = words.first { candidates.append(first) }
        for name in candidates where !name.isEmpty {
            if let command = registry.command(named: name) { return registry.page(command).joined(separator: "\n") }
        }
        return nil
    }
}
