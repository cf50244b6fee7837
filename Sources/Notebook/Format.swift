import Foundation

/// The one place that turns numbers into text.
///
/// Everything a chapter shows goes through these functions, so that the
/// recorded outputs, the terminal and the site agree digit for digit. Numbers
/// are printed with a fixed number of decimals (never in shortest
/// round-trip form), which makes the recorded outputs exact on the machine
/// that recorded them and stable against noise far below the last digit shown.
public enum Format {
    /// `value` with `decimals` digits after the point, as C's `%.*f` prints it:
    /// `fixed(0.6640891, 6)` is `"0.664089"`.
    public static func fixed(_ value: Double, _ decimals: Int = 6) -> String {
        String(format: "%.\(decimals)f", value)
    }

    public static func fixed(_ value: Float, _ decimals: Int = 6) -> String {
        fixed(Double(value), decimals)
    }

    /// `value` in scientific notation with `digits` after the point, as C's
    /// `%.*e` prints it: `scientific(0.0000238)` is `"2.4e-05"`.
    public static func scientific(_ value: Double, _ digits: Int = 1) -> String {
        String(format: "%.\(digits)e", value)
    }

    /// A fraction as a percentage: `percent(0.97851)` is `"97.85%"`.
    public static func percent(_ fraction: Double, _ decimals: Int = 2) -> String {
        fixed(fraction * 100, decimals) + "%"
    }

    /// An integer with thousands separated by commas: `grouped(10000)` is `"10,000"`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    /// A number as short as it can be while still reading back exactly, for
    /// parameters a reader typed (`0.001`, `-1`).
    public static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// A Float as short as it can be while still reading back as exactly the
    /// same Float, for numbers another program reads: `plain(Float(0.1))` is
    /// `"0.1"` (not the `"0.10000000149011612"` of its Double), `plain(Float(-1))`
    /// is `"-1"`. Swift's shortest round-trip printing does the work.
    public static func plain(_ value: Float) -> String {
        if value == value.rounded(), abs(value) < 1e7 { return String(Int(value)) }
        return "\(value)"
    }

    /// A sequence of values, each with `decimals` digits, separated by spaces.
    public static func row(_ values: [Float], _ decimals: Int = 4) -> String {
        values.map { fixed($0, decimals) }.joined(separator: " ")
    }
}
