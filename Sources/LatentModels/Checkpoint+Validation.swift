import Foundation
import LatentCore

/// Everything a checkpoint says is checked before it is believed: the header's config exactly as a typed
/// `model` command is (`ModelConfig.validate`), its sizes, optimiser state and pinned rows, the length the
/// header implies against the file's length (before anything is allocated), and every tensor for
/// non-finite values. Every sentence names the file.
extension Checkpoint {
    /// The largest Adam step count a checkpoint may hold: far beyond any real run, far from Int overflow.
    public static let maximumAdamStep = 1 << 40

    /// Throws unless `header` describes a model that can be built from the `bytes.count` bytes of the file,
    /// whose tensor table starts at `offset`.
    static func validate(_ header: Header, bytes: [UInt8], offset: Int, path: String) throws {
        func fail(_ reason: String) -> CheckpointError { CheckpointError(path: path, reason) }
        let config = header.config, kind = config.kind.rawValue
        do { try config.validate(forBuilding: true) } catch { throw fail("has an invalid \(kind) configuration: \(error)") }
        guard (1...ModelConfig.maximumSize).contains(header.features) else {
            throw fail("has features=\(header.features); expected 1 to \(ModelConfig.maximumSize)")
        }
        let hasTables = config.kind.descriptor.hasTables
        if hasTables {
            guard header.tableRows >= 1 else { throw fail("has tableRows=\(header.tableRows); a \(kind) model needs at least 1") }
        } else {
            guard header.tableRows == 0 else { throw fail("has tableRows=\(header.tableRows); a \(kind) model has no tables (expected 0)") }
        }
        do { try header.adam.validate() } catch { throw fail("has invalid optimiser settings: \(error)") }
        guard header.adam.epsilon.isFinite else { throw fail("has invalid optimiser settings: epsilon must be finite") }
        guard (0...maximumAdamStep).contains(header.adamStep) else {
            throw fail("has adamStep=\(header.adamStep); expected 0 to \(maximumAdamStep)")
        }
        if let bad = header.pinned.first(where: { !(0..<header.tableRows).contains($0) }) {
            throw fail("pins row \(bad); " + (hasTables ? "the table's rows are 0 to \(header.tableRows - 1)" : "a \(kind) model has no tables"))
        }
        guard Set(header.pinned).count == header.pinned.count else { throw fail("pins a row more than once") }
        try validateLabels(header, path: path)

        // sizes against the file, before the model is built
        let shapes = config.tensors(samples: header.tableRows, features: header.features)
        var r = ByteReader(bytes: bytes, path: path, offset: offset)
        let count = Int(try r.u32())
        let expected = TensorShape.count(shapes)
        guard Double(count) == expected else {
            throw fail("holds \(count) tensors, a \(kind) model of this shape has \(MemoryEstimate.count(expected))")
        }
        let available = bytes.count - r.offset - 8
        let needed = minimumTensorBytes(shapes)
        if needed.map({ $0 > available }) ?? true {
            let size = needed.map { "\($0) bytes" } ?? "more than 2^63 bytes"
            throw fail("has a header that describes \(size) of tensors (a \(kind) model"
                + (hasTables ? " of \(header.tableRows) samples" : "") + " x \(header.features) features), "
                + "but only \(max(available, 0)) bytes follow it; the header's sizes are wrong")
        }
    }

    /// The fewest bytes the tensor table of `shapes` takes (a name of 0 bytes each), nil on overflow.
    static func minimumTensorBytes(_ shapes: [TensorShape]) -> Int? {
        var total = 0
        for s in shapes {
            // per tensor: u16 name length, u32 rows, u32 cols, then values and two moments of 4 bytes each
            let (cells, o1) = s.rows.multipliedReportingOverflow(by: s.cols)
            let (floats, o2) = cells.multipliedReportingOverflow(by: 12)
            let (one, o3) = floats.addingReportingOverflow(10)
            let (all, o4) = one.multipliedReportingOverflow(by: s.copies)
            let (sum, o5) = total.addingReportingOverflow(all)
            guard !(o1 || o2 || o3 || o4 || o5) else { return nil }
            total = sum
        }
        return total
    }

    /// Throws when a value or moment of `p` is NaN or infinite, or a second moment is negative.
    static func checkFinite(_ p: Parameter, path: String) throws {
        for (what, m) in [("", p.value), ("'s first Adam moment", p.moment1), ("'s second Adam moment", p.moment2)] {
            let values = UnsafeBufferPointer(start: m.base, count: m.count)
            guard let i = values.firstIndex(where: { !$0.isFinite || (m === p.moment2 && $0 < 0) }) else { continue }
            throw CheckpointError(path: path, "has tensor \(p.name)\(what) holding \(values[i]) at row \(i / m.cols), "
                + "column \(i % m.cols); every value of a model must be finite")
        }
    }

    /// A decoding failure of the JSON header in words: which field, and what is wrong with it.
    static func headerProblem(_ error: Error) -> String {
        func field(_ path: [CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: return "lacks the field \(field(context.codingPath + [key]))"
        case .valueNotFound(_, let context)?: return "has no value for \(field(context.codingPath))"
        case .typeMismatch(let type, let context)?: return "has \(field(context.codingPath)) of the wrong type (expected \(type))"
        case .dataCorrupted(let context)? where !context.codingPath.isEmpty:
            return "has an invalid \(field(context.codingPath)): \(context.debugDescription)"
        default: return "is not valid JSON"
        }
    }
}
