import Foundation

/// An axis range rounded out to "nice" numbers, with its tick marks.
///
/// Ticks fall on 1, 2 or 5 times a power of ten (Heckbert's "nice numbers"),
/// so that a reader can interpolate between them: 0, 0.2, 0.4 rather than
/// 0, 0.173, 0.346. The range is widened to whole ticks so that every line
/// starts and ends inside the frame.
struct AxisScale: Equatable {
    var lower: Double
    var upper: Double
    var step: Double

    /// About `targetTicks` ticks covering `minimum...maximum`.
    init(minimum: Double, maximum: Double, targetTicks: Int = 5) {
        var low = minimum, high = maximum
        if !(low.isFinite && high.isFinite) { (low, high) = (0, 1) }
        if low == high {
            // One value: a range around it, so the line sits in the middle.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let step = Self.niceNumber((high - low) / Double(max(targetTicks - 1, 1)), round: true)
        self.step = step
        self.lower = (low / step).rounded(.down) * step
        self.upper = (high / step).rounded(.up) * step
    }

    /// The tick values from `lower` to `upper`, computed by multiplication so that no error accumulates.
    var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded()) + 1
        return (0..<count).map { lower + Double($0) * step }
    }

    /// Enough decimals to tell the ticks apart, and no more: step 0.25 → 2, step 5 → 0.
    var decimals: Int {
        var decimals = max(0, -Self.decimalExponent(step))
        // 0.25 needs two decimals although its power of ten is 0.1.
        while decimals < 10 {
            let scaled = step * Self.powerOfTen(decimals)
            if abs(scaled - scaled.rounded()) < 1e-6 { break }
            decimals += 1
        }
        return decimals
    }

    /// 1, 2, 5 or 10 times a power of ten, near `value`.
    static func niceNumber(_ value: Double, round: Bool) -> Double {
        let power = powerOfTen(decimalExponent(value))
        let fraction = value / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// ⌊log₁₀ value⌋ for a positive value, by comparing with exact powers of
    /// ten rather than calling the C library's `log10`, whose last bit may
    /// differ between platforms (and the site is compared byte for byte).
    static func decimalExponent(_ value: Double) -> Int {
        guard value > 0, value.isFinite else { return 0 }
        var exponent = 0
        while exponent < 308, powerOfTen(exponent + 1) <= value { exponent += 1 }
        while exponent > -323, powerOfTen(exponent) > value { exponent -= 1 }
        return exponent
    }

    /// 10^e, correctly rounded for |e| ≤ 22, where 10^|e| is an exact Double
    /// (and 10^-e is one correctly rounded division); beyond, within a few ulps.
    static func powerOfTen(_ e: Int) -> Double {
        var power = 1.0
        for _ in 0..<min(abs(e), 22) { power *= 10 }  // exact: 10^k = 2^k · 5^k, and 5²² < 2⁵³
        var rest = abs(e) - 22
        while rest > 0 {
            power *= 10
            rest -= 1
        }
        return e >= 0 ? power : 1 / power
    }
}
