import Foundation
import LatentCore
import LatentModels

// latent-bench: benchmark cases printed as JSON lines (see BenchOptions.usage).

/// Runs each case in a child process (same flags, one case each) so every line's peak RSS is its own.
func runIsolated(_ o: BenchOptions, arguments: [String]) -> Int32 {
    var status: Int32 = 0
    for c in o.cases {
        var args: [String] = []
        var i = 0
        while i < arguments.count {            // drop --cases and its value; add this case and --no-isolate
            if arguments[i] == "--cases" { i += 2; continue }
            args.append(arguments[i]); i += 1
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        p.arguments = args + ["--cases", c, "--no-isolate"]
        do {
            try p.run()
            p.waitUntilExit()
            if p.terminationStatus != 0 { status = p.terminationStatus }
        } catch {
            FileHandle.standardError.write("latent-bench: could not start the \(c) case: \(error)\n".data(using: .utf8)!)
            status = 1
        }
    }
    return status
}

let arguments = Array(CommandLine.arguments.dropFirst())
let options: BenchOptions
do {
    options = try BenchOptions(arguments)
} catch let e as BenchError {
    if e.description == "help" { print(BenchOptions.usage); exit(0) }
    FileHandle.standardError.write("latent-bench: \(e.description)\n\(BenchOptions.usage)\n".data(using: .utf8)!)
    exit(2)
}
if options.isolate && options.cases.count > 1 {
    exit(runIsolated(options, arguments: arguments))
}
setBlasThreads(options.threads, splitInLatent: options.splitInLatent)
do {
    for c in options.cases {
        switch c {
        case "gemm": GemmCase.run(options)
        case "conv": ConvCase.run(options)
        case "frechet": try FrechetCase.run(options)
        case "gne": try TrainCase.run(.gne, options)
        case "gnd": try TrainCase.run(.gnd, options)
        case "vae": try TrainCase.run(.vae, options)
        case "scale": try ScaleCase.run(options)
        case "infer": try InferCase.run(options)
        case "graph": try GraphCase.run(options)
        case "eval": try EvalCase.run(options)
        case "load": try LoadCase.run(options)
        case "figures": try FiguresCase.run(options)
        case "neighbour": try NeighbourCase.run(options)
        case "threads": try ThreadsCase.run(options)
        case let name where ConvTrainCase.cases.contains(name): try ConvTrainCase.run(name, options)
        default: break
        }
    }
} catch {
    FileHandle.standardError.write("latent-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
