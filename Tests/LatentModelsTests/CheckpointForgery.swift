import Foundation
@testable import LatentCore
@testable import LatentModels

/// Crafted checkpoints: a real checkpoint's header (JSON) or tensor bytes edited, the checksum recomputed,
/// so that only the validation under test can refuse them.
enum CheckpointForgery {
    /// The parts of checkpoint `bytes`: the header as a JSON object and the tensor table (count onwards,
    /// without the checksum).
    static func split(_ bytes: [UInt8]) -> (header: [String: Any], tensors: [UInt8]) {
        let length = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let json = Data(bytes[16..<(16 + length)])
        let header = try! JSONSerialization.jsonObject(with: json) as! [String: Any]
        return (header, Array(bytes[(16 + length)..<(bytes.count - 8)]))
    }

    /// Checkpoint bytes with `header` and `tensors`, and a correct checksum.
    static func join(_ header: [String: Any], _ tensors: [UInt8]) -> [UInt8] {
        let json = [UInt8](try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        var w = ByteWriter()
        w.bytes(Checkpoint.magic)
        w.u32(Checkpoint.formatVersion)
        w.u32(UInt32(json.count))
        w.bytes(json)
        w.bytes(tensors)
        w.u64(Checkpoint.fnv1a(w.data))
        return w.data
    }

    /// `bytes` with its header edited by `edit` (checksum recomputed).
    static func editingHeader(_ bytes: [UInt8], _ edit: (inout [String: Any]) -> Void) -> [UInt8] {
        var (header, tensors) = split(bytes)
        edit(&header)
        return join(header, tensors)
    }

    /// `bytes` with the header's `config` edited by `edit` (checksum recomputed).
    static func editingConfig(_ bytes: [UInt8], _ edit: @escaping (inout [String: Any]) -> Void) -> [UInt8] {
        editingHeader(bytes) { header in
            var config = header["config"] as! [String: Any]
            edit(&config)
            header["config"] = config
        }
    }

    /// `bytes` with the float at `index` of the tensor table's `tensor`-th tensor's values, first or second
    /// moment (`part` 0, 1, 2) set to `value` (checksum recomputed).
    static func settingFloat(_ bytes: [UInt8], tensor: Int, part: Int, index: Int, to value: Float) -> [UInt8] {
        let (header, table) = split(bytes)
        var t = table
        var offset = 4
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(t[at + $1]) << (8 * $1) } }
        for i in 0...tensor {
            let nameLength = Int(t[offset]) | Int(t[offset + 1]) << 8
            offset += 2 + nameLength
            let cells = u32(offset) * u32(offset + 4)
            offset += 8
            if i == tensor {
                let at = offset + (part * cells + index) * 4
                withUnsafeBytes(of: value.bitPattern.littleEndian) { for (j, b) in $0.enumerated() { t[at + j] = b } }
            }
            offset += cells * 12
        }
        return join(header, t)
    }
}
