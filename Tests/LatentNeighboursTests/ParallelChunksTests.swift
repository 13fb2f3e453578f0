import Foundation
import XCTest
@testable import LatentCore
@testable import LatentNeighbours

/// Evaluation's parallel loops run on LatentCore's thread team, so the `threads` setting governs them
/// too (they used Dispatch's own pool, one thread per core whatever the setting said).
final class ParallelChunksTests: XCTestCase {
    private var saved = 1
    override func setUp() { saved = blasThreads() }
    override func tearDown() { setBlasThreads(saved) }

    /// With one thread every chunk runs on the calling thread; with two, every chunk still runs once.
    func testChunksRunOnTheTeamTheThreadsSettingChose() {
        final class Record: @unchecked Sendable {
            let lock = NSLock()
            var threads: [pthread_t] = []
            var counts = [Int](repeating: 0, count: 64)
            func add(_ c: Int) { lock.withLock { threads.append(pthread_self()); counts[c] += 1 } }
        }
        setBlasThreads(1)
        let serial = Record()
        parallelChunks(64) { c in
            var s = 0.0
            for i in 0..<20_000 { s += Double(i ^ c) }     // some work, so a second pool would take chunks
            if s < 0 { print(s) }
            serial.add(c)
        }
        let me = pthread_self()
        XCTAssertEqual(serial.threads.count, 64)
        XCTAssertTrue(serial.threads.allSatisfy { pthread_equal($0, me) != 0 }, "one thread: all chunks on the caller")

        setBlasThreads(2)
        let team = Record()
        parallelChunks(64) { c in team.add(c) }
        XCTAssertEqual(team.counts, [Int](repeating: 1, count: 64), "every chunk exactly once")
    }
}
