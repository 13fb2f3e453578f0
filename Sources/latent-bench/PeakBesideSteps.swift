import LatentCore

/// Times the steps of a training run with a peak sgemm product after every step, so each step has the
/// machine's peak measured right beside it as the load of a shared machine changes: per epoch, the
/// steps' wall and CPU seconds (the intervals between steps with the peak products taken out) and the
/// peak products' GFLOP/s. Used by `TrainCase` and `ConvTrainCase` through `onBatch` and `onEpoch`.
final class PeakBesideSteps {
    let peak: ConvCase.Peak
    /// Per epoch: wall seconds of its steps, CPU seconds of its steps, the peak products' GFLOP/s.
    private(set) var seconds: [Double] = [], cpuSeconds: [Double] = [], peakGFlops: [Double] = []
    private var stepSum = 0.0, cpuSum = 0.0, peakSum = 0.0, peakRuns = 0
    private var last = Measure.now(), lastCPU = Measure.cpuSeconds()

    /// Warms `peak` up once and starts the clock.
    init(_ peak: ConvCase.Peak) {
        self.peak = peak
        peak.run()
        last = Measure.now()
        lastCPU = Measure.cpuSeconds()
    }

    /// After a step: books the step's time, then runs and times one peak product.
    func afterStep() {
        stepSum += Measure.now() - last
        cpuSum += Measure.cpuSeconds() - lastCPU
        peakSum += Measure.time { peak.run() }
        peakRuns += 1
        last = Measure.now()
        lastCPU = Measure.cpuSeconds()
    }

    /// At an epoch's end: closes the epoch's sums.
    func endEpoch() {
        seconds.append(stepSum)
        cpuSeconds.append(cpuSum)
        peakGFlops.append(Double(peakRuns) * peak.flop / peakSum / 1e9)
        stepSum = 0; cpuSum = 0; peakSum = 0; peakRuns = 0
    }

    /// Epochs 2-6 (or what there is, the first only when alone): the window the medians are taken over.
    var window: Range<Int> { seconds.count >= 6 ? 1..<6 : (seconds.count > 1 ? 1 : 0)..<seconds.count }

    /// Per epoch of the window: (epoch FLOP / epoch seconds) / (peak FLOP / peak seconds).
    func fractions(flopPerEpoch flop: Double) -> [Double] {
        window.map { flop / seconds[$0] / 1e9 / peakGFlops[$0] }
    }
}
