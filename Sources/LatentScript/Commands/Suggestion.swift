/// "Did you mean" support: the nearest candidate by edit distance.
public enum Suggestion {
    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var before = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0...y.count)
        var row = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            row[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = min(best, before[j - 2] + 1)
                }
                row[j] = best
            }
            before = previous
            previous = row
        }
        return previous[y.count]
    }

    /// The candidate closest to `word` when it is close enough to be a plausible typo
    /// (distance at most 1 for short words, 2 for words of 5+ characters, or a prefix match;
    /// never a complete rewrite like 'y' -> 'c').
    public static func nearest<S: Sequence>(to word: String, in candidates: S) -> String? where S.Element == String {
        let limit = word.count >= 5 ? 2 : 1
        var best: (name: String, distance: Int)? = nil
        for candidate in candidates {
            var d = distance(word, candidate)
            if d > limit, word.count >= 3, candidate.hasPrefix(word) || word.hasPrefix(candidate) { d = limit }
            guard d <= limit, d < word.count else { continue }
            if best == nil || d < best!.distance || (d == best!.distance && candidate < best!.name) {
                best = (candidate, d)
            }
        }
        return best?.name
    }

    /// `"; did you mean 'x'?"` or "".
    public static func didYouMean<S: Sequence>(_ word: String, in candidates: S) -> String where S.Element == String {
        nearest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }
}
