// swift-tools-version: 6.0
import PackageDescription

/// Release builds may use the host's FMA/AVX2 units; without a target CPU Swift emits libm fmaf calls.
let fastMath: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-Xcc", "-march=x86-64-v3", "-Xcc", "-mtune=znver3"], .when(configuration: .release)),
]

let package = Package(
    name: "latent",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "latent", targets: ["latent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine",
                       providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CMPI", path: "Sources/CMPI", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "LatentCore", dependencies: ["CBLAS"], swiftSettings: fastMath),
        .target(name: "LatentMPI", dependencies: ["CMPI", "LatentCore"]),
        .target(name: "LatentFiles"),
        .target(name: "LatentData", dependencies: ["LatentCore", "LatentFiles", "CZlib"], swiftSettings: fastMath),
        .target(name: "LatentModels", dependencies: ["LatentCore", "LatentFiles", "LatentEval"], swiftSettings: fastMath),
        .target(name: "LatentEval", dependencies: ["LatentCore", "CBLAS"], swiftSettings: fastMath),
        .target(name: "LatentPlot", dependencies: ["LatentCore", "LatentFiles"]),
        .target(name: "LatentScript", dependencies: ["LatentCore", "LatentFiles"], swiftSettings: fastMath),
        .target(name: "LatentCommands",
                dependencies: ["LatentScript", "LatentCore", "LatentFiles", "LatentData", "LatentModels", "LatentEval", "LatentPlot"],
                swiftSettings: fastMath),
        .executableTarget(name: "latent",
                          dependencies: ["LatentCommands", "LatentScript", "LatentFiles", "LatentMPI", "CEditLine",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: fastMath),
        .executableTarget(name: "latent-bench",
                          dependencies: ["CBLAS", "LatentModels", "LatentData", "LatentEval", "LatentPlot"],
                          swiftSettings: fastMath),
        .testTarget(name: "LatentCoreTests", dependencies: ["LatentCore"]),
        .testTarget(name: "LatentFilesTests", dependencies: ["LatentFiles"]),
        .testTarget(name: "LatentDataTests", dependencies: ["LatentData", "LatentFiles"]),
        .testTarget(name: "LatentModelsTests", dependencies: ["LatentModels", "LatentData"]),
        .testTarget(name: "LatentEvalTests", dependencies: ["LatentEval"], exclude: ["sklearn_reference.py"]),
        .testTarget(name: "LatentPlotTests", dependencies: ["LatentPlot"]),
        .testTarget(name: "LatentScriptTests", dependencies: ["LatentScript"], exclude: ["golden"]),
        .testTarget(name: "LatentCommandsTests", dependencies: ["LatentCommands", "LatentScript", "LatentModels"],
                    exclude: ["golden-latent"]),
    ],
    swiftLanguageModes: [.v6]
)
