import Foundation

/// How much memory this process may still allocate: the smaller of the free memory the kernel reports
/// (MemAvailable), the room left under the process's cgroup limit (v2 memory.max, v1
/// memory.limit_in_bytes) and the room left under its address-space and data limits (`ulimit -v`,
/// RLIMIT_AS and RLIMIT_DATA, which batch schedulers set: past them an allocation fails and Swift aborts),
/// or the amount given in the environment variable LATENT_MEMORY_LIMIT.
///
/// `require(_:for:)` is the memory guard: every allocation whose size input decides (datasets, copies,
/// augmented rows, decoded images, lists and strings the language builds, models) asks it first, so a
/// request that cannot fit is refused with a sentence instead of ending the process.
public struct MemoryLimit: Sendable, Equatable {
    /// Bytes available.
    public var bytes: Double
    /// Where the figure comes from, for messages: "free memory", "the cgroup limit", "LATENT_MEMORY_LIMIT".
    public var source: String

    /// A limit of `bytes` from `source`.
    public init(bytes: Double, source: String) { self.bytes = bytes; self.source = source }

    /// The environment variable that overrides the measured limit: bytes (2e9, 2000000000) or an amount
    /// with a unit (512M, 1G, 1.5GB, 2GiB, 800 MB; K, M, G, T are powers of 1024, KB, MB, GB, TB of 1000).
    public static let environmentVariable = "LATENT_MEMORY_LIMIT"

    /// Requests below this many bytes are not checked (reading the limit costs a few file reads).
    public static let unchecked: Double = 16 * 1024 * 1024

    /// The limit now (read afresh: free memory changes). An unreadable LATENT_MEMORY_LIMIT is ignored
    /// here; `environmentProblem` names it, and `require` refuses to allocate while it stands.
    public static var current: MemoryLimit {
        if let text = ProcessInfo.processInfo.environment[environmentVariable], let v = try? parse(text) {
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
        var best = from(meminfo: read("/proc/meminfo"), cgroups: cgroups, physical: physical)
        if let room = processLimitRoom(status: read("/proc/self/status")), room.bytes < best.bytes { best = room }
        return best
    }

    /// The room left under RLIMIT_AS (against the process's virtual size, VmSize) and RLIMIT_DATA
    /// (against its data segment, VmData), from the text of /proc/self/status; nil when neither is set.
    static func processLimitRoom(status: String?) -> MemoryLimit? {
        func used(_ field: String) -> Double {
            guard let line = status?.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
                  let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
            return kb * 1024
        }
        var best: MemoryLimit?
        for (resource, field, name) in [(RLIMIT_AS, "VmSize", "the address-space limit of ulimit -v"),
                                        (RLIMIT_DATA, "VmData", "the data-segment limit of ulimit -d")] {
            var limit = rlimit()
            #if canImport(Glibc)
            let got = getrlimit(__rlimit_resource_t(resource.rawValue), &limit)
            #else
            let got = getrlimit(resource, &limit)
            #endif
            guard got == 0, limit.rlim_cur < 1 << 62 else { continue }   // RLIM_INFINITY is all ones
            let room = max(0, Double(limit.rlim_cur) - used(field))
            if room < best?.bytes ?? .infinity { best = MemoryLimit(bytes: room, source: name) }
        }
        return best
    }

    /// Bytes in an amount such as "2e9", "512M", "1G", "1.5 GB" or "2GiB" (K/M/G/T and KiB/MiB/GiB/TiB:
    /// powers of 1024; KB/MB/GB/TB: powers of 1000; B or nothing: bytes). Throws a sentence for anything else.
    public static func parse(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let unitStart = trimmed.firstIndex { $0.isLetter && $0 != "e" && $0 != "E" } ?? trimmed.endIndex
        let number = String(trimmed[..<unitStart]).trimmingCharacters(in: .whitespaces)
        let unit = trimmed[unitStart...].uppercased()
        let factors: [String: Double] = ["": 1, "B": 1,
            "K": 0x1p10, "KIB": 0x1p10, "KB": 1e3, "M": 0x1p20, "MIB": 0x1p20, "MB": 1e6,
            "G": 0x1p30, "GIB": 0x1p30, "GB": 1e9, "T": 0x1p40, "TIB": 0x1p40, "TB": 1e12]
        guard let value = Double(number), value.isFinite, value > 0, let factor = factors[unit] else {
            throw MemoryRefusal("\(environmentVariable)=\(text) cannot be read; expected a positive amount such as 2e9, 512M, 1G or 1.5GB")
        }
        return value * factor
    }

    /// The sentence refusing LATENT_MEMORY_LIMIT when it is set but cannot be read (nil otherwise).
    public static var environmentProblem: String? {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable] else { return nil }
        do { _ = try parse(text); return nil } catch { return "\(error)" }
    }

    /// Throws unless `bytes` more fit in the memory available now; `what` names the request in the
    /// sentence ("augment copies=1000000 of 1797 rows x 64 features"). Requests below `unchecked` pass.
    public static func require(_ bytes: Double, for what: @autoclosure () -> String) throws {
        guard bytes >= unchecked else { return }
        if let problem = environmentProblem { throw MemoryRefusal(problem) }
        let limit = current
        if !(bytes <= limit.bytes) {
            throw MemoryRefusal("\(what()) needs \(size(bytes)), more than the \(limit.text)")
        }
    }

    /// "12.3 GB", "85 MB" below a gigabyte, "1.5 MB" below 10 MB, "12 KB" below a megabyte.
    public static func size(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9)
            : bytes >= 1e7 ? String(format: "%.0f MB", bytes / 1e6)
            : bytes >= 1e6 ? String(format: "%.1f MB", bytes / 1e6) : String(format: "%.0f KB", bytes / 1e3)
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
    public var text: String { "\(MemoryLimit.size(bytes)) available to latent (\(source))" }
}

/// A request for memory the guard refused, as one sentence.
public struct MemoryRefusal: Error, CustomStringConvertible, Sendable {
    /// What was asked for, how much it needs and how much is available.
    public let description: String
    /// A refusal saying `description`.
    public init(_ description: String) { self.description = description }
}
