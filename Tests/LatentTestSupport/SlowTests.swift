import Foundation
import XCTest

/// The slow tests' tag: a test that takes more than a few seconds in a debug build calls
/// `try SlowTests.skipWhenFast()` first, so that LATENT_TEST_FAST=1 (set by `scripts/test --fast`, the inner
/// loop) skips it with a message while `scripts/test` (what CI runs) runs everything.
public enum SlowTests {
    /// Whether this run skips slow tests (LATENT_TEST_FAST=1).
    public static var skipped: Bool { ProcessInfo.processInfo.environment["LATENT_TEST_FAST"] == "1" }

    /// Throws XCTSkip when LATENT_TEST_FAST=1.
    public static func skipWhenFast(file: StaticString = #filePath, line: UInt = #line) throws {
        if skipped {
            throw XCTSkip("slow test, skipped by LATENT_TEST_FAST=1 (scripts/test --fast); scripts/test runs it", file: file, line: line)
        }
    }
}
