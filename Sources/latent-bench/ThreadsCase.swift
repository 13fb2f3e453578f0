import Foundation
import LatentCore
import LatentData
import LatentModels

/// How an epoch of gne, gnd and vae (the peers' settings, MNIST) scales with threads, and a model of it.
///
/// Each model trains `--epochs` epochs on one thread with `RegionProfile` recording, then as many on
/// `--threads` threads (at least 2). From the one-thread epochs (median of epochs 2 on): the epoch time
/// T1, the time inside parallel regions by piece count q (t_q) and the serial rest S = T1 - Σ t_q.
/// The model of an epoch on p threads is
///
///     T(p) = S + Σ_q t_q · ceil(q / p) / q + R · o
///
/// (a region of q equal pieces takes ceil(q/p) piece times on p threads; R regions per epoch, each
/// costing o to start and finish). o is fitted from the measured T at `--threads`; the line reports the
/// measured and modelled speed-ups and the model's prediction at 8 and 16 threads (with o as fitted,
/// which on a loaded machine also absorbs time the OS gave to other work).
enum ThreadsCase {
    static func run(_ o: BenchOptions) throws {
        guard let data = try TrainCase.loadMNIST(o) else {
            JSONLine.emit(["case": "threads", "skipped": "MNIST not found; pass --data PATH"])
            return
        }
        let many = max(2, o.threads)
        for kind in [ModelKind.gne, .gnd, .vae] {
            setBlasThreads(1)
            RegionProfile.start()
            let one = try TrainCase.train(kind, data: data, epochs: o.epochs, o: o, label: "threads")
            let profile = RegionProfile.stop()
            setBlasThreads(many)
            let multi = try TrainCase.train(kind, data: data, epochs: o.epochs, o: o, label: "threads")
            setBlasThreads(o.threads)
            guard let t1 = one["sec_per_epoch_median_2_6"] as? Double, let tp = multi["sec_per_epoch_median_2_6"] as? Double
            else { continue }
            // the profile covers every epoch (and the peak products, which run as regions of 16 pieces):
            // scale it to one epoch of steps
            let all = (one["epoch_times"] as? [Double] ?? []).reduce(0, +)
            let peakFlop = 2.0 * 1024 * 512 * 512, batches = (data.sampleCount + 1023) / 1024
            let peakRegions = batches * o.epochs + 1
            var perEpoch: [Int: (regions: Double, seconds: Double)] = [:]
            let scale = t1 / max(all, 1e-9)
            for (q, e) in profile {
                var regions = Double(e.regions), seconds = e.seconds
                if q == GemmSplit(m: 1024, n: 512, k: 512).parts {          // take the peak products out
                    let peakSeconds = Double(peakRegions) * peakFlop / ((one["peak_sgemm_gflops"] as? Double ?? 1) * 1e9)
                    regions -= Double(peakRegions); seconds = max(0, seconds - peakSeconds)
                }
                perEpoch[q] = (regions * scale, seconds * scale)
            }
            let inRegions = perEpoch.values.reduce(0) { $0 + $1.seconds }
            let regionCount = perEpoch.values.reduce(0) { $0 + $1.regions }
            let serial = max(0, t1 - inRegions)
            func ideal(_ p: Int) -> Double {
                serial + perEpoch.reduce(0) { s, e in s + e.value.seconds * Double((e.key + p - 1) / p) / Double(e.key) }
            }
            let overhead = max(0, (tp - ideal(many)) / max(regionCount, 1))
            func model(_ p: Int) -> Double { ideal(p) + (p > 1 ? regionCount * overhead : 0) }
            JSONLine.emit([
                "case": "threads", "model": kind.rawValue, "threads": many, "epochs": o.epochs,
                "sec_per_epoch_1": Measure.round(t1), "sec_per_epoch_p": Measure.round(tp),
                "cpu_sec_per_epoch_p": multi["cpu_sec_per_epoch_median_2_6"] ?? NSNull(),
                "speedup_measured": Measure.round(t1 / tp, 3),
                "serial_sec": Measure.round(serial), "region_sec": Measure.round(inRegions),
                "serial_share": Measure.round(serial / t1, 3),
                "regions_per_epoch": Int(regionCount.rounded()),
                "region_sec_by_pieces": Dictionary(uniqueKeysWithValues: perEpoch.map { ("\($0.key)", Measure.round($0.value.seconds)) }),
                "overhead_us_per_region_fitted": Measure.round(overhead * 1e6, 2),
                "speedup_model_p": Measure.round(t1 / model(many), 3),
                "speedup_model_8": Measure.round(t1 / model(8), 2),
                "speedup_model_16": Measure.round(t1 / model(16), 2),
                "speedup_no_overhead_8": Measure.round(t1 / ideal(8), 2),
                "speedup_no_overhead_16": Measure.round(t1 / ideal(16), 2),
                "fraction_of_peak_1": one["fraction_of_peak"] ?? NSNull(),
                "load_average": GraphCase.loadAverage(),
            ])
        }
    }
}
