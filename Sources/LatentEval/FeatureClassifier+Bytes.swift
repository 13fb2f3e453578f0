import LatentCore

/// The byte form of a trained `FeatureClassifier`, for caching it beside the data it was trained on.
///
/// Layout (all integers little-endian):
///   magic "latent-feature-classifier 1\n"
///   UInt32 inputs, UInt32 L (hidden layers), L x UInt32 widths, UInt32 C (classes), C x Int32 labels (ascending)
///   Float32 values of every parameter in order (body weight (in, out) then bias (1, out), per layer; then the head)
///   UInt64 FNV-1a checksum of every byte before it
/// Reading checks the magic, every size against the bytes present, the classes' order, that every value is
/// finite and the checksum, and throws a sentence naming what is wrong, so a damaged file is never used.
extension FeatureClassifier {
    static let magic = Array("latent-feature-classifier 1\n".utf8)
    /// Largest layer width or class count a file may declare (sizes stay far from overflow).
    static let largestSize = 1 << 20

    /// The classifier as bytes (see the layout above).
    public func bytes() -> [UInt8] {
        var out = Self.magic
        func put(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(UInt32(body.inputSize))
        let widths = body.layers.map(\.outputSize)
        put(UInt32(widths.count))
        for w in widths { put(UInt32(w)) }
        put(UInt32(classes.count))
        for c in classes { put(UInt32(bitPattern: c)) }
        for p in body.parameters + head.parameters {
            for i in 0..<p.count { put(p.value.base[i].bitPattern) }
        }
        let sum = Self.checksum(out[...])
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// A classifier read back from `bytes()`; `source` names the bytes (a file) in the error.
    public convenience init(bytes: [UInt8], source: String) throws {
        func bad(_ why: String) -> EvalError { EvalError("\(source) is not a usable feature classifier: \(why).") }
        guard bytes.count >= Self.magic.count + 8, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw bad("it does not start with the feature-classifier header")
        }
        let body = bytes[..<(bytes.count - 8)]
        var stored: UInt64 = 0
        for i in 0..<8 { stored |= UInt64(bytes[bytes.count - 8 + i]) << (8 * UInt64(i)) }
        guard stored == Self.checksum(body) else { throw bad("its checksum does not match its contents (the file is damaged)") }
        var at = Self.magic.count
        func next() throws -> UInt32 {
            guard at + 4 <= body.endIndex else { throw bad("it ends inside its header") }
            var v: UInt32 = 0
            for i in 0..<4 { v |= UInt32(body[at + i]) << (8 * UInt32(i)) }
            at += 4
            return v
        }
        func size(_ what: String, min: Int) throws -> Int {
            let v = Int(try next())
            guard v >= min, v <= Self.largestSize else { throw bad("\(what) is \(v), expected \(min) to \(Self.largestSize)") }
            return v
        }
        let inputs = try size("the input width", min: 1)
        let layers = try size("the number of hidden layers", min: 1)
        guard layers <= 64 else { throw bad("it declares \(layers) hidden layers, expected at most 64") }
        var hidden: [Int] = []
        for i in 0..<layers { hidden.append(try size("hidden width \(i + 1)", min: 1)) }
        let classCount = try size("the number of classes", min: 2)
        var classes: [Int32] = []
        for _ in 0..<classCount { classes.append(Int32(bitPattern: try next())) }
        guard zip(classes, classes.dropFirst()).allSatisfy({ $0 < $1 }) else { throw bad("its class labels are not distinct and ascending") }
        var rng = Rng(seed: 0)
        let shell = FeatureClassifier.make(inputs: inputs, hidden: hidden, classes: classes, rng: &rng)
        let params = shell.body.parameters + shell.head.parameters
        let values = params.reduce(0) { $0 + $1.count }
        guard body.endIndex - at == 4 * values else {
            throw bad("a \(inputs) -> \(hidden) -> \(classCount) net has \(values) values (\(4 * values) bytes), the file holds \(body.endIndex - at) bytes of them")
        }
        for p in params {
            for i in 0..<p.count {
                let v = Float(bitPattern: try next())
                guard v.isFinite else { throw bad("parameter \(p.name) holds a non-finite value") }
                p.value.base[i] = v
            }
        }
        self.init(body: shell.body, head: shell.head, classes: classes)
    }

    /// 64-bit FNV-1a of `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
