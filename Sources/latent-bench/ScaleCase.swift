import LatentCore
import LatentData
import LatentModels

/// One GNE epoch on a synthetic uint8 set of ImageNet size at 28x28 (1,281,167 x 784): time and memory.
enum ScaleCase {
    static func run(_ o: BenchOptions) throws {
        let n = o.scaleRows, d = 784
        var rng = Rng(seed: o.seed)
        var bytes = [UInt8](repeating: 0, count: n * d)
        let genSeconds = Measure.time {
            bytes.withUnsafeMutableBytes { raw in
                // 8 random bytes per draw; the data are stored as bytes only (no float copy)
                let words = raw.count / 8
                let w = raw.baseAddress!.bindMemory(to: UInt64.self, capacity: words)
                for i in 0..<words { w[i] = rng.next() }
                for i in (words * 8)..<raw.count { raw[i] = UInt8(truncatingIfNeeded: rng.next()) }
            }
        }
        let data = try Dataset(name: "synthetic", count: n, features: d, storage: .uint8(bytes)).dividedBy(255)
        bytes = []
        let rssData = Measure.peakRSSMiB()
        var r = try TrainCase.train(.gne, data: data, epochs: o.scaleEpochs, o: o, label: "scale")
        let times = r["epoch_times"] as? [Double] ?? []
        r["sec_per_epoch"] = Measure.median(times).map { Measure.round($0) }
        // cost per row: linear in n when these agree across --scale-rows (e.g. 100000, 400000, 1600000)
        r["us_per_row"] = Measure.median(times).map { Measure.round($0 / Double(n) * 1e6, 3) }
        if let cpu = r["cpu_sec_per_epoch_median_2_6"] as? Double {
            r["cpu_us_per_row"] = Measure.round(cpu / Double(n) * 1e6, 3)
        }
        r["generate_sec"] = Measure.round(genSeconds, 2)
        r["storage_mib"] = Measure.round(Double(data.storageBytes) / 1_048_576, 1)
        r["peak_rss_after_data_mib"] = Measure.round(rssData, 1)
        r["fits_4gb"] = Measure.peakRSSMiB() <= 4096
        for key in ["sec_per_epoch_median_2_6", "gflops_achieved", "fraction_of_peak"] where o.scaleEpochs < 2 {
            r.removeValue(forKey: key)
        }
        JSONLine.emit(r)
    }
}
