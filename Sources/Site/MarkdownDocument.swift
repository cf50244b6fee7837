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
/// in-place `--update` needs), and the site renders it. Rendering never
/// changes the tree for good: code, outputs and heading anchors are put in
/// place of their nodes only while the page is rendered, then taken out again,
/// so the same document can be rendered any number of times.
public final class MarkdownDocument {
    /// The `cmark_node *` of the document; freed with the document.
    private let root: OpaquePointer

    /// Parses `markdown`. A NUL character is kept as cmark keeps it (as U+FFFD), not taken as the end of the text.
    public init(markdown: String) {
        var text = markdown
        root = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, $0.count, CMARK_OPT_DEFAULT) }
        }
    }

    deinit { cmark_node_free(root) }

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
            CodeBlock(info: node.fenceInfo, literal: node.literal,
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
    struct Node {
        fileprivate let pointer: OpaquePointer

        var type: cmark_node_type { cmark_node_get_type(pointer) }
        /// The 1-based line where the node starts in the Markdown.
        var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
        var literal: String { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
        var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }
        var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
        var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
        var parent: Node? { cmark_node_parent(pointer).map(Node.init) }
        var previous: Node? { cmark_node_previous(pointer).map(Node.init) }
        var next: Node? { cmark_node_next(pointer).map(Node.init) }
        var firstChild: Node? { cmark_node_first_child(pointer).map(Node.init) }
        var lastChild: Node? { cmark_node_last_child(pointer).map(Node.init) }
        /// An image's or link's title (`![alt](url "title")`).
        var title: String { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }
        var isBlock: Bool { type.rawValue < CMARK_NODE_FIRST_INLINE.rawValue }
        func isSame(as other: Node?) -> Bool { other?.pointer == pointer }

        /// The 1-based line of an inline node: its block's first line plus the line breaks before it.
        ///
        /// cmark records lines for blocks only; text nodes never span a line break,
        /// so counting the breaks between the block's start and the node finds its line.
        var inlineLine: Int {
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
        var plainText: String {
            var text = ""
            walk(from: pointer) { node in
                if node.type == CMARK_NODE_TEXT || node.type == CMARK_NODE_CODE { text += node.literal }
                if node.type == CMARK_NODE_SOFTBREAK || node.type == CMARK_NODE_LINEBREAK { text += " " }
            }
            return text
        }
    }

    /// Every node of the tree in document order, collected before any change is made.
    func nodes(ofType type: cmark_node_type) -> [Node] {
        var found: [Node] = []
        walk(from: root) { if $0.type == type { found.append($0) } }
        return found
    }

    /// Puts HTML of our own making where `node` was, and returns what puts `node` back.
    ///
    /// The HTML is written verbatim, so it must be built from escaped text.
    func replace(_ node: Node, withHTML html: String) -> () -> Void {
        let block = cmark_node_new(CMARK_NODE_HTML_BLOCK)!
        cmark_node_set_literal(block, html)
        cmark_node_replace(node.pointer, block)
        return {
            cmark_node_replace(block, node.pointer)
            cmark_node_free(block)
        }
    }

    /// Puts inline HTML of our own making where the inline `node` was, and returns what puts `node` back.
    func replaceInline(_ node: Node, withHTML html: String) -> () -> Void {
        let inline = cmark_node_new(CMARK_NODE_HTML_INLINE)!
        cmark_node_set_literal(inline, html)
        cmark_node_replace(node.pointer, inline)
        return {
            cmark_node_replace(inline, node.pointer)
            cmark_node_free(inline)
        }
    }

    /// Changes the text of a text or code node, and returns what changes it back.
    func setLiteral(of node: Node, to literal: String) -> () -> Void {
        let old = node.literal
        cmark_node_set_literal(node.pointer, literal)
        return { cmark_node_set_literal(node.pointer, old) }
    }

    /// Points a link or image somewhere else, and returns what points it back.
    func setURL(of node: Node, to url: String) -> () -> Void {
        let old = node.url
        cmark_node_set_url(node.pointer, url)
        return { cmark_node_set_url(node.pointer, old) }
    }

    /// The HTML cmark renders for `node` alone (with its descendants).
    func html(of node: Node) -> String {
        render(node.pointer)
    }

    /// The whole document as HTML.
    ///
    /// Rendered with `CMARK_OPT_UNSAFE`, which lets our own HTML blocks through.
    /// It also lets through raw HTML written in the chapters, which is ours too;
    /// everything captured at run time was escaped before it became a node.
    func html() -> String {
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
