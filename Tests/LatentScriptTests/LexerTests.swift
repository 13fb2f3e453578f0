import XCTest
@testable import LatentScript
