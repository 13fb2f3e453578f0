// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// Code-generation flags for the CPU of the machine that builds (release only). Without a target CPU,
/// Swift calls libm's fmaf and emits no AVX2, so on an x86_64 host whose /proc/cpuinfo lists every
/// x86-64-v3 feature (avx avx2 fma bmi1 bmi2 f16c abm(lzcnt) movbe xsave) release builds pass
/// -march=x86-64-v3, plus -mtune=znver3 on AMD family 25 (Zen 3/4). Any other host (older x86_64,
/// arm64, no /proc) gets no flags and the package builds and runs there. LATENT_MARCH overrides:
/// `none` for a binary to ship to other machines, or a -march value (x86-64-v3, native, ...).
/// A binary built with -march=x86-64-v3 needs those units on the machine that runs it.
let cpuFlags: [String] = {
    func march(_ value: String, tune: String? = nil) -> [String] {
        ["-Xcc", "-march=\(value)"] + (tune.map { ["-Xcc", "-mtune=\($0)"] } ?? [])
    }
    if let forced = ProcessInfo.processInfo.environment["LATENT_MARCH"], !forced.isEmpty {
        return forced == "none" ? [] : march(forced)
    }
    #if arch(x86_64)
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
    let v3: Set<String> = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "abm", "movbe", "xsave"]
    guard v3.isSubset(of: flags) else { return [] }
    let zen3 = cpuinfo.contains("AuthenticAMD") && cpuinfo.contains("cpu family\t: 25")
    return march("x86-64-v3", tune: zen3 ? "znver3" : nil)
    #else
    return []
    #endif
}()

/// Release settings of every target: -O (SwiftPM's default, so every precondition and every overflow
/// and bounds check stays in the shipped build) with the CPU flags above. -Ounchecked was measured
/// against -O with latent-bench (docs/benchmarks.md, "-O against -Ounchecked"): training the same within
/// noise, evaluation kernels 1.4-3.4% faster, but LatentEval indexes by labels from data, so no target
/// uses it.
let release: [SwiftSetting] = cpuFlags.isEmpty ? [] : [.unsafeFlags(cpuFlags, .when(configuration: .release))]

let package = Package(
    name: "latent",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "latent", targets: ["latent"]),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine",
                       providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libjpeg",
                       providers: [.apt(["libjpeg-dev"])]),
        .target(name: "CMPI", path: "Sources/CMPI", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "LatentCore", dependencies: ["CBLAS"], swiftSettings: release),
        .target(name: "LatentMPI", dependencies: ["CMPI", "LatentCore"], swiftSettings: release),
        .target(name: "LatentFiles", swiftSettings: release),
        .target(name: "LatentData", dependencies: ["LatentCore", "LatentFiles", "CZlib", "CPNG", "CJPEG"], swiftSettings: release),
        .target(name: "LatentNeighbours", dependencies: ["LatentCore"], swiftSettings: release),
        .target(name: "LatentModels", dependencies: ["LatentCore", "LatentFiles", "LatentNeighbours"], swiftSettings: release),
        .target(name: "LatentEval", dependencies: ["LatentCore", "LatentNeighbours"], swiftSettings: release),
        .target(name: "LatentPlot", dependencies: ["LatentCore", "LatentFiles"], swiftSettings: release),
        .target(name: "LatentScript", dependencies: ["LatentCore", "LatentFiles"], swiftSettings: release),
        .target(name: "LatentCommands",
                dependencies: ["LatentScript", "LatentCore", "LatentFiles", "LatentData", "LatentModels", "LatentNeighbours",
                               "LatentEval", "LatentPlot"],
                swiftSettings: release),
        .executableTarget(name: "latent",
                          dependencies: ["LatentCommands", "LatentScript", "LatentFiles", "LatentMPI", "CEditLine"],
                          swiftSettings: release),
        .executableTarget(name: "latent-bench",
                          dependencies: ["LatentModels", "LatentData", "LatentNeighbours", "LatentEval", "LatentPlot"],
                          swiftSettings: release),
        // Test code shared by the test targets: the binary under test, golden-script checks, the
        // pseudo-terminal driver, the slow tests' switch.
        .target(name: "LatentTestSupport", dependencies: ["LatentCore"], path: "Tests/LatentTestSupport"),
        .testTarget(name: "LatentCoreTests", dependencies: ["LatentCore"]),
        .testTarget(name: "LatentFilesTests", dependencies: ["LatentFiles"]),
        .testTarget(name: "LatentDataTests", dependencies: ["LatentData", "LatentFiles", "CPNG", "CJPEG", "LatentTestSupport"]),
        .testTarget(name: "LatentNeighboursTests", dependencies: ["LatentNeighbours", "LatentTestSupport"]),
        .testTarget(name: "LatentModelsTests", dependencies: ["LatentModels", "LatentNeighbours", "LatentData", "LatentTestSupport"]),
        .testTarget(name: "LatentEvalTests", dependencies: ["LatentEval", "LatentNeighbours", "LatentTestSupport"],
                    exclude: ["sklearn_reference.py"]),
        .testTarget(name: "LatentPlotTests", dependencies: ["LatentPlot", "CPNG"]),
        .testTarget(name: "LatentScriptTests", dependencies: ["LatentScript", "LatentTestSupport"], exclude: ["golden"]),
        .testTarget(name: "LatentCommandsTests",
                    dependencies: ["LatentCommands", "LatentScript", "LatentModels", "LatentNeighbours", "CPNG", "LatentTestSupport"],
                    exclude: ["golden-latent"]),
        // Every test that launches the `latent` executable; scripts/test runs this target a second time
        // against the release build.
        .testTarget(name: "LatentBinaryTests",
                    dependencies: ["LatentTestSupport", "LatentCore", "LatentModels", "LatentCommands", "LatentScript"]),
    ],
    swiftLanguageModes: [.v6]
)
