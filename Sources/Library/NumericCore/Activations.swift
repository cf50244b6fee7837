/// Sigmoid and tanh on 16 floats at once.
///
/// An LSTM spends much of its time in these two functions: 4H of them per
/// sample and timestep. libm's scalar `expf` costs as much as the matrix
/// work, so here `exp` is computed for a whole vector with the classic
/// method (Cephes' `expf`): split x = n·ln 2 + r with |r| ≤ ln 2 / 2, take
/// e^r from a degree-7 polynomial (1 + r + r²·p(r), p of degree 5), and multiply by 2^n by building the float's
/// exponent bits directly. The errors below are measured against Double's
/// libm over the whole input range (`Tests/NumericCoreTests/ActivationTests`),
/// far below what the model can notice (the Keras reference tests agree
/// to 1e-6).
///
/// The three functions are `@_transparent`: always inlined, as
/// `@inline(__always)` turned out not to guarantee across modules (the cell
/// kernels called sigmoid and tanh out of line, and ran 15% slower).
public enum Activation {
    // ANCHOR: exp
    /// e^x for each lane, within 1.25 ulp on [-87, 87]. Inputs are clamped
    /// to ±87, where e^x stays a normal Float, so no lane overflows to
    /// infinity (or underflows to 0).
    @_transparent
    public static func exp(_ x: SIMD16<Float>) -> SIMD16<Float> {
        var x = x
        x.replace(with: 87, where: x .> 87)
        x.replace(with: -87, where: x .< -87)
        // n = round(x / ln 2), by the magic-number trick: adding 1.5·2²³
        // pushes the fraction out of the mantissa, so the float rounds to an
        // integer and its low mantissa bits hold that integer. (Converting
        // floats to integers lane by lane is much slower.)
        let magic = SIMD16<Float>(repeating: 12_582_912)
        let shifted = magic.addingProduct(x, 1.442_695_04)
        let n = shifted - magic
        // r = x - n·ln 2, with ln 2 split in two parts so r keeps its precision.
        let r = x.addingProduct(n, -0.693_359_375).addingProduct(n, 2.121_944_4e-4)
        // e^r ≈ 1 + r + r²·p(r), p of degree 5, evaluated by Horner's rule.
        var p = SIMD16<Float>(repeating: 1.987_569_15e-4)
        p = SIMD16(repeating: 1.398_199_95e-3).addingProduct(p, r)
        p = SIMD16(repeating: 8.333_451_9e-3).addingProduct(p, r)
        p = SIMD16(repeating: 4.166_579_6e-2).addingProduct(p, r)
        p = SIMD16(repeating: 1.666_666_55e-1).addingProduct(p, r)
        p = SIMD16(repeating: 5.000_000_1e-1).addingProduct(p, r)
        p = (r + 1).addingProduct(p, r * r)
        // 2^n: n + 127 in the exponent field.
        let nBits = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: SIMD16<Float>.self)
        return p * scale
    }
    // ANCHOR_END: exp

    /// σ(x) = 1 / (1 + e^-x), within 3.2 ulp wherever σ(x) ≥ 1e-30 (x ≥ -69);
    /// below that, within 1e-30, as the clamped exp stops following e^x.
    @_transparent
    public static func sigmoid(_ x: SIMD16<Float>) -> SIMD16<Float> {
        1 / (1 + exp(-x))
    }

    /// tanh(x) = 2σ(2x) - 1, written as 1 - 2 / (e^2x + 1).
    ///
    /// Absolute error at most 1.8e-7 (1.5 ulp of 1) for every x; within
    /// 4.8 ulp for |x| ≥ 0.5. Near 0 the relative precision is lost: the two
    /// terms nearly cancel, so the result keeps the absolute error of numbers
    /// near 1, about 1.3e-5 relative at x = 1e-3 and 5% at x = 1e-6. We keep
    /// it: the LSTM adds tanh's outputs to numbers of order one, where only
    /// the absolute error shows, and a separate small-|x| polynomial would
    /// cost every tanh a second evaluation and change every trained bit.
    @_transparent
    public static func tanh(_ x: SIMD16<Float>) -> SIMD16<Float> {
        1 - 2 / (exp(x + x) + 1)
    }
}
