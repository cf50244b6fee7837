import Foundation
import NumericCore
import XCTest

/// `exp`, `sigmoid` and `tanh` against Double's libm over their whole input
/// range: every 997th Float from -100 to 100 (about 2 million inputs, in
/// every binade), with the largest error stated and asserted. The bounds are
/// those measured over every 61st Float (35 million inputs), as the doc
/// comments in Activations.swift state them.
final class ActivationTests: XCTestCase {
    /// The largest errors over the sampled inputs: in units in the last place
    /// of the exact result, and absolute.
    struct Errors {
        var ulps: Double = 0
        var ulpsAt: Float = 0
        var absolute: Double = 0
        var absoluteAt: Float = 0
    }

    /// Every `stride`th Float in `range`, both signs, 16 at a time through `f`, against `exact`.
    func errors(
        in range: ClosedRange<Float>, stride: UInt32 = 997, excluding excluded: (Float) -> Bool = { _ in false },
        _ f: (SIMD16<Float>) -> SIMD16<Float>, _ exact: (Double) -> Double
    ) -> Errors {
        var inputs: [Float] = []
        for sign: Float in [1, -1] {
            var bits: UInt32 = 0
            while true {
                let x = sign * Float(bitPattern: bits)
                guard abs(x) <= max(abs(range.lowerBound), abs(range.upperBound)) else { break }
                if range.contains(x) && !excluded(x) { inputs.append(x) }
                bits += stride
            }
        }
        var worst = Errors()
        var start = 0
        while start < inputs.count {
            let lanes = min(16, inputs.count - start)
            var x = SIMD16<Float>(repeating: inputs[start])
            for lane in 0..<lanes { x[lane] = inputs[start + lane] }
            let y = f(x)
            for lane in 0..<lanes {
                let expected = exact(Double(x[lane]))
                let error = abs(Double(y[lane]) - expected)
                let ulp = Double(Float(expected).ulp)
                if error / ulp > worst.ulps { (worst.ulps, worst.ulpsAt) = (error / ulp, x[lane]) }
                if error > worst.absolute { (worst.absolute, worst.absoluteAt) = (error, x[lane]) }
            }
            start += lanes
        }
        return worst
    }

    /// Within 1.25 ulp on [-87, 87], the range where e^x is a normal Float.
    func testExpIsWithinOneAndAQuarterULP() {
        let worst = errors(in: -87...87, Activation.exp, Foundation.exp)
        XCTAssertLessThanOrEqual(worst.ulps, 1.25, "worst at x = \(worst.ulpsAt)")
        print("exp: largest error \(worst.ulps) ulp at x = \(worst.ulpsAt)")
    }

    /// Beyond ±87 the input is clamped: no lane overflows to infinity or underflows to 0.
    func testExpClampsItsInput() {
        let y = Activation.exp(SIMD16<Float>(repeating: 1000))
        XCTAssertEqual(y[0], Activation.exp(SIMD16<Float>(repeating: 87))[0])
        XCTAssert(y[0].isFinite)
        XCTAssertGreaterThan(Activation.exp(SIMD16<Float>(repeating: -1000))[0], 0)
    }

    /// Within 3.2 ulp wherever σ(x) is at least 1e-30 (below that, where the
    /// clamped exp stops following e^x, within 1e-30 absolute).
    func testSigmoidIsWithinThreeAndAFifthULP() {
        let exact = { (x: Double) in 1 / (1 + Foundation.exp(-x)) }
        let worst = errors(in: -69...100, Activation.sigmoid, exact)
        XCTAssertLessThanOrEqual(worst.ulps, 3.2, "worst at x = \(worst.ulpsAt)")
        print("sigmoid: largest error \(worst.ulps) ulp at x = \(worst.ulpsAt)")
        let tail = errors(in: -100 ... -69, Activation.sigmoid, exact)
        XCTAssertLessThanOrEqual(tail.absolute, 1e-30, "worst at x = \(tail.absoluteAt)")
    }

    /// Absolute error at most 1.8e-7 (1.5 ulp of 1) everywhere; within
    /// 4.8 ulp for |x| ≥ 0.5 only.
    ///
    /// tanh is computed as 1 − 2/(e^{2x} + 1): near 0 the two terms nearly
    /// cancel, so the result keeps the absolute error of values near 1. For
    /// x = 1e-3 that is about 1.3e-5 relative, for x = 1e-6 about 5%.
    /// The LSTM only adds tanh's outputs to values of order one, so the
    /// absolute error is what it sees; this test keeps both figures honest.
    func testTanhAbsoluteAndRelativeError() {
        let everywhere = errors(in: -100...100, Activation.tanh, Foundation.tanh)
        XCTAssertLessThanOrEqual(everywhere.absolute, 1.8e-7, "worst at x = \(everywhere.absoluteAt)")
        print("tanh: largest absolute error \(everywhere.absolute) at x = \(everywhere.absoluteAt)")
        let away = errors(in: -100...100, excluding: { abs($0) < 0.5 }, Activation.tanh, Foundation.tanh)
        XCTAssertLessThanOrEqual(away.ulps, 4.8, "worst at x = \(away.ulpsAt)")
        print("tanh, |x| >= 0.5: largest error \(away.ulps) ulp at x = \(away.ulpsAt)")
        for (x, bound) in [(Float(1e-3), 2e-5), (1e-6, 0.05)] {
            let relative =
                abs(Double(Activation.tanh(SIMD16(repeating: x))[0]) - Foundation.tanh(Double(x))) / Double(x)
            XCTAssertLessThanOrEqual(relative, bound, "x = \(x)")
            print("tanh(\(x)): relative error \(relative)")
        }
    }
}
