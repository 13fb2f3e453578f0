import Foundation
import LatentCore
import LatentData

/// Data-path timings on MNIST train (60000 x 784): load the gzipped IDX, one epoch of shuffled batch
/// gathers (58 x 1024 rows), the statistics pass of `standardized`, `floatMatrix`, and a CSV round trip
/// (write, then load back). Formerly LatentDataTests.BenchmarkTests (a test that could not fail).
enum LoadCase {
    static func run(_ o: BenchOptions) throws {
        guard let folder = o.mnistFolder(), let files = MNISTFiles(folder: folder) else {
            JSONLine.emit(["case": "load", "skipped": "MNIST not found (\(o.data ?? "../shared/data/mnist")); pass --data PATH"])
            return
        }
        var out: [String: Any] = ["case": "load"]
        var ds: Dataset! = nil
        out["load_idx_sec"] = Measure.round(try Measure.time {
            ds = try DataLoader.loadIDX(files.trainImages, labelsPath: files.trainLabels)
        })
        out["rows"] = ds.count
        out["features"] = ds.features
        let scaled = try ds.dividedBy(255)
        var rng = Rng(seed: o.seed)
        let perm = rng.permutation(ds.count)
        var batch = [Float](repeating: 0, count: 1024 * ds.features)
        out["epoch_of_batches_sec"] = Measure.round(Measure.time {
            var start = 0
            while start + 1024 <= perm.count {
                perm[start..<start + 1024].withUnsafeBufferPointer { rows in
                    batch.withUnsafeMutableBufferPointer { scaled.fillRows(rows, into: $0.baseAddress!) }
                }
                start += 1024
            }
        })
        out["standardized_sec"] = Measure.round(try Measure.time { _ = try ds.standardized() })
        out["float_matrix_sec"] = Measure.round(Measure.time { _ = scaled.floatMatrix() })
        try FileManager.default.createDirectory(atPath: o.outDir, withIntermediateDirectories: true)
        let csv = (o.outDir as NSString).appendingPathComponent("mnist-train.csv")
        out["write_csv_sec"] = Measure.round(try Measure.time { try CSVFormat.write(ds, to: csv) })
        var back: Dataset! = nil
        out["load_csv_sec"] = Measure.round(try Measure.time { back = try DataLoader.load(csv) })
        out["csv_round_trip_equal"] = back.count == ds.count && back.labels == ds.labels
        try? FileManager.default.removeItem(atPath: csv)
        JSONLine.emit(out)
    }
}
