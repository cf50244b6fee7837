import Format

/// A chapter's text split into lines the way cmark counts them, so that
/// joining them gives back the same bytes.
///
/// Chapters are edited in place by `--update`, which must leave every byte
/// outside the output blocks as it was, and cmark's line numbers say where
/// those blocks are. cmark ends a line at `\n`, `\r\n` or a lone `\r`; so does
/// this, and each line keeps its own ending.
public struct SourceText: Equatable, Sendable {
    /// The lines without their endings.
    public var lines: [String]
    /// Each line's ending: `"\n"`, `"\r\n"`, `"\r"`, or `""` for a last line without one.
    var endings: [String]

    public init(_ text: String) {
        let split = LineSplitter.lines(text.utf8)
        lines = split.map { String(decoding: $0.bytes, as: UTF8.self) }
        endings = split.map(\.ending)
    }

    /// The text the lines were split from.
    public var text: String {
        zip(lines, endings).map { $0 + $1 }.joined()
    }

    /// Replaces the lines in `range` by `newLines`, which end like the line before them (or with `\n`).
    mutating func replace(_ range: Range<Int>, with newLines: [String]) {
        let ending = range.lowerBound > 0 ? endings[range.lowerBound - 1] : "\n"
        lines.replaceSubrange(range, with: newLines)
        endings.replaceSubrange(range, with: Array(repeating: ending.isEmpty ? "\n" : ending, count: newLines.count))
    }
}

/// The line of `bytes` (1-based, counted as cmark counts) where the first
/// sequence that is not valid UTF-8 starts; nil when all of it is valid.
func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int? {
    // The bytes of a line ending never occur inside a multi-byte sequence,
    // so each line can be checked on its own.
    LineSplitter.lines(bytes).first { String(validating: $0.bytes, as: UTF8.self) == nil }?.number
}

extension StringProtocol {
    /// The line without trailing spaces, tabs or a trailing `\r`.
    var trimmingTrailingWhitespace: String {
        var end = endIndex
        while end > startIndex, let last = self[index(before: end)].unicodeScalars.first,
            last == " " || last == "\t" || last == "\r"
        {
            end = index(before: end)
        }
        return String(self[startIndex..<end])
    }

    var trimmingWhitespace: String {
        String(trimmingTrailingWhitespace.drop { $0 == " " || $0 == "\t" })
    }
}
