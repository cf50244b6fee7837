/// e^x, σ(x) and tanh(x) for one number of any binary floating-point type.
///
/// The reference LSTM of chapter 3 runs in `Float` and in `Double`, and its
/// recorded outputs should not depend on which C library the machine has, so
/// it does not call libm's `exp`. This is the textbook method: write
/// x = n·ln 2 + r with |r| ≤ ln 2 / 2, sum the Taylor series of e^r, and
/// multiply by 2^n exactly, by setting the exponent. Fourteen terms make the
/// series' error (r¹⁴/14! < 10⁻¹⁷) smaller than a `Double`'s rounding, so the
/// same code is accurate to a few units in the last place in both types.
extension Activation {
    @inlinable
    public static func exp<Scalar: BinaryFloatingPoint>(_ x: Scalar) -> Scalar {
        if x.isNaN { return x }
        let x = min(max(x, -1000), 1000)  // beyond these, e^x is 0 or ∞ in both types
        let n = (x * 1.442_695_040_888_963_4).rounded()  // x / ln 2, to the nearest integer
        // r = x - n·ln 2, with ln 2 in two parts: n·0.693359375 is exact.
        let r = (x - n * 0.693_359_375) - n * -2.121_944_400_546_905_827_7e-4
        var series: Scalar = 1  // 1 + r(1 + r/2(1 + r/3(…))), Horner's rule
        for k in stride(from: 14, through: 1, by: -1) { series = 1 + series * r / Scalar(k) }
        return Scalar(sign: .plus, exponent: Scalar.Exponent(Int(n)), significand: series)
    }

    /// σ(x) = 1 / (1 + e^-x).
    @inlinable
    public static func sigmoid<Scalar: BinaryFloatingPoint>(_ x: Scalar) -> Scalar {
        1 / (1 + exp(-x))
    }

    /// tanh(x) = 1 - 2 / (e^2x + 1), the form the vectorised version uses too.
    @inlinable
    public static func tanh<Scalar: BinaryFloatingPoint>(_ x: Scalar) -> Scalar {
        1 - 2 / (exp(x + x) + 1)
    }
}

extension Maths {
    /// e^x in `Float`: computed in `Double` by `Activation.exp`, rounded once.
    ///
    /// It lives in this file, beside the generic `exp`, on purpose: a debug
    /// build compiles each file on its own, and only a call in the same file
    /// is compiled for `Double` rather than through the generic entry point,
    /// which is several times slower (the loss calls this for every logit).
    public static func exp(_ x: Float) -> Float {
        Float(Activation.exp(Double(x)))
    }
}
