import XCTest
import Foundation
@testable import LatentCore

final class FastMathTests: XCTestCase {
    func testExpSigmoidTanhAgainstLibm() {
        var worstExp = 0.0, worstSig = 0.0, worstTanh = 0.0
        var x: Float = -30
        while x < 30 {
            let v = FastMath.V(repeating: x)
            worstExp = max(worstExp, abs(Double(FastMath.exp(v)[0]) - exp(Double(x))) / exp(Double(x)))
            worstSig = max(worstSig, abs(Double(FastMath.sigmoid(v)[0]) - 1 / (1 + exp(-Double(x)))))
            worstTanh = max(worstTanh, abs(Double(FastMath.tanh(v)[0]) - tanh(Double(x))))
            x += 0.0137
        }
        XCTAssertLessThan(worstExp, 4e-7, "exp relative error")
        XCTAssertLessThan(worstSig, 2e-7, "sigmoid absolute error")
        XCTAssertLessThan(worstTanh, 4e-7, "tanh absolute error")
    }

    func testExtremesStayFinite() {
        let v = FastMath.V(-1000, -100, -88, 0, 88, 100, 1000, .infinity)
        let s = FastMath.sigmoid(v)
        for i in 0..<8 { XCTAssertTrue(s[i].isFinite && s[i] >= 0 && s[i] <= 1, "sigmoid(\(v[i])) = \(s[i])") }
        let t = FastMath.tanh(v)
        for i in 0..<8 { XCTAssertTrue(t[i] >= -1 && t[i] <= 1, "tanh(\(v[i])) = \(t[i])") }
    }

    func testMapHandlesTail() {
        var a: [Float] = (0..<11).map { Float($0) - 5 }
        a.withUnsafeMutableBufferPointer { FastMath.map($0.baseAddress!, count: 11, FastMath.tanh) }
        for (i, v) in a.enumerated() { XCTAssertEqual(Double(v), tanh(Double(i) - 5), accuracy: 1e-6) }
    }
}
