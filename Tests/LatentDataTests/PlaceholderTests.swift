import XCTest
@testable import LatentData

final class LatentDataPlaceholderTests: XCTestCase {
    func testTargetBuilds() { XCTAssertTrue(true) }
}
