/// A fenced code block in Markdown: ```` ```info ```` … ```` ``` ````.
///
/// The runner only needs to find fenced blocks, not to render Markdown, so it
/// follows just the CommonMark rules that decide where a fence opens and
/// closes: up to three spaces of indent, a run of at least three backticks or
/// tildes, and a closing run of the same character at least as long. A block
/// inside a longer fence is content, never a block of its own, which is how
/// a chapter can show the directive syntax itself without running it.
struct FencedBlock: Equatable {
    /// The info string after the opening fence, trimmed (`swift`, `output loss-curve`).
    var info: String
    /// The opening fence's marker, for instance ```` ``` ```` or `~~~~`.
    var fence: String
    /// The spaces before the opening fence.
    var indent: Int
    /// Index (0-based) of the opening fence's line.
    var openingLine: Int
    /// Indices of the content lines, between the fences.
    var content: Range<Int>
    /// Index of the closing fence's line; `nil` when the block runs to the end of the text.
    var closingLine: Int?
}

enum FencedBlocks {
    /// Every fenced block in `lines`, in order.
    static func find(in lines: [String]) -> [FencedBlock] {
        var blocks: [FencedBlock] = []
        var index = 0
        while index < lines.count {
            guard let opening = openingFence(lines[index]) else {
                index += 1
                continue
            }
            var closing: Int?
            var next = index + 1
            while next < lines.count {
                if closes(lines[next], fence: opening.fence) {
                    closing = next
                    break
                }
                next += 1
            }
            let contentEnd = closing ?? lines.count
            blocks.append(FencedBlock(info: opening.info, fence: opening.fence, indent: opening.indent,
                                      openingLine: index, content: (index + 1)..<contentEnd,
                                      closingLine: closing))
            index = contentEnd + 1
        }
        return blocks
    }

    /// The fence, info string and indent when `line` opens a fenced block.
    static func openingFence(_ line: String) -> (fence: String, info: String, indent: Int)? {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let fence = rest.prefix { $0 == marker }
        guard fence.count >= 3 else { return nil }
        let info = rest.dropFirst(fence.count).trimmingWhitespace
        // A backtick fence's info string may not contain backticks (CommonMark),
        // otherwise "```a```" inline code would open a block.
        if marker == "`" && info.contains("`") { return nil }
        return (String(fence), info, indent)
    }

    /// Whether `line` closes a block opened by `fence`.
    static func closes(_ line: String, fence: String) -> Bool {
        let indent = line.prefix { $0 == " " }.count
        guard indent <= 3, let marker = fence.first else { return false }
        let rest = line.dropFirst(indent).trimmingTrailingWhitespace
        return rest.count >= fence.count && rest.allSatisfy { $0 == marker }
    }
}
