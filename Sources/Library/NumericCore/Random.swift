/// The tutorial's only source of randomness: xoshiro256**, seeded by SplitMix64.
///
/// The algorithms are fixed and written out here (Blackman and Vigna, 2018),
/// so the same seed gives the same data and the same initial weights on every
/// machine and with every Swift version; Swift's own `SystemRandomNumberGenerator`
/// cannot be seeded, and the algorithms behind `Int.random(in:using:)` are not
/// promised to stay the same. There is no global generator: whoever needs
/// randomness is handed one.
public struct Xoshiro256: Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// Expands a 64-bit seed into the 256-bit state with SplitMix64, as the
    /// authors recommend; any seed, including 0, gives a good state.
    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotateLeft(s.3, 45)
        return result
    }

    /// A uniform integer in `range`, without modulo bias (Lemire's
    /// multiply-and-reject method).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(bitPattern: UInt(next())) }  // the full 64-bit range
        var product = next().multipliedFullWidth(by: span)
        if product.low < span {
            let threshold = (0 &- span) % span
            while product.low < threshold { product = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound + Int(product.high)
    }

    /// A uniform Double in `0..<1` with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform Float in `range`.
    public mutating func float(in range: ClosedRange<Float>) -> Float {
        Float(Double(range.lowerBound).addingProduct(unit(), Double(range.upperBound - range.lowerBound)))
    }

    /// A standard normal sample (Box–Muller, using one of the pair).
    public mutating func normal() -> Double {
        let u1 = 1 - unit()  // in (0, 1], so the logarithm is finite
        let u2 = unit()
        return (-2 * Maths.log(u1)).squareRoot() * Maths.cos(2 * Double.pi * u2)
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
