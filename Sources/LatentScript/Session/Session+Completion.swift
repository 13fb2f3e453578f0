import Foundation
/// Candidates for completing the word before the cursor.
public struct Completion: Sendable, Equatable {
    /// Character index in the line where the replaced word starts.
    public var start: Int
    /// The word typed so far (the line's characters from `start` to the cursor).
    public var prefix: String
    /// Full replacements for the word, sorted; options end with `=`.
    public var candidates: [String]

    /// The longest text all candidates start with.
    public var commonPrefix: String {
        guard var common = candidates.first else { return prefix }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        return common
    }
}

extension Session {
    /// Most file names offered for one completion.
    static let maxPathCandidates = 200

    /// Inside a string, the files and folders whose path starts with what is typed (relative to
    /// `baseDirectory`, `~` for the home folder); folders end with "/". Hidden files only after a ".".
    func pathCompletion(_ typed: String, start: Int) -> Completion {
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let folder = folderPart.isEmpty ? baseDirectory : resolvePath(folderPart)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let matches = names.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted().prefix(Self.maxPathCandidates).map { name -> String in
                var isFolder: ObjCBool = false
                let full = (folder as NSString).appendingPathComponent(name)
                return folderPart + name + (FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) && isFolder.boolValue ? "/" : "")
            }
        return Completion(start: start, prefix: typed, candidates: matches)
    }

    /// Completions for the text before the cursor: file paths inside a string, command names (and `for`/`repeat`) at the start of
    /// a statement, subcommands, `key=` options of the current command, choice words and variable names.
    public func completions(forLineBeforeCursor line: String) -> Completion {
        let chars = Array(line)
        // The statement being typed starts after the last separator outside strings.
        var statementStart = 0
        var inString = false, quote = 0
        for (i, ch) in chars.enumerated() {
            if ch == "\"" { inString.toggle(); quote = i }
            if !inString && (ch == ";" || ch == "{" || ch == "}" || ch == "(") { statementStart = i + 1 }
        }
        if inString { return pathCompletion(String(chars[(quote + 1)...]), start: quote + 1) }
        var wordStart = chars.count
        while wordStart > statementStart, chars[wordStart - 1].isIdentifierBody || chars[wordStart - 1] == "="
                || chars[wordStart - 1] == "." {
            wordStart -= 1
        }
        let word = String(chars[wordStart...])
        var before = String(chars[statementStart..<wordStart]).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if before.count >= 2 && before[1] == "=" { before.removeFirst(2) }
        else if let first = before.first, first.hasSuffix("="), !first.dropLast().contains("=") { before.removeFirst() }

        func result(_ offset: Int, _ candidates: [String]) -> Completion {
            let typed = String(word.dropFirst(offset))
            let matches = Set(candidates.filter { $0.hasPrefix(typed) }).sorted()
            return Completion(start: wordStart + offset, prefix: typed, candidates: matches)
        }
        let variableNames = Array(variables.keys)

        if let dot = word.lastIndex(of: "."), !word.contains("=") {
            let base = String(word[..<dot])
            let members = variables[base]?.memberNames ?? []
            return result(word.distance(from: word.startIndex, to: dot) + 1, members)
        }
        if before.isEmpty {
            return result(0, registry.heads + variableNames + Session.statementKeywords)
        }
        if ["if", "assert", "return", "and", "or", "not", "else"].contains(before.last ?? "")
            || before.first == "if" || before.first == "assert" {
            return result(0, variableNames + registry.heads + ["and", "or", "not", "true", "false", "none", "if"])
        }
        if before.first == "for" || before.first == "repeat" {
            return result(0, before.count >= 2 && before.first == "for" && before.last != "in" ? ["in"] : variableNames)
        }
        let head = before[0]
        var command = registry.command(named: head)
        var positionalIndex = before.count - 1
        if before.count >= 2, let sub = registry.command(named: "\(head) \(before[1])") {
            command = sub
            positionalIndex -= 1
        } else if before.count == 1 {
            let subs = registry.subcommands(of: head)
            if !subs.isEmpty && !word.contains("=") {
                let plain = command.map { optionCandidates($0, used: before) + variableNames } ?? []
                return result(0, subs + plain)
            }
        }
        guard let command else { return result(0, []) }
        positionalIndex -= before.dropFirst().filter { $0.contains("=") }.count

        if let eq = word.firstIndex(of: "=") {
            let name = String(word[..<eq])
            let type = command.option(name)?.type ?? .any
            let offset = word.distance(from: word.startIndex, to: eq) + 1
            return result(offset, type.words + (type.acceptsVariables ? variableNames : []))
        }
        var candidates = optionCandidates(command, used: before)
        let positionals = command.positionals
        if let parameter = positionalIndex < positionals.count ? positionals[positionalIndex]
            : positionals.last.flatMap({ $0.isVariadic ? $0 : nil }) {
            candidates += parameter.type.words
            if case .name = parameter.type { candidates += registry.heads }
            if parameter.type.acceptsVariables { candidates += variableNames }
        } else {
            candidates += variableNames
        }
        return result(0, candidates)
    }

    /// Words that start a statement besides commands and variables.
    static let statementKeywords = ["for", "repeat", "if", "else", "def", "return", "assert"]

    private func optionCandidates(_ command: Command, used: [String]) -> [String] {
        let given = Set(used.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        return command.options.filter { !given.contains($0.name) }.map { $0.name + "=" }
    }
}

extension ValueType {
    /// Whether a variable could be passed for this type (false for pure word choices).
    var acceptsVariables: Bool {
        switch self {
        case .choice, .bool: return false
        case .oneOf(let types): return types.contains { $0.acceptsVariables }
        default: return true
        }
    }
}
