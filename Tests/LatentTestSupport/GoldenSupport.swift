/// What both golden runners (the language's and the domain commands') share; the domain test target
/// holds a symbolic link to this file.
enum GoldenSupport {
    /// True when the script's first line is `# options: keep-going` (continue after runtime errors).
    static func keepsGoing(_ script: String) -> Bool {
        script.split(separator: "\n", maxSplits: 1).first?.contains("# options: keep-going") ?? false
    }

    /// A line-by-line listing of the first differences.
    static func diff(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : "<none>") != (i < a.count ? a[i] : "<none>") {
            out.append("line \(i + 1):\n  expected: \(i < e.count ? e[i] : "<none>")\n  actual:   \(i < a.count ? a[i] : "<none>")")
            if out.count >= 5 { break }
        }
        return out.joined(separator: "\n")
    }
}
