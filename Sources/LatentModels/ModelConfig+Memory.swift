import Foundation
import LatentCore

/// Memory planning: a model whose tables or layers cannot fit in this machine's memory is refused
/// before anything is allocated, with a sentence naming the largest piece.
extension ModelConfig {
    /// Bytes kept per parameter: the value, its gradient and Adam's two moments (Float each).
    static let bytesPerParameter = 16.0

    /// One large allocation of a model: what it is, its shape and its bytes.
    public struct Allocation: Sendable {
        /// "an embedding table", "a decoder layer".
        public var what: String
        /// Rows and columns.
        public var rows: Double, cols: Double
        /// How many matrices of this shape (residual blocks and deep stacks repeat one).
        public var copies: Double = 1
        /// Bytes of one matrix, counting the value, gradient and Adam moments.
        public var bytes: Double { rows * cols * ModelConfig.bytesPerParameter }
    }

    /// The tables and weight matrices a model of this configuration needs for `samples` x `features` data.
    public func allocations(samples: Int, features: Int) -> [Allocation] {
        let n = Double(samples), d = Double(features), k = Double(dims), w = Double(width)
        var out: [Allocation] = []
        func chain(_ what: String, _ widths: [Double]) {
            for (a, b) in zip(widths, widths.dropFirst()) { out.append(Allocation(what: what, rows: a, cols: b)) }
        }
        func repeated(_ what: String, _ a: Double, _ b: Double, _ copies: Double) {
            if copies > 0 { out.append(Allocation(what: what, rows: a, cols: b, copies: copies)) }
        }
        func decoder(inputs: Double) {
            switch self.decoder {
            case .residual:
                chain("a decoder layer", [inputs, w])
                repeated("a decoder layer", w, w, 2 * Double(blocks))
                chain("a decoder layer", [w, d])
            case .mlp:
                chain("a decoder layer", [inputs] + hidden.map(Double.init) + [d])
            }
        }
        switch kind {
        case .gne:
            out.append(Allocation(what: "an embedding table", rows: n, cols: k))
            decoder(inputs: k)
        case .gnd:
            out.append(Allocation(what: "an embedding table", rows: n, cols: k))
            out.append(Allocation(what: "an embedding table", rows: n, cols: k))
            decoder(inputs: k + Double(max(classes, 0)))
        case .vae:
            chain("an encoder layer", [d, w])
            repeated("an encoder layer", w, w, 2 * Double(blocks))
            chain("an encoder layer", [w, 2 * k])
            decoder(inputs: k)
        case .kaleido:
            guard depth >= 1 else { break }
            chain("a layer", [d, w])
            repeated("a layer", w, w, Double(depth) - 1)
            chain("a layer", [w, d])
        }
        return out
    }

    /// This machine's physical memory in bytes (`sysconf(_SC_PHYS_PAGES)` x page size).
    public static var physicalMemory: Double {
        Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Throws when the largest table or layer, or all of them together, would need more than `available` bytes.
    public func checkFitsInMemory(samples: Int, features: Int, available: Double = ModelConfig.physicalMemory) throws {
        let pieces = allocations(samples: samples, features: features)
        let limit = ModelConfig.gigabytes(available)
        if let largest = pieces.max(by: { $0.bytes < $1.bytes }), largest.bytes > available {
            throw ConfigError("\(largest.what) of \(ModelConfig.count(largest.rows)) x \(ModelConfig.count(largest.cols)) needs "
                + "\(ModelConfig.gigabytes(largest.bytes)) GB, more than this machine's \(limit) GB; "
                + "use fewer samples, dims or hidden units")
        }
        let total = pieces.reduce(0) { $0 + $1.bytes * $1.copies }
        if total > available {
            throw ConfigError("the model's tables and layers need \(ModelConfig.gigabytes(total)) GB in all, "
                + "more than this machine's \(limit) GB; use fewer samples, dims or hidden units")
        }
    }

    static func gigabytes(_ bytes: Double) -> String { String(format: "%.1f", bytes / 1e9) }
    static func count(_ value: Double) -> String { value < 1e15 ? String(Int(value)) : String(format: "%.3g", value) }
}
