/// One line of text: its bytes without the line end, its number from 1, and its end.
public struct Line: Equatable, Sendable {
    public var bytes: ArraySlice<UInt8>
    public var number: Int
    /// `"\n"`, `"\r\n"`, `"\r"`, or `""` for a last line without one.
    public var ending: String
}

/// Cuts bytes, whole or as they arrive, into lines ending at `\n`, `\r\n`
/// or a lone `\r`, as cmark counts them: the one way the tutorial splits
/// lines, for chapters and for the sequences `predict` reads.
///
/// A `\r` at the end of one chunk may be the first half of a `\r\n` whose
/// `\n` comes in the next: it ends the line at once (a reader must not wait
/// for input to answer what has come), and a `\n` right after it is skipped;
/// that line's `ending` then says `"\r"`.
public struct LineSplitter {
    /// The start of a line whose end has not come yet.
    private var partial: [UInt8] = []
    private var afterCarriageReturn = false
    public private(set) var lineCount = 0

    public init() {}

    /// The lines of `bytes`, all of them: the last one may lack an ending.
    public static func lines(_ bytes: some Collection<UInt8>) -> [Line] {
        var splitter = LineSplitter()
        return splitter.append(Array(bytes)) + splitter.finish()
    }

    /// The lines that `bytes` completes.
    public mutating func append(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A || byte == 0x0D {
            defer { afterCarriageReturn = byte == 0x0D }
            if byte == 0x0A && afterCarriageReturn && index == start && partial.isEmpty {
                if !lines.isEmpty { lines[lines.count - 1].ending = "\r\n" }
                start = index + 1
                continue
            }
            lineCount += 1
            let line = partial.isEmpty ? bytes[start..<index] : ArraySlice(partial + bytes[start..<index])
            lines.append(Line(bytes: line, number: lineCount, ending: byte == 0x0A ? "\n" : "\r"))
            partial = []
            start = index + 1
        }
        if start < bytes.count {
            afterCarriageReturn = false
            partial += bytes[start...]
        }
        return lines
    }

    /// The last line, if the input did not end with a line end.
    public mutating func finish() -> [Line] {
        guard !partial.isEmpty else { return [] }
        lineCount += 1
        defer { partial = [] }
        return [Line(bytes: ArraySlice(partial), number: lineCount, ending: "")]
    }

    /// The bytes of the line not yet ended.
    public var pendingByteCount: Int { partial.count }
}
