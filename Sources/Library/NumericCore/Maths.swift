/// The few functions of the C maths library that the recorded path needs,
/// written out so that every platform computes the same bits.
///
/// IEEE 754 fixes the result of +, −, ×, ÷, the square root and the fused
/// multiply-add exactly, but not of `log`, `cos` or `pow`: glibc, Apple's
/// libm and musl may differ in the last bit, and one bit in a random draw or
/// a loss changes every later step of training. So, like `Activation.exp`,
/// these use only the exactly rounded operations, in a fixed order.
///
/// Each is tested against Foundation's `Double` functions over its range,
/// with the error stated in units in the last place (`MathsTests`): at most
/// 1 ulp for `log` and `cos` in `Double`; the `Float` versions are computed in
/// `Double` and rounded once, so they are correctly rounded except in rare
/// halfway cases.
public enum Maths {
    // ln 2 in two parts (as in fdlibm): `ln2High` has 20 trailing zero bits,
    // so k · ln2High is exact for every exponent k of a Double.
    @usableFromInline static let ln2High = 6.931_471_803_691_238_164_90e-01
    @usableFromInline static let ln2Low = 1.908_214_929_270_587_700_02e-10

    /// The natural logarithm, ln x.
    ///
    /// Write x = m · 2^k with √½ ≤ m < √2 and f = m − 1. With s = f / (2 + f),
    /// ln m = 2 atanh s = 2s + 2s³/3 + 2s⁵/5 + …, and |s| ≤ 0.172, so eleven
    /// terms are below a Double's rounding. The sum is arranged as
    /// f − f²/2 + s · (f²/2 + R), whose leading term f is exact.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var k = Int(x.exponent)
        var m = x.significand  // 1 ≤ m < 2, also for subnormal x
        if m > 1.414_213_562_373_095_1 {
            m /= 2  // exact
            k += 1
        }
        let f = m - 1  // exact: m and 1 are within a factor of two
        let s = f / (2 + f)
        let s2 = s * s
        // R = 2s²/3 + 2s⁴/5 + … + 2s²²/23, by Horner's rule in s².
        var r = 0.0
        for j in stride(from: 11, through: 1, by: -1) { r = (r + 2 / Double(2 * j + 1)) * s2 }
        let halfSquare = 0.5 * f * f
        let kk = Double(k)
        return kk * ln2High - ((halfSquare - (s * (halfSquare + r) + kk * ln2Low)) - f)
    }

    /// ln x in `Float`: computed in `Double`, rounded once.
    public static func log(_ x: Float) -> Float {
        Float(log(Double(x)))
    }

    // π/2 in three parts (Cody and Waite): n · piOver2High and n · piOver2Middle
    // are exact for |n| < 2²⁰, so x − n·π/2 loses nothing to cancellation.
    @usableFromInline static let piOver2High = 1.570_796_326_734_125_614_17e+00
    @usableFromInline static let piOver2Middle = 6.077_100_506_303_965_976_60e-11
    @usableFromInline static let piOver2Low = 2.022_266_248_795_950_631_54e-21

    /// The cosine of x (in radians), for |x| < 2²⁰ · π/2, about 1.6 million.
    ///
    /// Take n, the nearest whole number of quarter turns, and the remainder
    /// r = x − n·π/2 with |r| ≤ π/4; then cos x is cos r, −sin r, −cos r or
    /// sin r as n mod 4 is 0, 1, 2 or 3, and both series converge fast for
    /// |r| ≤ π/4 (ten terms are below a Double's rounding).
    public static func cos(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        let n = (x * 0.636_619_772_367_581_382_43).rounded()  // x / (π/2)
        let r = ((x - n * piOver2High) - n * piOver2Middle) - n * piOver2Low
        switch Int(n).quotientAndRemainder(dividingBy: 4).remainder {
        case 0: return cosine(r)
        case 1, -3: return -sine(r)
        case 2, -2: return -cosine(r)
        default: return sine(r)
        }
    }

    /// cos r for |r| ≤ π/4: 1 − r²/2 + r⁴ · (1/4! − r²/6! + …), with the
    /// rounding of 1 − r²/2 carried into the small terms.
    static func cosine(_ r: Double) -> Double {
        let w = r * r
        var tail = 0.0
        for c in cosineTerms.reversed() { tail = tail * w + c }
        let half = 0.5 * w
        let head = 1 - half
        return head + (((1 - head) - half) + w * w * tail)
    }

    /// sin r for |r| ≤ π/4: r + r³ · (−1/3! + r²/5! − …).
    static func sine(_ r: Double) -> Double {
        let w = r * r
        var tail = 0.0
        for c in sineTerms.reversed() { tail = tail * w + c }
        return r + r * w * tail
    }

    /// 1/4!, −1/6!, 1/8!, … , 1/22!: the Taylor coefficients of cos after 1 − r²/2.
    static let cosineTerms: [Double] = (2...11).map { k in
        (k % 2 == 0 ? 1 : -1) / (1...(2 * k)).reduce(1.0) { $0 * Double($1) }
    }

    /// −1/3!, 1/5!, … , −1/23!: the Taylor coefficients of sin after r.
    static let sineTerms: [Double] = (1...11).map { k in
        (k % 2 == 0 ? 1 : -1) / (1...(2 * k + 1)).reduce(1.0) { $0 * Double($1) }
    }

    /// base^n for a whole n ≥ 0, by repeated squaring in `Double`, rounded
    /// once to `Float`: Adam's bias corrections β₁ᵗ and β₂ᵗ.
    ///
    /// At most 2 log₂ n Double roundings (about 10⁻¹⁵ relative for n up to
    /// ten million), far below a Float's 6 · 10⁻⁸.
    public static func power(_ base: Float, _ n: Int) -> Float {
        precondition(n >= 0, "power: the exponent must not be negative")
        var result = 1.0
        var square = Double(base)
        var n = n
        while n > 0 {
            if n & 1 == 1 { result *= square }
            square *= square
            n >>= 1
        }
        return Float(result)
    }
}
