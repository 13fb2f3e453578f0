import XCTest
@testable import LatentEval

final class LatentEvalPlaceholderTests: XCTestCase {
    func testTargetBuilds() { XCTAssertTrue(true) }
}
