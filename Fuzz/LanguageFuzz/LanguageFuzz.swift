// libFuzzer entry point for the whole language: lexer, parser, static checker and interpreter with the
// built-in commands (not part of `swift test`).
//
// scripts/fuzz-language compiles this file together with Sources/LatentScript/**/*.swift (LatentFiles as a
// separately built module) using `swiftc -sanitize=fuzzer,address -O`, the release
// optimisation level with ASan on top. Every input is decoded as UTF-8 and run as a script in a fresh
// session whose base directory is a scratch folder (so `save history`, `export` and `source` touch
// nothing else), the way `latent run` runs a file: checked first, then run statement by statement.
//
// Budgets, so that a finding is a crash and not a slow input: at most 4 KiB of program text (libFuzzer's
// -max_len), and a watchdog that raises the session's interrupt flag after 1 s of running, which every
// loop, user command and long builtin must honour (a program that ignores it is reported by libFuzzer's
// -timeout as a hang). Output goes to a discarded sink.
import Foundation
import LatentFiles

/// The scratch folder every input runs in (created once, emptied between inputs).
private let scratch: String = {
    let path = NSTemporaryDirectory() + "latent-language-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}()

/// Raises `flag` after `seconds` unless the run it guards has finished (`generation` moved on).
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    func arm(_ flag: InterruptFlag, seconds: Double) -> Int {
        lock.lock(); generation += 1; let mine = generation; lock.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock(); let current = generation == mine; lock.unlock()
            if current { flag.set() }
        }
        return mine
    }
    func disarm() { lock.lock(); generation += 1; lock.unlock() }
}
private let watchdog = Watchdog()

/// Called by libFuzzer once per input; must not crash, hang or grow memory without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func languageFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let flag = InterruptFlag()
    let session = Session(registry: .standard(), output: DiscardedOutput(), interrupt: flag, baseDirectory: scratch)
    _ = watchdog.arm(flag, seconds: 1)
    defer { watchdog.disarm() }
    let source = SourceText(name: "<fuzz>", text: text)
    for diagnostic in session.check(source).errors { _ = diagnostic.description }
    _ = session.run(text, file: "<fuzz>", keepGoing: true)
    if let names = try? FileManager.default.contentsOfDirectory(atPath: scratch) {
        for name in names { try? FileManager.default.removeItem(atPath: scratch + "/" + name) }
    }
    return 0
}
