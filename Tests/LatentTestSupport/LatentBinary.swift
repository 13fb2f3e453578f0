import Foundation
import XCTest

/// The `latent` executable that the tests in LatentBinaryTests run.
///
/// LATENT_BINARY names it (scripts/test sets it to .build/release/latent for its second pass, which runs
/// the whole LatentBinaryTests target, so the shipped build is the tested build); a set but missing path
/// fails the test rather than skipping it. Without the variable: the `latent` built next to this test
/// bundle (the configuration being tested), else .build/debug/latent; tests skip with a message when
/// neither exists. A test that launches the binary belongs in LatentBinaryTests.
public enum LatentBinary {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static func url() throws -> URL {
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
    public struct Missing: Error, CustomStringConvertible {
        let path: String
        public var description: String { "LATENT_BINARY=\(path) is not an executable file" }
    }

    /// Which build is under test, for messages: "release", "debug" or the path.
    public static var configuration: String {
        guard let url = try? url() else { return "none" }
        return url.deletingLastPathComponent().lastPathComponent
    }

    /// The executable (as `url()`).
    public static func binary() throws -> URL { try url() }

    /// A finished run: exit status and the interleaved stdout and stderr.
    public struct Outcome {
        public var status: Int32
        public var output: String
        public init(status: Int32, output: String) { self.status = status; self.output = output }
    }

    /// Runs latent with stdout and stderr on one pipe (so the text is interleaved as printed).
    public static func run(_ arguments: [String], stdin: String? = nil, in folder: URL? = nil) throws -> Outcome {
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
