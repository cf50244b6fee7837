import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A chapter's Markdown as cmark's node tree, edited in place and then rendered.
///
/// Code, outputs and heading anchors go into the tree as new nodes that
/// replace the originals, instead of being pasted into the Markdown text: the
/// rest of the chapter is parsed exactly once, and a stray `<` in an output can
/// never change how the surrounding Markdown is read.
final class MarkdownDocument {
    /// The `cmark_node *` of the document; freed with the document.
    private let root: OpaquePointer

    init(markdown: String) {
        root = markdown.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
    }

    deinit { cmark_node_free(root) }

    /// A node of the tree. Valid while its document lives and the node is in it.
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
        var isBlock: Bool { type.rawValue < CMARK_NODE_FIRST_INLINE.rawValue }

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

    /// Puts HTML of our own making where `node` was, and frees `node`.
    ///
    /// The HTML is written verbatim, so it must be built from escaped text.
    func replace(_ node: Node, withHTML html: String) {
        let block = cmark_node_new(CMARK_NODE_HTML_BLOCK)!
        cmark_node_set_literal(block, html)
        cmark_node_replace(node.pointer, block)
        cmark_node_free(node.pointer)
    }

    /// Puts inline HTML of our own making where the inline `node` was, and frees `node`.
    func replaceInline(_ node: Node, withHTML html: String) {
        let inline = cmark_node_new(CMARK_NODE_HTML_INLINE)!
        cmark_node_set_literal(inline, html)
        cmark_node_replace(node.pointer, inline)
        cmark_node_free(node.pointer)
    }

    /// Changes the text of a text or code node.
    func setLiteral(of node: Node, to literal: String) {
        cmark_node_set_literal(node.pointer, literal)
    }

    /// Points a link or image somewhere else.
    func setURL(of node: Node, to url: String) {
        cmark_node_set_url(node.pointer, url)
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
