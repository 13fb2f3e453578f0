import Foundation
import XCTest

/// What the golden runners (the language's, the domain commands', and both through the binary) share.
public enum GoldenSupport {
    /// True when the script's first line is `# options: keep-going` (continue after runtime errors).
    public static func keepsGoing(_ script: String) -> Bool {
        script.split(separator: "\n", maxSplits: 1).first?.contains("# options: keep-going") ?? false
    }

    /// A line-by-line listing of the first differences.
    public static func diff(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : "<none>") != (i < a.count ? a[i] : "<none>") {
            out.append("line \(i + 1):\n  expected: \(i < e.count ? e[i] : "<none>")\n  actual:   \(i < a.count ? a[i] : "<none>")")
            if out.count >= 5 { break }
        }
        return out.joined(separator: "\n")
    }

    /// `Tests/<path>` in the package, e.g. `folder("LatentScriptTests/golden")`.
    public static func folder(_ path: String) -> URL {
        LatentBinary.packageRoot.appendingPathComponent("Tests").appendingPathComponent(path)
    }

    /// The names (without `.latent`) of the scripts in `folder`, sorted.
    public static func scripts(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".latent") }
            .map { String($0.dropLast(".latent".count)) }.sorted()
    }

    /// A fresh copy of `folder` in the temporary directory, so scripts can source its support files and
    /// the files they write land outside the source tree. The caller removes it.
    public static func workspace(copying folder: URL) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("latent-golden-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: folder, to: dir)
        return dir
    }

    /// Compares the transcript `actual` of script `name` with `folder/name.expected` and fails naming the
    /// script, with its first differing lines; LATENT_UPDATE_GOLDEN=1 rewrites the expected file instead.
    public static func check(_ actual: String, script name: String, folder: URL, configuration: String = "in-process",
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let expectedURL = folder.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["LATENT_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        if actual != expected {
            XCTFail("golden \(name).latent (\(configuration)) differs from \(name).expected:\n\(diff(expected, actual))",
                    file: file, line: line)
        }
    }

    /// Runs `folder/name.latent` through the `latent` executable (`latent run`, stdout and stderr on one
    /// pipe, `--keep-going` when the script asks for it) in a copy of the folder: `exit: STATUS` and the output.
    public static func runThroughTheBinary(_ name: String, folder: URL) throws -> String {
        let workspace = try workspace(copying: folder)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let text = try String(contentsOf: workspace.appendingPathComponent(name + ".latent"), encoding: .utf8)
        let outcome = try LatentBinary.run(["run", name + ".latent"] + (keepsGoing(text) ? ["--keep-going"] : []),
                                           in: workspace)
        return "exit: \(outcome.status)\n" + outcome.output
    }

    /// Fails unless `listed` (the scripts that have a test method, written by scripts/golden-tests) are
    /// exactly the scripts in `folder`: a new script needs `scripts/golden-tests` run once.
    public static func checkListed(_ listed: [String], folder: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let present = try scripts(in: folder)
        XCTAssertEqual(listed, present, "the golden scripts of \(folder.path) and their test methods differ; run scripts/golden-tests",
                       file: file, line: line)
    }
}
