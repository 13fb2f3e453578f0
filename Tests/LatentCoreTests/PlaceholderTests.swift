import XCTest
@testable import LatentCore

final class LatentCorePlaceholderTests: XCTestCase {
    func testTargetBuilds() { XCTAssertTrue(true) }
}
