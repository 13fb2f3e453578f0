import Foundation
import XCTest

/// The `latent` executable that the end-to-end tests run; shared by the language's and the domain
/// commands' test targets (the domain target holds a symbolic link to this file).
///
/// LATENT_BINARY names it (scripts/test sets it to .build/release/latent for its second pass, so the
/// shipped build is the tested build); a set but missing path fails the test rather than skipping it.
/// Without the variable: the `latent` built next to this test bundle (the configuration being tested),
/// else .build/debug/latent; tests skip with a message when neither exists.
///
/// scripts/test's release pass selects the tests to repeat by name: a test that runs the binary should
/// live in one of the classes listed there (ExecutableTests, CrashSafetyTests/testKill..., REPLTests,
/// ReplInterruptTests, SampleEndToEndTests, DataParallelTests, FileSafetyTests, SweepExampleTests) or have a
/// name ending in ThroughTheBinary.
enum LatentBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func url() throws -> URL {
        if let named = ProcessInfo.processInfo.environment["LATENT_BINARY"], !named.isEmpty {
            let url = URL(fileURLWithPath: named, relativeTo: packageRoot).standardizedFileURL
            guard FileManager.default.isExecutableFile(atPath: url.path) else { throw Missing(path: named) }
            return url
        }
        let nextToBundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("latent")
        for candidate in [nextToBundle, packageRoot.appendingPathComponent(".build/debug/latent")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw XCTSkip("the latent executable is not built (\(nextToBundle.path)); run swift build first")
    }

    /// LATENT_BINARY names no executable (an error, so the test fails instead of skipping).
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "LATENT_BINARY=\(path) is not an executable file" }
    }

    /// Which build is under test, for messages: "release", "debug" or the path.
    static var configuration: String {
        guard let url = try? url() else { return "none" }
        return url.deletingLastPathComponent().lastPathComponent
    }

    /// The executable (as `url()`).
    static func binary() throws -> URL { try url() }

    /// A finished run: exit status and the interleaved stdout and stderr.
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// Runs latent with stdout and stderr on one pipe (so the text is interleaved as printed).
    static func run(_ arguments: [String], stdin: String? = nil, in folder: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
