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

    /// The same digits as `fixed(Double(value), decimals)`, without `String(format:)`
    /// when it can: a Float times 10^decimals (decimals ≤ 6) is exact in Double
    /// (24 + 14 significant bits), so rounding it to the nearest integer, ties
    /// to even, rounds the exact value as C does. `predict` prints two of these
    /// a line, a million lines in seconds.
    public static func fixed(_ value: Float, _ decimals: Int = 6) -> String {
        let scale = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6]
        guard (0...6).contains(decimals), value.isFinite, abs(value) < 1e9 else {
            return fixed(Double(value), decimals)
        }
        let units = Int((Double(value.magnitude) * scale[decimals]).rounded(.toNearestOrEven))
        let unit = Int(scale[decimals])
        let sign = value.sign == .minus ? "-" : ""
        guard decimals > 0 else { return sign + String(units) }
        let fraction = String(units % unit)
        return sign + String(units / unit) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
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

    /// A size in bytes with a decimal unit and two significant digits or more:
    /// `bytes(1_879_048_192_000)` is `"1.9 TB"`, `bytes(17_000_000)` is `"17 MB"`.
    public static func bytes(_ count: UInt64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"]
        var (value, unit) = (Double(count), 0)
        while value >= 1000 && unit < units.count - 1 { (value, unit) = (value / 1000, unit + 1) }
        return unit == 0 ? "\(count) bytes" : fixed(value, value < 10 ? 1 : 0) + " " + units[unit]
    }

    /// Whether a table cell reads as a number: `-0.6931`, `10,000`, `97.85%`, `1e-05`, `nan`.
    ///
    /// The recorded text right-aligns such columns and the site marks them
    /// `class="number"`, both by this one rule (`isNumericColumn`).
    public static func isNumber(_ cell: String) -> Bool {
        var text = Substring(cell.trimmingCharacters(in: .whitespaces))
        if text.hasSuffix("%") { text = text.dropLast() }
        return Double(text.filter { $0 != "," }) != nil
    }

    /// Whether a table column holds numbers: at least one cell is a number
    /// and every other is one too or a placeholder (empty, `-`, `–`, `—`, as
    /// where a plot's series has no point).
    public static func isNumericColumn(_ cells: [String]) -> Bool {
        let placeholders: Set<String> = ["", "-", "–", "—"]
        let trimmed = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        return trimmed.contains(where: isNumber) && trimmed.allSatisfy { isNumber($0) || placeholders.contains($0) }
    }

    /// Text that came from outside (a file, an argument), as a message may quote it:
    /// control characters escaped (`\0`, `\u{1B}`), so that they cannot
    /// act on the terminal, and anything longer than `limit` characters cut
    /// short, with how much was left out.
    ///
    /// `echoed("a\u{1B}[2Jb")` is `a\u{1B}[2Jb` as plain characters.
    public static func echoed(_ text: some StringProtocol, limit: Int = 40) -> String {
        guard text.count > limit else { return escapingControlCharacters(text) }
        return escapingControlCharacters(text.prefix(limit)) + "… (\(grouped(text.count)) characters)"
    }

    /// `text` with every control and invisible formatting character written
    /// as an escape (`\u{1B}`), line breaks (`\n`) kept if `keepingLineBreaks`.
    public static func escapingControlCharacters(_ text: some StringProtocol, keepingLineBreaks: Bool = false) -> String
    {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control where keepingLineBreaks && scalar == "\n":
                out.unicodeScalars.append(scalar)
            case .control, .format, .lineSeparator, .paragraphSeparator:
                out += scalar.escaped(asASCII: true)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Text in aligned columns, each as wide as its widest cell: the one way the
/// tutorial lines up a table, a heatmap or a report in plain text.
public struct Columns {
    /// Each column's width, in characters.
    public let widths: [Int]

    /// The widths of `rows`' columns; a row may leave columns out at its end.
    public init(_ rows: [[String]]) {
        let count = rows.map(\.count).max() ?? 0
        widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    }

    /// `cells` padded to the widths and joined by `separator`; a column that
    /// `rightAligned` names is padded on the left, so that its digits line up.
    public func line(_ cells: [String], separator: String = "  ", rightAligned: (Int) -> Bool) -> String {
        cells.enumerated().map { column, cell in
            let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
            return rightAligned(column) ? padding + cell : cell + padding
        }.joined(separator: separator)
    }

    /// A rule of dashes as wide as each column.
    public func rule(separator: String = "  ") -> String {
        widths.map { String(repeating: "-", count: $0) }.joined(separator: separator)
    }
}

extension Format {
    /// `text` as a JSON string literal, quotes and all: the one JSON writer of
    /// the tutorial (`predict --json`, the site's search index). `<`, `>` and
    /// `&` are escaped too, so that a literal inside an HTML `<script>` can
    /// never close the tag, and so are U+2028 and U+2029, which JavaScript
    /// once read as line ends.
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "<", ">", "&", "\u{2028}", "\u{2029}",
                _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
