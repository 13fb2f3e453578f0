import Foundation

/// How much memory this process may still allocate: the smaller of the free memory the kernel reports
/// (MemAvailable) and the room left under the process's cgroup limit (v2 memory.max, v1
/// memory.limit_in_bytes), or the bytes given in the environment variable LATENT_MEMORY_LIMIT.
public struct MemoryLimit: Sendable, Equatable {
    /// Bytes available.
    public var bytes: Double
    /// Where the figure comes from, for messages: "free memory", "the cgroup limit", "LATENT_MEMORY_LIMIT".
    public var source: String

    /// A limit of `bytes` from `source`.
    public init(bytes: Double, source: String) { self.bytes = bytes; self.source = source }

    /// The environment variable that overrides the measured limit (bytes, e.g. 2e9).
    public static let environmentVariable = "LATENT_MEMORY_LIMIT"

    /// The limit now (read afresh: free memory changes).
    public static var current: MemoryLimit {
        if let text = ProcessInfo.processInfo.environment[environmentVariable], let v = Double(text), v > 0 {
            return MemoryLimit(bytes: v, source: environmentVariable)
        }
        func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
        let groups = read("/proc/self/cgroup") ?? ""
        var folders: [(limit: String, usage: String, stat: String)] = []
        for line in groups.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[0] == "0" {
                for root in ["/sys/fs/cgroup" + path, "/sys/fs/cgroup"] {
                    folders.append((root + "/memory.max", root + "/memory.current", root + "/memory.stat"))
                }
            } else if parts[1].split(separator: ",").contains("memory") {
                for root in ["/sys/fs/cgroup/memory" + path, "/sys/fs/cgroup/memory"] {
                    folders.append((root + "/memory.limit_in_bytes", root + "/memory.usage_in_bytes", root + "/memory.stat"))
                }
            }
        }
        let cgroups = folders.compactMap { f in
            read(f.limit).map { (limit: $0, usage: read(f.usage) ?? "0", stat: read(f.stat) ?? "") }
        }
        let physical = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
        return from(meminfo: read("/proc/meminfo"), cgroups: cgroups, physical: physical)
    }

    /// The limit from the text of /proc/meminfo and of each cgroup's limit, usage and memory.stat files
    /// ("max" or a figure of 2^62 or more is no limit); `physical` when nothing is readable.
    static func from(meminfo: String?, cgroups: [(limit: String, usage: String, stat: String)], physical: Double) -> MemoryLimit {
        var best = MemoryLimit(bytes: physical, source: "physical memory")
        if let meminfo, let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
            best = MemoryLimit(bytes: kb * 1024, source: "free memory")
        }
        for group in cgroups {
            guard let limit = Double(group.limit.trimmingCharacters(in: .whitespacesAndNewlines)), limit < 0x1p62 else { continue }
            let usage = Double(group.usage.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            // page cache the kernel can drop counts as free (memory.stat: inactive_file, v1 total_inactive_file)
            let cache = group.stat.split(separator: "\n").compactMap { line -> Double? in
                let f = line.split(separator: " ")
                return f.count == 2 && (f[0] == "inactive_file" || f[0] == "total_inactive_file") ? Double(f[1]) : nil
            }.first ?? 0
            let room = max(0, limit - max(0, usage - cache))
            if room < best.bytes { best = MemoryLimit(bytes: room, source: "the cgroup limit") }
        }
        return best
    }

    /// "4.2 GB available to latent (free memory)".
    public var text: String { "\(MemoryEstimate.size(bytes)) available to latent (\(source))" }
}
