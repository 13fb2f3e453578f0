// libFuzzer entry point for the checkpoint reader (not part of `swift test`).
//
// scripts/fuzz-inputs compiles this file together with Sources/LatentModels/*.swift (LatentCore is linked
// as a separately built module) using `swiftc -sanitize=fuzzer,address`. A random mutation almost never
// keeps the checksum (and the header's length prefix) right, so the harness repairs them: every input
// reaches the JSON header, the config validation and the tensor reader, as a forged file would.
//   - an input that starts with the magic "LATENTCK" is a whole file: only the FNV-1a checksum in the
//     last 8 bytes is recomputed;
//   - any other input is "JSON header, a 0 byte, the body": the harness writes magic, version, the
//     header's true length, the header, the body and the checksum, so mutations may change the header's
//     length freely (tableRows=1e8, blocks=1e7, ...).
// `Checkpoint.decode` may throw, never crash, hang or allocate without bound.
import LatentCore

@_cdecl("LLVMFuzzerTestOneInput")
public func checkpointFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    var bytes: [UInt8]
    if input.starts(with: Checkpoint.magic) {
        bytes = input
    } else {
        let split = input.firstIndex(of: 0) ?? input.count
        let header = input[..<split], body = input[min(split + 1, input.count)...]
        bytes = Checkpoint.magic
        withUnsafeBytes(of: Checkpoint.formatVersion.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        bytes.append(contentsOf: body)
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 8))
    }
    if bytes.count >= 24 {
        let sum = Checkpoint.fnv1a(Array(bytes[0..<(bytes.count - 8)]))
        for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
    }
    if let model = try? Checkpoint.decode(bytes, path: "fuzz.model") {
        _ = model.parameters.count
    }
    return 0
}
