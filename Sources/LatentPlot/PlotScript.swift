import LatentFiles

/// A gnuplot script under construction: command lines interleaved with binary inline data blocks.
///
/// gnuplot reads the whole script as a file, so an error stops it at the failing command (a command
/// piped on stdin would instead carry on and parse the binary data that follows as commands).
/// Each data block follows the `plot` command that names it as `'-' binary record=(N) format=...`.
public struct PlotScript: Sendable {
    /// One piece of the script.
    public enum Chunk: Sendable {
        /// Command text (already newline-terminated).
        case text(String)
        /// Raw binary records read by a preceding `'-' binary` plot element.
        case data(DataBlock)

        /// Whether this chunk is a data block.
        var isData: Bool {
            if case .data = self { return true }
            return false
        }
    }

    /// The pieces in order; consecutive data blocks belong to the same plot command.
    public private(set) var chunks: [Chunk] = []

    /// An empty script.
    public init() {}

    /// A script made of raw command text (no data blocks).
    public init(raw text: String) {
        chunks = [.text(text.hasSuffix("\n") ? text : text + "\n")]
    }

    /// Appends one command line.
    public mutating func line(_ command: String) {
        chunks.append(.text(command + "\n"))
    }

    /// Appends a data block; call after the `plot` line that consumes it, in element order.
    public mutating func data(_ block: DataBlock) {
        chunks.append(.data(block))
    }

    /// The command text with each data block shown as `<binary data: N records of K fields>`.
    public var text: String {
        var out = ""
        for chunk in chunks {
            switch chunk {
            case .text(let t): out += t
            case .data(let b): out += "<binary data: \(b.records) records of \(b.fields) fields>\n"
            }
        }
        return out
    }

    /// The exact bytes gnuplot will read.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunks.reduce(0) {
            switch $1 {
            case .text(let t): return $0 + t.utf8.count
            case .data(let b): return $0 + b.byteCount + 1
            }
        })

        for (k, chunk) in chunks.enumerated() {
            switch chunk {
            case .text(let t): out.append(contentsOf: Array(t.utf8))
            case .data(let b):
                b.storage.withUnsafeBytes { out.append(contentsOf: $0) }
                // Blocks of one plot command must be contiguous; a newline ends the last one.
                if k + 1 == chunks.count || !chunks[k + 1].isData { out.append(0x0A) }
            }
        }
        return out
    }
}

/// Binary records of 4-byte fields (native-endian `float` or `uint32`) for gnuplot's `binary` modifier.
public struct DataBlock: Sendable {
    /// Fields per record.
    public let fields: Int
    /// Flat field storage; `uint32` fields are stored by bit pattern.
    var storage: [Float] = []

    /// An empty block whose records have `fields` 4-byte fields.
    public init(fields: Int, reserve records: Int = 0) {
        precondition(fields > 0, "a data block needs at least one field")
        self.fields = fields
        storage.reserveCapacity(records * fields)
    }

    /// Number of complete records.
    public var records: Int { storage.count / fields }

    /// Size in bytes.
    public var byteCount: Int { storage.count * MemoryLayout<Float>.size }

    /// Appends one `%float` field.
    public mutating func float(_ x: Float) { storage.append(x) }

    /// Appends one `%uint32` field (e.g. a 0xAARRGGBB colour for `lc rgb variable`).
    public mutating func uint(_ u: UInt32) { storage.append(Float(bitPattern: u)) }

    /// Appends a whole array of floats (image pixels).
    public mutating func floats(_ xs: UnsafeBufferPointer<Float>) { storage.append(contentsOf: xs) }
}

extension PlotScript {
    /// A gnuplot single-quoted string literal; newlines become spaces and `'` is doubled.
    static func quote(_ s: String) -> String {
        var body = ""
        for ch in s {
            switch ch {
            case "'": body += "''"
            case "\n", "\r", "\t": body += " "
            // other control characters (ESC of a terminal sequence in a class name) are shown, not sent:
            // the dumb terminal prints legends to the user's terminal
            case _ where ch.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }):
                body += Escaped.text(String(ch))
            default: body.append(ch)
            }
        }
        return "'" + body + "'"
    }

    /// A number in gnuplot syntax (finite, no exponent surprises).
    static func num(_ x: Double) -> String {
        guard x.isFinite else { return "NaN" }
        if x.rounded() == x && abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }
}
