import Foundation
@testable import NumericCore
import XCTest

/// The scalar building blocks checked against values computed another way: `addScaled` against
/// exact integer arithmetic and the standard library's fused multiply-add, the generic exp,
/// sigmoid and tanh against the C library's (in a test only: the tutorial never calls it).
final class ScalarKernelTests: XCTestCase {
    /// With small integers every product and sum is exact, so y + a·x is known without rounding.
    func testAddScaledIsYPlusAXExactlyOnIntegers() {
        for count in [0, 1, 15, 16, 17, 33, 100] {
            let x = (0..<count).map { Float($0 % 13 - 6) }
            var y = (0..<count).map { Float($0 % 7 * 3 - 9) }
            let expected = (0..<count).map { y[$0] + -4 * x[$0] }
            y.withUnsafeMutableBufferPointer { y in
                x.withUnsafeBufferPointer { x in addScaled(y.baseAddress!, -4, x.baseAddress!, count: count) }
            }
            XCTAssertEqual(y, expected, "count \(count)")
        }
    }

    /// On arbitrary floats, each element is one fused multiply-add, vector part and tail alike.
    func testAddScaledRoundsOnceAsAFusedMultiplyAdd() {
        var random = Xoshiro256(seed: 3)
        let count = 37
        let x = (0..<count).map { _ in random.float(in: -1...1) }
        let y0 = (0..<count).map { _ in random.float(in: -1...1) }
        let a: Float = 0.123_456_7
        var y = y0
        y.withUnsafeMutableBufferPointer { y in
            x.withUnsafeBufferPointer { x in addScaled(y.baseAddress!, a, x.baseAddress!, count: count) }
        }
        XCTAssertEqual(y.map(\.bitPattern), (0..<count).map { y0[$0].addingProduct(a, x[$0]).bitPattern })
    }

    /// Units in the last place between `value` and the correctly rounded `exact`.
    private func ulps<T: BinaryFloatingPoint>(_ value: T, _ exact: T) -> T {
        abs(value - exact) / exact.ulp
    }

    /// The claim in `ScalarActivations.swift`: a few units in the last place, in `Float` and `Double`.
    func testExpIsWithinTwoUnitsInTheLastPlace() {
        var worstFloat: Float = 0, worstDouble = 0.0
        for i in -4000...4000 {
            let x = Double(i) / 50 + 0.001_7  // -80 … 80, off the round numbers
            worstDouble = max(worstDouble, ulps(Activation.exp(x), Foundation.exp(x)))
            let f = Float(x)
            worstFloat = max(worstFloat, ulps(Activation.exp(f), Float(Foundation.exp(Double(f)))))
        }
        XCTAssertLessThanOrEqual(worstFloat, 2, "Float")
        XCTAssertLessThanOrEqual(worstDouble, 2, "Double")
        XCTAssertEqual(Activation.exp(0.0), 1)
        XCTAssertEqual(Activation.exp(-2000.0), 0)
        XCTAssertEqual(Activation.exp(Float(1000)), .infinity)
        XCTAssert(Activation.exp(Double.nan).isNaN)
    }

    /// σ and tanh, within a few units of the last place of their largest value (1), across the range the gates see.
    func testSigmoidAndTanhAgreeWithTheLibrary() {
        for i in -3000...3000 {
            let x = Double(i) / 100 + 0.000_3
            XCTAssertEqual(
                Activation.sigmoid(x), 1 / (1 + Foundation.exp(-x)), accuracy: 4 * Double.ulpOfOne, "σ(\(x))")
            XCTAssertEqual(Activation.tanh(x), Foundation.tanh(x), accuracy: 4 * Double.ulpOfOne, "tanh(\(x))")
            let f = Float(x)
            XCTAssertEqual(
                Activation.sigmoid(f), Float(1 / (1 + Foundation.exp(-Double(f)))), accuracy: 2 * Float.ulpOfOne)
            XCTAssertEqual(Activation.tanh(f), Float(Foundation.tanh(Double(f))), accuracy: 2 * Float.ulpOfOne)
        }
    }
}
