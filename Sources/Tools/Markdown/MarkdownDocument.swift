import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A chapter's Markdown, parsed once by cmark into a tree.
///
/// Everything that reads a chapter reads this tree: the runner finds the
/// chapter's title and its fenced blocks here (with the source lines an
/// in-place `--update` needs), and the site renders a tree of its own,
/// parsed from the same text, in which it puts code, outputs and heading
/// anchors in place of their nodes.
public final class MarkdownDocument {
    /// The `cmark_node *` of the document; freed with the document.
    private let root: OpaquePointer

    /// Parses `markdown`. A NUL character is kept as cmark keeps it (as U+FFFD), not taken as the end of the text.
    public init(markdown: String) {
        var text = markdown
        root = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                cmark_parse_document($0.baseAddress, $0.count, CMARK_OPT_DEFAULT)
            }
        }
    }

    /// Nodes taken out of the tree by `replace`, freed with the document (a list of
    /// nodes collected before a change may still hold them).
    private var detached: [OpaquePointer] = []

    deinit {
        cmark_node_free(root)
        for node in detached { cmark_node_free(node) }
    }

    /// A code block of the document, as cmark found it.
    public struct CodeBlock: Sendable, Equatable {
        /// The info string after the opening fence; empty for an indented block.
        public var info: String
        /// The block's text, each line ending with a newline, container indentation removed.
        public var literal: String
        /// 1-based lines and columns of the block's first and last character:
        /// the opening and (when there is one) closing fence of a fenced block.
        public var startLine: Int, startColumn: Int, endLine: Int, endColumn: Int
        /// Whether the block stands at the top level of the document (not in a list item or a quote).
        public var isTopLevel: Bool
    }

    /// The document's code blocks, in order.
    public var codeBlocks: [CodeBlock] {
        nodes(ofType: CMARK_NODE_CODE_BLOCK).map { node in
            CodeBlock(
                info: node.fenceInfo, literal: node.literal,
                startLine: node.startLine, startColumn: Int(cmark_node_get_start_column(node.pointer)),
                endLine: Int(cmark_node_get_end_line(node.pointer)),
                endColumn: Int(cmark_node_get_end_column(node.pointer)),
                isTopLevel: node.parent?.type == CMARK_NODE_DOCUMENT)
        }
    }

    /// The text of the first level-1 heading, markup removed; nil when there is none.
    public var title: String? {
        nodes(ofType: CMARK_NODE_HEADING).first { $0.headingLevel == 1 }.map(\.plainText)
    }

    /// A node of the tree. Valid while its document lives.
    public struct Node {
        fileprivate let pointer: OpaquePointer

        public var type: cmark_node_type { cmark_node_get_type(pointer) }
        /// The 1-based line where the node starts in the Markdown.
        public var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
        public var literal: String { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
        public var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }
        public var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
        public var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
        public var parent: Node? { cmark_node_parent(pointer).map(Node.init) }
        public var previous: Node? { cmark_node_previous(pointer).map(Node.init) }
        public var next: Node? { cmark_node_next(pointer).map(Node.init) }
        public var firstChild: Node? { cmark_node_first_child(pointer).map(Node.init) }
        public var lastChild: Node? { cmark_node_last_child(pointer).map(Node.init) }
        /// An image's or link's title (`![alt](url "title")`).
        public var title: String { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }
        public var isBlock: Bool { type.rawValue < CMARK_NODE_FIRST_INLINE.rawValue }
        public func isSame(as other: Node?) -> Bool { other?.pointer == pointer }

        /// The 1-based line of an inline node: its block's first line plus the line breaks before it.
        ///
        /// cmark records lines for blocks only; text nodes never span a line break,
        /// so counting the breaks between the block's start and the node finds its line.
        public var inlineLine: Int {
            var block = self
            while !block.isBlock, let parent = block.parent { block = parent }
            var breaks = 0
            var found = false
            walk(from: block.pointer) { node in
                if found { return }
                if node.pointer == pointer { found = true; return }
                if node.type == CMARK_NODE_SOFTBREAK || node.type == CMARK_NODE_LINEBREAK { breaks += 1 }
            }
            return block.startLine + breaks
        }

        /// The text a reader sees in this node and its descendants, markup removed.
        public var plainText: String {
            var text = ""
            walk(from: pointer) { node in
                if node.type == CMARK_NODE_TEXT || node.type == CMARK_NODE_CODE { text += node.literal }
                if node.type == CMARK_NODE_SOFTBREAK || node.type == CMARK_NODE_LINEBREAK { text += " " }
            }
            return text
        }
    }

    /// Every node of the tree in document order, collected before any change is made.
    public func nodes(ofType type: cmark_node_type) -> [Node] {
        var found: [Node] = []
        walk(from: root) { if $0.type == type { found.append($0) } }
        return found
    }

    /// Puts HTML of our own making where `node` was.
    ///
    /// The HTML is written verbatim, so it must be built from escaped text.
    public func replace(_ node: Node, withHTML html: String) {
        let block = cmark_node_new(CMARK_NODE_HTML_BLOCK)!
        cmark_node_set_literal(block, html)
        cmark_node_replace(node.pointer, block)
        detached.append(node.pointer)
    }

    /// Puts inline HTML of our own making where the inline `node` was.
    public func replaceInline(_ node: Node, withHTML html: String) {
        let inline = cmark_node_new(CMARK_NODE_HTML_INLINE)!
        cmark_node_set_literal(inline, html)
        cmark_node_replace(node.pointer, inline)
        detached.append(node.pointer)
    }

    /// Changes the text of a text or code node.
    public func setLiteral(of node: Node, to literal: String) {
        cmark_node_set_literal(node.pointer, literal)
    }

    /// Points a link or image somewhere else.
    public func setURL(of node: Node, to url: String) {
        cmark_node_set_url(node.pointer, url)
    }

    /// The HTML cmark renders for `node` alone (with its descendants).
    public func html(of node: Node) -> String {
        render(node.pointer)
    }

    /// The whole document as HTML.
    ///
    /// Rendered with `CMARK_OPT_UNSAFE`, which lets our own HTML blocks through.
    /// It also lets through raw HTML written in the chapters, which is ours too;
    /// everything captured at run time was escaped before it became a node.
    public func html() -> String {
        render(root)
    }

    private func render(_ node: OpaquePointer) -> String {
        guard let cString = cmark_render_html(node, CMARK_OPT_UNSAFE) else { return "" }
        defer { free(cString) }
        return String(cString: cString)
    }
}

/// Calls `visit` on `start` and every node below it, in document order.
private func walk(from start: OpaquePointer, _ visit: (MarkdownDocument.Node) -> Void) {
    let iterator = cmark_iter_new(start)
    defer { cmark_iter_free(iterator) }
    while true {
        let event = cmark_iter_next(iterator)
        if event == CMARK_EVENT_DONE { break }
        if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
            visit(MarkdownDocument.Node(pointer: node))
        }
    }
}
