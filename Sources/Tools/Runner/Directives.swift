import Foundation
import Site

/// The two directives a chapter's Markdown may hold, and their syntax.
///
/// Both are ordinary fenced code blocks, so a chapter reads well on GitHub
/// and in any editor before the runner touches it:
///
/// - **Code include**, as in mdBook: a block with info `swift` whose only
///   line is
///
///       {{#include ../Sources/Library/03-Model/ReferenceLSTM.swift:forward}}
///
///   The path is relative to the chapter file; `:forward` names an anchor
///   (`// ANCHOR: forward` … `// ANCHOR_END: forward`) and may be left out to
///   include the whole file without its anchor lines.
///
/// - **Recorded output**: a block with info `output <name>` whose content is
///   the canonical text (`RecordedText`) of the output the chapter's entry
///   point produced under that name. The runner checks it and `--update`
///   rewrites it, so the chapter reads like a notebook saved with its outputs.
///
/// Every other block is left alone. A block inside a longer fence is content,
/// not a directive, which is how this syntax can itself be shown in a chapter.
/// Fences are found by cmark (`Chapter`), so the runner and the site always
/// agree on where a block is.
public enum Directive: Equatable, Sendable {
    case include(path: String, anchor: String?)
    case output(name: String)

    /// The info word that marks a recorded output.
    static let outputInfo = "output"
    /// How an include line starts and ends.
    static let includeOpen = "{{#include", includeClose = "}}"

    /// The directive a fenced block holds, from its info string and content;
    /// `nil` for an ordinary code block. Throws a one-line message (without
    /// a location, which the caller adds) for a block that is meant to be a
    /// directive but is malformed.
    public static func parse(info: String, literal: String) throws(DirectiveSyntaxError) -> Directive? {
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch words.first {
        case outputInfo?:
            guard words.count == 2 else {
                throw DirectiveSyntaxError(
                    words.count < 2
                        ? "an output block needs a name: ```output <name>"
                        : "an output block takes one name, not '\(words.dropFirst().joined(separator: " "))'")
            }
            return .output(name: words[1])
        case "swift"?:
            return try parseInclude(literal)
        default:
            return nil
        }
    }

    /// `{{#include PATH[:ANCHOR]}}` when it is the block's only line.
    static func parseInclude(_ literal: String) throws(DirectiveSyntaxError) -> Directive? {
        guard literal.contains(includeOpen) else { return nil }
        let lines = SourceText(literal).lines.map(\.trimmingWhitespace).filter { !$0.isEmpty }
        guard lines.count == 1, let line = lines.first else {
            throw DirectiveSyntaxError("an include block holds the {{#include …}} line and nothing else")
        }
        guard line.hasPrefix(includeOpen), line.hasSuffix(includeClose) else {
            throw DirectiveSyntaxError("an include reads {{#include PATH}} or {{#include PATH:ANCHOR}}, not '\(line)'")
        }
        let target = line.dropFirst(includeOpen.count).dropLast(includeClose.count).trimmingWhitespace
        guard !target.isEmpty else { throw DirectiveSyntaxError("an include needs a path: {{#include PATH:ANCHOR}}") }
        // The anchor follows the last colon, unless that colon belongs to the path.
        if let colon = target.lastIndex(of: ":"), !target[colon...].contains("/") {
            let path = String(target[..<colon]), anchor = String(target[target.index(after: colon)...])
            guard !path.isEmpty, !anchor.isEmpty else {
                throw DirectiveSyntaxError("an include reads {{#include PATH:ANCHOR}}, not '\(line)'")
            }
            return .include(path: path, anchor: anchor)
        }
        return .include(path: target, anchor: nil)
    }
}

/// A directive block that does not follow the syntax, in one line.
public struct DirectiveSyntaxError: Error, Equatable {
    public var message: String
    init(_ message: String) { self.message = message }
}

/// A directive found in a chapter, with where its block sits in the file.
public struct DirectiveBlock: Equatable {
    public var directive: Directive
    /// The 1-based line of the opening fence.
    public var line: Int
    /// Indices (0-based) of the block's content lines in `Chapter.source`.
    var content: Range<Int>
    /// The opening fence's marker (```` ``` ````), which `--update` may have to lengthen.
    var fence: String
    /// For an include, the code it shows, read when the chapter was preprocessed.
    public var included: IncludedCode?
}
