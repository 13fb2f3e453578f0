import XCTest
@testable import LatentModels

final class LatentModelsPlaceholderTests: XCTestCase {
    func testTargetBuilds() { XCTAssertTrue(true) }
}
