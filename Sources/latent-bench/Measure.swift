import Foundation
import LatentCore

/// Wall-clock and memory measurements.
enum Measure {
    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Seconds taken by `body`.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let t0 = now()
        try body()
        return now() - t0
    }

    /// Wall-clock and CPU seconds (all threads) taken by `body`.
    static func times(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
        let t0 = now(), c0 = cpuSeconds()
        try body()
        return (round(now() - t0), round(cpuSeconds() - c0))
    }

    /// User plus system CPU seconds of this process so far (all threads; getrusage).
    static func cpuSeconds() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6
    }

    /// Peak resident set size of this process so far, in MiB (getrusage ru_maxrss).
    static func peakRSSMiB() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }

    /// Current resident set size in MiB (/proc/self/statm).
    static func currentRSSMiB() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = s.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// The median of `xs` (mean of the middle two for even counts).
    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Rounds to `digits` decimals (for readable JSON).
    static func round(_ x: Double, _ digits: Int = 4) -> Double {
        let f = pow(10, Double(digits))
        return (x * f).rounded() / f
    }
}

/// Writes one JSON object per line to stdout.
enum JSONLine {
    static func emit(_ object: [String: Any]) {
        var o = object
        o["peak_rss_mib"] = Measure.round(Measure.peakRSSMiB(), 1)
        o["blas_core"] = blasCoreName()
        guard let data = try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]),
              let s = String(data: data, encoding: .utf8) else { return }
        print(s)
        fflush(nil)
    }
}
