import LatentCore

/// GEMM throughput for the shapes of one GNE/VAE training step at batch 1024, width 64, d = 784.
enum GemmCase {
    /// One product `op(a)·op(b)` with op(a) (m,k), op(b) (k,n), and where it occurs.
    struct Shape {
        let name: String, m: Int, k: Int, n: Int, transA: Bool, transB: Bool
    }

    /// Forward products and their two backprop partners (dW = xᵀ·dy, dx = dy·Wᵀ).
    static let shapes: [Shape] = [
        Shape(name: "fwd x·W 1024x784x64 (vae encoder in)", m: 1024, k: 784, n: 64, transA: false, transB: false),
        Shape(name: "bwd dW=xT·dy 784x1024x64", m: 784, k: 1024, n: 64, transA: true, transB: false),
        Shape(name: "fwd h·W 1024x64x64 (residual blocks)", m: 1024, k: 64, n: 64, transA: false, transB: false),
        Shape(name: "bwd dW=hT·dy 64x1024x64", m: 64, k: 1024, n: 64, transA: true, transB: false),
        Shape(name: "bwd dx=dy·WT 1024x64x64", m: 1024, k: 64, n: 64, transA: false, transB: true),
        Shape(name: "fwd h·W 1024x64x784 (decoder out)", m: 1024, k: 64, n: 784, transA: false, transB: false),
        Shape(name: "bwd dW=hT·dy 64x1024x784", m: 64, k: 1024, n: 784, transA: true, transB: false),
        Shape(name: "bwd dx=dy·WT 1024x784x64", m: 1024, k: 784, n: 64, transA: false, transB: true),
    ]

    static func run(_ o: BenchOptions) {
        var rng = Rng(seed: o.seed)
        var rows: [[String: Any]] = []
        for s in shapes {
            let a = s.transA ? Matrix(rows: s.k, cols: s.m) : Matrix(rows: s.m, cols: s.k)
            let b = s.transB ? Matrix(rows: s.n, cols: s.k) : Matrix(rows: s.k, cols: s.n)
            let c = Matrix(rows: s.m, cols: s.n)
            rng.fillUniform(a.base, count: a.count, -1, 1)
            rng.fillUniform(b.base, count: b.count, -1, 1)
            let flop = 2.0 * Double(s.m * s.k * s.n)
            var row: [String: Any] = ["shape": s.name, "m": s.m, "k": s.k, "n": s.n, "mflop": flop / 1e6]
            for threads in Set([1, o.threads]).sorted() {
                setBlasThreads(threads, splitInLatent: o.splitInLatent)
                gemm(a, s.transA, b, s.transB, c)                       // warm-up
                var reps = 0
                var best = Double.infinity
                let start = Measure.now()
                // repeat for >= 0.3 s; keep the median of per-call times
                var times: [Double] = []
                while Measure.now() - start < 0.3 || reps < 5 {
                    let t = Measure.time { gemm(a, s.transA, b, s.transB, c) }
                    times.append(t); best = min(best, t); reps += 1
                }
                let med = Measure.median(times)!
                row["gflops_t\(threads)"] = Measure.round(flop / med / 1e9, 1)
                row["best_gflops_t\(threads)"] = Measure.round(flop / best / 1e9, 1)
            }
            rows.append(row)
        }
        setBlasThreads(o.threads, splitInLatent: o.splitInLatent)
        JSONLine.emit(["case": "gemm", "threads": o.threads, "shapes": rows])
    }
}
