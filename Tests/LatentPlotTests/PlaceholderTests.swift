import XCTest
@testable import LatentPlot

final class LatentPlotPlaceholderTests: XCTestCase {
    func testTargetBuilds() { XCTAssertTrue(true) }
}
