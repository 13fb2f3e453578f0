// libFuzzer entry point for the data loaders (not part of `swift test`).
//
// scripts/fuzz-inputs compiles this file together with Sources/LatentData/*.swift (LatentCore is linked
// as a separately built module) using `swiftc -sanitize=fuzzer,address`. The loader to exercise is chosen
// by LATENT_FUZZ_FORMAT (csv, idx or npy). Each input is written to a private file and loaded through the
// public entry points, exactly as `load` does: a loader may throw (a DataError), never crash, hang or
// allocate without bound.
//   csv: the first byte picks the options (header mode, label column, delimiter), the rest is the file;
//   idx: the whole input is an IDX file (gzip-compressed when it starts with 1f 8b); loaded alone and as
//        its own labels file;
//   npy: the whole input is a .npy file; loaded whole and as rank 1 of 2 (the in-place shard reader).
import Foundation
import LatentCore

private let format = ProcessInfo.processInfo.environment["LATENT_FUZZ_FORMAT"] ?? "csv"
private let folder: String = {
    let base = ProcessInfo.processInfo.environment["LATENT_FUZZ_TMP"] ?? "/tmp"
    let f = base + "/latent-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
    return f
}()

private func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) {
    guard let f = fopen(path, "wb") else { fatalError("fuzz harness: cannot write \(path)") }
    if bytes.count > 0 { _ = fwrite(bytes.baseAddress!, 1, bytes.count, f) }
    fclose(f)
}

/// Touches what a loaded dataset offers so that lazily wrong shapes surface here.
private func exercise(_ ds: Dataset) {
    _ = ds.count
    _ = ds.features
    _ = ds.labels?.count
    if ds.count > 0 && ds.count * ds.features <= 1 << 20 { _ = ds.floatMatrix() }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func dataFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    switch format {
    case "csv":
        guard size >= 1 else { return 0 }
        let b = Int(input[0])
        var options = LoadOptions()
        options.header = [HeaderMode.auto, .present, .absent][b % 3]
        options.label = [LabelColumn.auto, .none, .first, .last, .number(1), .name("y")][(b / 3) % 6]
        options.delimiter = [nil, UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")][(b / 18) % 4]
        let path = folder + "/input.csv"
        write(UnsafeBufferPointer(rebasing: input[1...]), to: path)
        if let ds = try? DataLoader.loadCSV(path, options: options) { exercise(ds) }
    case "idx":
        let path = folder + "/input-idx3-ubyte"
        write(input, to: path)
        if let ds = try? DataLoader.loadIDX(path) { exercise(ds) }
        if let ds = try? DataLoader.loadIDX(path, labelsPath: path) { exercise(ds) }
    case "npy":
        let path = folder + "/input.npy"
        write(input, to: path)
        if let ds = try? DataLoader.loadNPY(path) { exercise(ds) }
        if let (ds, _) = try? DataLoader.loadShard(path, rank: 1, ranks: 2) { exercise(ds) }
    default:
        fatalError("LATENT_FUZZ_FORMAT must be csv, idx or npy, not '\(format)'")
    }
    return 0
}
