// libFuzzer entry point for the checkpoint reader (not part of `swift test`).
//
// scripts/fuzz-inputs compiles this file together with Sources/LatentModels/*.swift (LatentCore is linked
// as a separately built module) using `swiftc -sanitize=fuzzer,address`. A random mutation almost never
// keeps the FNV-1a checksum in the last 8 bytes right, so the harness recomputes it before decoding:
// every input reaches the header, the config validation and the tensor reader, as a forged
// checksum-valid file would. `Checkpoint.decode` may throw, never crash, hang or allocate without bound.
import LatentCore

@_cdecl("LLVMFuzzerTestOneInput")
public func checkpointFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.count >= 24 {
        let sum = Checkpoint.fnv1a(Array(bytes[0..<(bytes.count - 8)]))
        for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
    }
    if let model = try? Checkpoint.decode(bytes, path: "fuzz.model") {
        _ = model.parameters.count
    }
    return 0
}
