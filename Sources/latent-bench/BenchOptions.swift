import Foundation
import LatentData

/// Command-line settings of latent-bench.
struct BenchOptions {
    /// The cases run by default, in order.
    static let defaultCases = ["gemm", "conv", "gne", "gnd", "vae", "scale", "infer", "graph", "frechet", "eval", "load"]
    /// Every case: the defaults, `figures` (writes the example figures to --out; scripts/example-figures),
    /// `neighbour` (the neighbour-aware map's graph, epochs and transform; scripts/bench-peers --umap) and the
    /// conv/kaleido training cases (ConvTrainCase.cases).
    static let allCases = defaultCases + ["figures", "neighbour", "threads"] + ConvTrainCase.cases

    /// Cases to run.
    var cases: [String] = BenchOptions.defaultCases
    /// Training epochs per model case (seconds per epoch = median of epochs 2-6 when there are 6).
    var epochs = 6
    /// Epochs of the 1.28M synthetic case.
    var scaleEpochs = 1
    /// Rows of the synthetic scale set (ImageNet-at-28x28 size).
    var scaleRows = 1_281_167
    /// Points of the graph case's large NN-descent run (MNIST shifted copies; 0 skips it).
    var graphRows = 1_260_000
    /// Epochs of the neighbour case's map (its transform and kNN are measured on it).
    var mapEpochs = 30
    /// MNIST folder (IDX files); nil = search the defaults.
    var data: String? = nil
    /// OpenBLAS / kernel threads.
    var threads = 2
    /// Peak FLOP/s used for the fraction-of-peak figure (2 Zen 3 cores, bench README).
    var peakGFlops = 190.0
    /// Seed of every random draw.
    var seed: UInt64 = 1
    /// Where the plot case writes its PNG.
    var outDir = "out/bench"
    /// Split products and loops in LatentCore's own thread team (true) or leave threading to OpenBLAS.
    var splitInLatent = true
    /// Run each case in a child process so each reports its own peak RSS.
    var isolate = true

    static let usage = """
    usage: latent-bench [--cases gemm,conv,gne,gnd,vae,scale,infer,graph,frechet,eval,load] [--epochs 6] [--scale-epochs 1]
                        [--scale-rows 1281167] [--graph-rows 1260000] [--data PATH] [--threads 2] [--peak-gflops 190]
                        [--seed 1] [--out out/bench] [--threading latent|openblas] [--no-isolate] [--map-epochs 30]
    --cases figures writes the example figures to --out (not a default case); gne_conv, gne_conv32 and kaleido
    train bench_torch.py's conv generator (and latent's default-width one) and kaleido net on MNIST (not default).
    --cases neighbour: the neighbour-aware map (graph, epochs with and without the force, transform of the
                       test images) on a map of --map-epochs 30 epochs (not a default case).
    --cases threads: gne, gnd and vae epochs on 1 and on --threads (>= 2) threads, the time inside parallel
                     regions, and a model of the speed-up with its prediction at 8 and 16 threads (not default).
    Prints one JSON object per case (JSON lines). MNIST is read from --data, else ../shared/data/mnist
    relative to the working directory or the package root; cases needing it are skipped when absent.
    """

    /// Parses `args` (without the program name); throws a sentence on a bad flag.
    init(_ args: [String]) throws {
        var i = 0
        func value(_ flag: String) throws -> String {
            i += 1
            guard i < args.count else { throw BenchError("\(flag) needs a value") }
            return args[i]
        }
        func int(_ flag: String) throws -> Int {
            let v = try value(flag)
            guard let n = Int(v), n > 0 else { throw BenchError("\(flag) needs a positive integer, got '\(v)'") }
            return n
        }
        while i < args.count {
            let a = args[i]
            switch a {
            case "--cases":
                cases = try value(a).split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                for c in cases where !BenchOptions.allCases.contains(c) {
                    throw BenchError("unknown case '\(c)'; expected some of \(BenchOptions.allCases.joined(separator: ","))")
                }
            case "--epochs": epochs = try int(a)
            case "--scale-epochs": scaleEpochs = try int(a)
            case "--scale-rows": scaleRows = try int(a)
            case "--map-epochs":
                mapEpochs = try int(a)
                guard mapEpochs >= 6 else { throw BenchError("--map-epochs needs at least 6 epochs (times are the median of epochs 2-6), got \(mapEpochs)") }
            case "--graph-rows":
                let v = try value(a)
                guard let n = Int(v), n == 0 || n >= 16 else { throw BenchError("--graph-rows needs 0 or at least 16 rows, got '\(v)'") }
                graphRows = n
            case "--data": data = try value(a)
            case "--threads": threads = try int(a)
            case "--peak-gflops":
                let v = try value(a)
                guard let p = Double(v), p > 0 else { throw BenchError("--peak-gflops needs a positive number, got '\(v)'") }
                peakGFlops = p
            case "--seed":
                let v = try value(a)
                guard let s = UInt64(v) else { throw BenchError("--seed needs a non-negative integer, got '\(v)'") }
                seed = s
            case "--out": outDir = try value(a)
            case "--no-isolate": isolate = false
            case "--threading":
                let v = try value(a)
                guard v == "latent" || v == "openblas" else { throw BenchError("--threading is latent or openblas, got '\(v)'") }
                splitInLatent = v == "latent"

            case "-h", "--help": throw BenchError.help
            default: throw BenchError("unknown argument '\(a)'")
            }
            i += 1
        }
    }

    /// The MNIST folder to use, or nil when none of the candidates holds the training images.
    func mnistFolder() -> String? {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidates = data.map { [$0] } ?? [
            "../shared/data/mnist",
            packageRoot.appendingPathComponent("../shared/data/mnist").standardized.path,
        ]
        for c in candidates where MNISTFiles(folder: c) != nil { return c }
        return nil
    }

    /// MNIST train and test (the IDX files of `mnistFolder()`), scaled to [0, 1]; nil, after the JSON line
    /// that case `name` was skipped, when either is missing.
    func mnistTrainAndTest(case name: String) throws -> (train: Dataset, test: Dataset)? {
        guard let folder = mnistFolder(), let files = MNISTFiles(folder: folder),
              let testImages = files.testImages, let testLabels = files.testLabels else {
            JSONLine.emit(["case": name, "skipped": "MNIST train and test not found (\(data ?? "../shared/data/mnist")); pass --data PATH"])
            return nil
        }
        return (try DataLoader.loadIDX(files.trainImages, labelsPath: files.trainLabels).dividedBy(255),
                try DataLoader.loadIDX(testImages, labelsPath: testLabels).dividedBy(255))
    }
}

/// The IDX files of MNIST in a folder (gzipped or not).
struct MNISTFiles {
    let trainImages: String, trainLabels: String
    let testImages: String?, testLabels: String?

    init?(folder: String) {
        func find(_ name: String) -> String? {
            for suffix in [".gz", ""] {
                let p = (folder as NSString).appendingPathComponent(name + suffix)
                if FileManager.default.fileExists(atPath: p) { return p }
            }
            return nil
        }
        guard let ti = find("train-images-idx3-ubyte"), let tl = find("train-labels-idx1-ubyte") else { return nil }
        trainImages = ti; trainLabels = tl
        testImages = find("t10k-images-idx3-ubyte"); testLabels = find("t10k-labels-idx1-ubyte")
    }
}

/// A usage error, described in one sentence.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
    static let help = BenchError("help")
}
