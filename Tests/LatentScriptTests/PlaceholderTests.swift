import XCTest
@testable import LatentScript

final class LatentScriptPlaceholderTests: XCTestCase {
    func testTargetBuilds() { XCTAssertTrue(true) }
}
