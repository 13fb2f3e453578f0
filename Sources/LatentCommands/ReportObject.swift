import LatentCore
import LatentData

/// The numbers an evaluation produced, readable as members (`r = eval m d` then `print r.accuracy`).
public final class ReportObject: ScriptObject {
    /// Metric values by name.
    public let metrics: [String: Double]
    /// The printed report.
    public let text: String
    init(metrics: [String: Double], text: String) { self.metrics = metrics; self.text = text }
    public static let typeName = "Report"
    public var quietWhenUnbound: Bool { true }
    public var summary: String {
        metrics.keys.sorted().map { "\($0) \(formatMetric(metrics[$0]!))" }.joined(separator: ", ")
    }
    public func member(_ name: String) -> Value? { metrics[name].map { .number($0) } }
    public var memberNames: [String] { metrics.keys.sorted() }
}

/// A number as a user wrote it: integers without decimals, others with up to 6 significant digits.
func formatNumber(_ v: Double) -> String {
    v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.6g", v)
}

/// Four significant decimals, the way every metric is printed.
func formatMetric(_ v: Double) -> String {
    if v == 0 { return "0" }
    if abs(v) >= 1e-3 && abs(v) < 1e5 { return String(format: "%.4f", v) }
    return String(format: "%.4g", v)
}

import Foundation
