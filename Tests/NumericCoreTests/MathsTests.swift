import Foundation
import NumericCore
import XCTest

/// The project's own `log`, `cos`, `exp` and `power` (Maths.swift) against the
/// C library's `Double` functions, with the largest error stated in units in
/// the last place (ulp) and asserted. The inputs are fixed: the same cases on
/// every machine.
final class MathsTests: XCTestCase {
    /// The error of `value` against `exact`, in ulps of `exact`.
    func ulps(_ value: Double, _ exact: Double) -> Double {
        if value == exact { return 0 }
        return abs(value - exact) / exact.ulp
    }

    /// Fixed inputs spread over many binades: 20,000 from a seeded generator,
    /// each 2^e · m with e in -1074…1023 and m in [1, 2).
    func positiveDoubles() -> [Double] {
        var random = Xoshiro256(seed: 20_261_203)
        var inputs: [Double] = [
            1, 2, 0.5, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
            1.414_213_562_373_095_1, 0.707_106_781_186_547_5, 1 + 0x1p-52, 1 - 0x1p-53
        ]
        for _ in 0..<20_000 {
            let exponent = random.int(in: -1074...1023)
            let significand = 1 + random.unit()
            inputs.append(Double(sign: .plus, exponent: exponent, significand: significand))
        }
        return inputs.filter { $0 > 0 && $0.isFinite }
    }

    func testLogIsWithinOneUlpOverEveryBinade() {
        var worst = 0.0
        var worstAt = 0.0
        for x in positiveDoubles() {
            let error = ulps(Maths.log(x), Foundation.log(x))
            if error > worst { (worst, worstAt) = (error, x) }
        }
        XCTAssertLessThanOrEqual(worst, 1, "largest error \(worst) ulp at \(worstAt)")
    }

    func testLogNearOneWhereTheResultIsSmall() {
        // ln(1 + ε) ≈ ε: the relative error matters most here.
        var worst = 0.0
        for k in 1...2_000 {
            for x in [1 + Double(k) * 0x1p-40, 1 - Double(k) * 0x1p-40, 1 + Double(k) * 1e-4, 1 - Double(k) * 1e-4 / 4]
            {
                worst = max(worst, ulps(Maths.log(x), Foundation.log(x)))
            }
        }
        XCTAssertLessThanOrEqual(worst, 1)
    }

    func testLogSpecialValues() {
        XCTAssertEqual(Maths.log(1.0), 0)
        XCTAssertEqual(Maths.log(0.0), -.infinity)
        XCTAssertEqual(Maths.log(Double.infinity), .infinity)
        XCTAssertTrue(Maths.log(-1.0).isNaN)
        XCTAssertTrue(Maths.log(Double.nan).isNaN)
        XCTAssertEqual(Maths.log(Float(2)), Float(0.693_147_2))
    }

    func testFloatLogAndExpAreCorrectlyRoundedOnSampledInputs() {
        // Computed in Double and rounded once: the same Float as rounding the exact value.
        var differences = 0
        var bits: UInt32 = 0x0080_0000  // the smallest normal Float
        var count = 0
        while bits < 0x7F80_0000 {
            let x = Float(bitPattern: bits)
            if Maths.log(x) != Float(Foundation.log(Double(x))) { differences += 1 }
            if x < 88, Maths.exp(x) != Float(Foundation.exp(Double(x))) { differences += 1 }
            if x < 88, Maths.exp(-x) != Float(Foundation.exp(Double(-x))) { differences += 1 }
            bits += 4_099
            count += 1
        }
        XCTAssertGreaterThan(count, 500_000)
        XCTAssertEqual(differences, 0)
        XCTAssertEqual(Maths.exp(Float(100)), .infinity)
        XCTAssertEqual(Maths.exp(Float(-200)), 0)
    }

    func testCosIsWithinOneUlpOverTheBoxMullerRange() {
        // Box–Muller asks for cos(2πu), u in [0, 1): 0 ≤ x < 2π. Beyond it, up to 1000.
        var worst = 0.0
        var worstAt = 0.0
        var random = Xoshiro256(seed: 7)
        var inputs = (0..<20_000).map { _ in 2 * Double.pi * random.unit() }
        inputs += (0..<5_000).map { _ in 1000 * (2 * random.unit() - 1) }
        inputs += [0, Double.pi / 4, Double.pi / 2, Double.pi, 3 * Double.pi / 2, 2 * Double.pi, -Double.pi]
        for x in inputs {
            let exact = Foundation.cos(x)
            // Near a zero of cos an ulp of the result is tiny; measure against 2^-53 there, as an absolute error.
            let error = abs(exact) < 0.5 ? abs(Maths.cos(x) - exact) / 0x1p-53 : ulps(Maths.cos(x), exact)
            if error > worst { (worst, worstAt) = (error, x) }
        }
        XCTAssertLessThanOrEqual(worst, 1, "largest error \(worst) at \(worstAt)")
        XCTAssertEqual(Maths.cos(0), 1)
        XCTAssertTrue(Maths.cos(.infinity).isNaN)
    }

    func testPowerOfAdamsBetas() {
        // β^t for Adam's β₁ = 0.9 and β₂ = 0.999 at every step to 100,000: within
        // one Float ulp of the exact power (taken in Double), and the nearest Float
        // but for a case or two in 100,000, where the exact value lies almost
        // halfway between two Floats. Exact at t = 0 and 1.
        for beta: Float in [0.9, 0.999] {
            XCTAssertEqual(Maths.power(beta, 0), 1)
            XCTAssertEqual(Maths.power(beta, 1), beta)
            var notNearest = 0
            for t in 1...100_000 {
                let exact = Foundation.pow(Double(beta), Double(t))
                let value = Maths.power(beta, t)
                if value != Float(exact) { notNearest += 1 }
                XCTAssertLessThanOrEqual(abs(Double(value) - exact), Double(Float(exact).ulp), "β = \(beta), t = \(t)")
            }
            XCTAssertLessThanOrEqual(notNearest, 2, "β = \(beta)")
        }
        XCTAssertEqual(Maths.power(2, 10), 1024)
        XCTAssertEqual(Maths.power(0.5, 200), 0)  // below the smallest Float
    }
}
