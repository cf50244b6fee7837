/// Text split into lines so that joining them again gives back the same bytes.
///
/// Chapters are edited in place by `--update`, which must leave every byte
/// outside the output blocks as it was. Splitting on the newline byte, and on
/// nothing else, guarantees that: a `\r` before it (a file saved with CRLF
/// line ends) stays part of its line, and a final newline leaves an empty
/// last line that joining puts back.
struct TextLines {
    var lines: [String]

    init(_ text: String) {
        lines = text.utf8
            .split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The lines joined with `\n`: the text they were split from.
    var text: String { lines.joined(separator: "\n") }
}

extension StringProtocol {
    /// The line without trailing spaces, tabs or a trailing `\r`.
    var trimmingTrailingWhitespace: String {
        var end = endIndex
        while end > startIndex, let last = self[index(before: end)].unicodeScalars.first,
              last == " " || last == "\t" || last == "\r" {
            end = index(before: end)
        }
        return String(self[startIndex..<end])
    }

    var trimmingWhitespace: String {
        String(trimmingTrailingWhitespace.drop { $0 == " " || $0 == "\t" })
    }
}
