import Foundation

/// True when gnuplot is on PATH (plots are skipped, with a message, without it).
public let gnuplotAvailable: Bool = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
    .contains { FileManager.default.isExecutableFile(atPath: "\($0)/gnuplot") }
