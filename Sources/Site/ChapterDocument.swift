import CCmark
import Foundation

/// One page's Markdown on its way to HTML: headings get anchors, links are checked, code blocks resolved.
///
/// The stages run in this order — collect heading ids, check links, place
/// anchors, resolve code blocks — because links can point into any page:
/// every page's headings must be known before the first link is checked.
final class ChapterDocument {
    let chapter: SiteChapter
    /// The file the page is written to: the chapter's page, or `index.html` for the introduction.
    let pageName: String
    private let document: MarkdownDocument
    private var slugs = SlugRegistry()
    /// Headings and the ids they will get, between `collectHeadingIDs()` and `placeHeadingAnchors()`.
    private var headings: [(MarkdownDocument.Node, String)] = []

    init(chapter: SiteChapter, pageName: String) {
        self.chapter = chapter
        self.pageName = pageName
        self.document = MarkdownDocument(markdown: chapter.markdown)
    }

    /// The fragment identifiers this page defines (its headings, and any the template adds).
    var anchors: Set<String> { slugs.used }

    /// Gives every heading an `id` from its text; `placeHeadingAnchors()` later writes them into the page.
    func collectHeadingIDs() {
        headings = document.nodes(ofType: CMARK_NODE_HEADING).map { ($0, slugs.claim(slugify($0.plainText))) }
    }

    /// Replaces each heading by one with its `id` and a visible `¶` link to itself.
    ///
    /// Runs after the links are checked, so that links inside headings are checked too.
    func placeHeadingAnchors() {
        for (heading, id) in headings {
            // cmark renders the heading as `<hN>inner</hN>\n`; keep its inner HTML, add the id and the link.
            let rendered = document.html(of: heading).trimmingCharacters(in: .newlines)
            let inner = rendered.dropFirst("<hN>".count).dropLast("</hN>".count)
            document.replace(heading, withHTML: headingHTML(level: heading.headingLevel, id: id, innerHTML: String(inner)))
        }
        headings = []
    }

    /// Reserves an identifier for something the template adds to this page, such as the contents list.
    func claimAnchor(_ wanted: String) -> String { slugs.claim(wanted) }

    /// Fails on the first link or image that points to a page or heading the site does not have.
    ///
    /// Links to a chapter's Markdown file (`02-generator.md#batches`) are turned
    /// into links to its page, so chapters read the same on a code host and in the site.
    func checkLinks(in site: SiteMap) throws {
        let targets = document.nodes(ofType: CMARK_NODE_LINK) + document.nodes(ofType: CMARK_NODE_IMAGE)
        for node in targets {
            guard let link = InternalLink(node.url) else { continue }
            let line = node.startLine > 0 ? node.startLine : (node.parent?.startLine ?? 0)
            let page = link.page.isEmpty ? pageName : (site.pageName(forMarkdownFile: link.page) ?? link.page)
            guard let anchors = site.anchors[page] else {
                throw SiteError(file: chapter.sourcePath, line: line,
                                message: "link to '\(node.url)': the site has no page '\(link.page)'")
            }
            if let fragment = link.fragment, !anchors.contains(fragment) {
                throw SiteError(file: chapter.sourcePath, line: line,
                                message: "link to '\(node.url)': \(page) has no heading with id '\(fragment)'")
            }
            if page != link.page && !link.page.isEmpty {
                document.setURL(of: node, to: page + (link.fragment.map { "#" + $0 } ?? ""))
            }
        }
    }

    /// Asks the resolver about every fenced code block and puts code or output in its place.
    ///
    /// A block the resolver leaves alone is highlighted when it is Swift,
    /// becomes the model panel when its info is `model-panel` (see `ModelPanel`),
    /// and is otherwise rendered by cmark as an ordinary code block.
    func resolveCodeBlocks(with resolver: CodeBlockResolver, model: PageModel? = nil) throws {
        for node in document.nodes(ofType: CMARK_NODE_CODE_BLOCK) {
            let block = FencedCodeBlock(info: node.fenceInfo, literal: node.literal, line: node.startLine)
            switch try resolver(chapter, block) {
            case .code(let swift):
                document.replace(node, withHTML: OutputHTML.html(forSwift: swift))
            case .output(let output):
                document.replace(node, withHTML: OutputHTML.html(for: output))
            case nil:
                let language = block.info.split(separator: " ").first
                if language == "swift" {
                    document.replace(node, withHTML: OutputHTML.html(forSwift: block.literal))
                } else if language.map(String.init) == ModelPanel.blockInfo {
                    guard let model else {
                        throw SiteError(file: chapter.sourcePath, line: block.line,
                                        message: "a model panel, but no chapter attached a trained model to show")
                    }
                    document.replace(node, withHTML: ModelPanel.html(command: block.literal, model: model))
                }
            }
        }
    }

    /// The page's content as HTML, ready for the page template.
    func html() -> String { document.html() }
}

/// A heading with its anchor: the `¶` is a real link, so readers can copy the address of a section.
func headingHTML(level: Int, id: String, innerHTML: String) -> String {
    "<h\(level) id=\"\(escapeHTML(id))\">\(innerHTML)<a class=\"anchor\" href=\"#\(escapeHTML(id))\" "
        + "aria-label=\"Link to this section\">¶</a></h\(level)>"
}

/// The identifiers used on one page; a repeated heading gets `-1`, `-2` … as on code hosts.
struct SlugRegistry {
    private(set) var used: Set<String> = []

    mutating func claim(_ wanted: String) -> String {
        var id = wanted
        var suffix = 1
        while used.contains(id) {
            id = "\(wanted)-\(suffix)"
            suffix += 1
        }
        used.insert(id)
        return id
    }
}

/// The pages of the site and the anchors on each, for checking links.
struct SiteMap {
    var anchors: [String: Set<String>]
    /// `"02-generator.md"` → `"02-generator.html"`: the Markdown files chapters may link to.
    var pagesByMarkdownFile: [String: String]

    func pageName(forMarkdownFile name: String) -> String? { pagesByMarkdownFile[name] }
}

/// A link that stays inside the site: no scheme, no absolute path.
struct InternalLink {
    var page: String
    var fragment: String?

    /// Nil for links that leave the site (`https:`, `mailto:`, `//host`, `/path`), which are not checked.
    init?(_ url: String) {
        guard !url.isEmpty, !url.hasPrefix("/") else { return nil }
        let beforeFragment = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        if beforeFragment.contains(":") { return nil }
        if let hash = url.firstIndex(of: "#") {
            page = String(url[..<hash])
            fragment = String(url[url.index(after: hash)...])
        } else {
            page = url
            fragment = nil
        }
    }
}
