import Foundation
import Markdown
import Site

/// Stage 2, read: a chapter of the book, its directives checked.
///
/// cmark parses the Markdown for the title and for the fenced blocks whose
/// source lines the check and `--update` use (the site parses the text again
/// for each page it renders). Directives are read and includes resolved here, once:
/// a broken chapter (not UTF-8, an unclosed fence, a malformed directive, an
/// include that cannot be read or leaves the book, an output block shown
/// twice or not at the start of a line) fails here, before anything runs.
public struct Chapter {
    public var number: Int
    public var slug: String
    /// The text of the Markdown's first `# ` heading.
    public var title: String
    /// `chapters/<slug>.md` under the book's root.
    public var file: URL
    /// The file as messages name it: `chapters/03-model.md`.
    public var path: String
    /// The file's text, line by line, exactly as it was read.
    public var source: SourceText
    /// The directive blocks, in order, includes resolved.
    public var blocks: [DirectiveBlock]
    public var entryPoint: EntryPoint?
    /// What the outputs of a chapter marked expensive depend on; nil for the others.
    public var freeze: FreezeInputs?

    /// Reads `contents`, the bytes of `file`; `root` is the book's folder, which includes may not leave.
    public init(_ entry: ChapterEntry, contents: Data, file: URL, root: URL) throws(BookError) {
        let path = displayPath(of: file, under: root)
        let bytes = [UInt8](contents)
        if let line = firstInvalidUTF8Line(bytes) {
            throw BookError(path: path, line: line, message: "this line is not valid UTF-8; save the chapter as UTF-8")
        }
        try self.init(entry, markdown: String(decoding: bytes, as: UTF8.self), file: file, root: root)
    }

    /// Preprocesses `markdown` as the text of `file`.
    public init(_ entry: ChapterEntry, markdown: String, file: URL, root: URL) throws(BookError) {
        number = entry.number
        slug = entry.slug
        entryPoint = entry.entryPoint
        freeze = entry.freeze
        self.file = file
        path = displayPath(of: file, under: root)
        source = SourceText(markdown)
        let document = MarkdownDocument(markdown: markdown)
        guard let title = document.title, !title.trimmingWhitespace.isEmpty else {
            throw BookError(path: path, message: "the chapter has no '# ' title heading")
        }
        self.title = title.trimmingWhitespace
        blocks = []
        var shownAt: [String: Int] = [:]
        for codeBlock in document.codeBlocks {
            guard let block = try directiveBlock(codeBlock, root: root) else { continue }
            if case .output(let name) = block.directive {
                if let first = shownAt[name] {
                    throw BookError(
                        path: path, line: block.line, message: "output '\(name)' is already shown at line \(first)")
                }
                shownAt[name] = block.line
            }
            blocks.append(block)
        }
    }

    /// The whole text of the chapter file.
    public var markdown: String { source.text }

    /// The directive in `block`, checked and resolved; nil for an ordinary code block.
    private func directiveBlock(_ block: MarkdownDocument.CodeBlock, root: URL) throws(BookError) -> DirectiveBlock? {
        let line = block.startLine
        func fail(_ message: String) -> BookError { BookError(path: path, line: line, message: message) }
        guard source.lines.indices.contains(line - 1) else { return nil }
        let opening = Array(source.lines[line - 1].utf8.dropFirst(block.startColumn - 1))
        let fence = opening.prefix { $0 == opening.first && ($0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~")) }
        let firstLiteralLine = block.literal.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        let isFenced =
            fence.count >= 3
            && (!block.info.isEmpty
                || String(decoding: opening, as: UTF8.self).trimmingWhitespace != String(firstLiteralLine))
        guard isFenced else { return nil }  // an indented code block: never a directive
        let fenceText = String(decoding: fence, as: UTF8.self)
        guard isClosed(block, fence: fenceText) else {
            throw fail("this \(fenceText) code block is never closed (a closing \(fenceText) is missing)")
        }
        let directive: Directive?
        do {
            directive = try Directive.parse(info: block.info, literal: block.literal)
        } catch {
            throw fail(error.message)
        }
        switch directive {
        case nil:
            return nil
        case .output?:
            guard block.isTopLevel, block.startColumn == 1 else {
                throw fail("an output block must start at the beginning of the line, outside lists and quotes")
            }
            return DirectiveBlock(
                directive: directive!, line: line, content: line..<(block.endLine - 1), fence: fenceText)
        case .include(let includePath, let anchor)?:
            let code = try resolveInclude(includePath, anchor: anchor, line: line, root: root)
            return DirectiveBlock(
                directive: directive!, line: line, content: line..<(block.endLine - 1), fence: fenceText,
                included: code)
        }
    }

    /// Whether the fenced `block` ends with a closing fence, rather than at the end of the chapter or of
    /// the list item or quote it is in (where cmark closes it silently).
    private func isClosed(_ block: MarkdownDocument.CodeBlock, fence: String) -> Bool {
        guard block.endLine > block.startLine, block.endLine <= source.lines.count, let marker = fence.first else {
            return false
        }
        let last = String(decoding: source.lines[block.endLine - 1].utf8.prefix(max(block.endColumn, 0)), as: UTF8.self)
            .trimmingTrailingWhitespace
        let run = last.reversed().prefix { $0 == marker }.count
        let before = last.dropLast(run)
        return run >= fence.count && before.allSatisfy { $0 == " " || $0 == ">" }
            && before.filter { $0 == " " }.count <= 3 + block.startColumn - 1
    }

    /// The code `{{#include PATH:ANCHOR}}` on `line` shows. PATH is relative
    /// to the chapter file and must stay inside `root` once `..` and symbolic
    /// links are resolved: a chapter shows the book's own code and nothing else.
    private func resolveInclude(_ includePath: String, anchor: String?, line: Int, root: URL) throws(BookError)
        -> IncludedCode
    {
        func fail(_ message: String) -> BookError { BookError(path: path, line: line, message: message) }
        guard !includePath.hasPrefix("/") else {
            throw fail("cannot include '\(includePath)': an include path is relative to the chapter file")
        }
        let target = file.deletingLastPathComponent().appendingPathComponent(includePath).standardizedFileURL
        guard BookFile.isInside(target, root: root) else {
            throw fail("cannot include '\(includePath)': it is outside the book's folder")
        }
        let source: AnchoredSource
        do {
            source = try AnchoredSource(file: target, root: root)
        } catch {
            throw BookError(
                path: error.path, line: error.line, message: error.message + " (included from \(path):\(line))")
        }
        do {
            return try source.code(anchor: anchor)
        } catch {
            throw BookError(
                path: error.path, line: error.line, message: error.message + " (included from \(path):\(line))")
        }
    }
}
