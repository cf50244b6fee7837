import CCmark
import Foundation
import Markdown

/// One page's Markdown on its way to HTML: headings get anchors, links are checked, code blocks resolved.
///
/// The stages run in this order — collect heading ids, then for each page
/// check links, place anchors, resolve code blocks — because links can point
/// into any page: every page's headings must be known before the first link
/// is checked. The document is this page's own parse of the chapter's Markdown:
/// the changes made for the page touch nothing the renderer was given.
final class ChapterDocument {
    let chapter: SiteChapter
    /// The file the page is written to: the chapter's page, or `index.html` for the introduction.
    let pageName: String
    private let document: MarkdownDocument
    private var slugs = SlugRegistry()
    /// Headings and the ids they get, from `collectHeadingIDs()` on.
    private var headings: [(MarkdownDocument.Node, String)] = []

    init(chapter: SiteChapter, pageName: String) {
        self.chapter = chapter
        self.pageName = pageName
        self.document = MarkdownDocument(markdown: chapter.markdown)
    }

    /// The fragment identifiers this page defines (its headings, and any the template adds).
    var anchors: Set<String> { slugs.used }

    /// Gives every heading an `id` from its text, and every figure one from its file name (`fig-lstm-cell`).
    func collectHeadingIDs() {
        headings = document.nodes(ofType: CMARK_NODE_HEADING).map { ($0, slugs.claim(slugify($0.plainText))) }
        figureIDs = figureImages.map { slugs.claim("fig-" + slugify(FigureHTML.name(of: $0.url))) }
    }

    /// The figures' ids, in document order, from `collectHeadingIDs()` on.
    private var figureIDs: [String] = []
    /// The numbers of the figures ("3.2"), in document order, from `number(into:)` on.
    private var figureNumbers: [String] = []
    /// Labelled display formulas by the line of their fence: their id and number.
    private var equations: [Int: (id: String, number: String)] = [:]

    /// Numbers the page's figures and labelled formulas (`CrossReferences`) and adds them to `references`.
    ///
    /// - Throws: `SiteError` for a label that is not `eq-` and letters, digits and hyphens.
    func number(into references: inout CrossReferences) throws {
        let prefix = chapter.number > 0 ? "\(chapter.number)." : ""
        figureNumbers = figureIDs.indices.map { prefix + String($0 + 1) }
        for (id, number) in zip(figureIDs, figureNumbers) {
            references.add(label: id, .init(page: pageName, id: id, text: "Figure " + number))
        }
        var count = 0
        for node in document.nodes(ofType: CMARK_NODE_CODE_BLOCK) {
            guard node.fenceInfo.hasPrefix("math"), let label = CrossReferences.label(inInfo: node.fenceInfo) else {
                continue
            }
            guard CrossReferences.isEquationLabel(label) else {
                throw SiteError(
                    file: chapter.sourcePath, line: node.startLine,
                    message: "formula label '{#\(label)}': write {#eq-NAME}, NAME in letters, digits and hyphens")
            }
            count += 1
            let id = slugs.claim(String(label)), number = prefix + String(count)
            equations[node.startLine] = (id, number)
            references.add(label: String(label), .init(page: pageName, id: id, text: "(\(number))"))
        }
    }

    /// The images that place figures: `figures/….svg`.
    private var figureImages: [MarkdownDocument.Node] {
        document.nodes(ofType: CMARK_NODE_IMAGE).filter { FigureHTML.isFigure($0.url) }
    }

    /// Reserves an identifier for something the template adds to this page, such as the contents list.
    func claimAnchor(_ wanted: String) -> String { slugs.claim(wanted) }

    /// The page's content as HTML, ready for the page template.
    ///
    /// - Throws: `SiteError` for a broken link, and what the resolver or a block renderer throws.
    func html(
        site: SiteMap, resolver: CodeBlockResolver, blockRenderers: [String: BlockRenderer],
        figureLoader: FigureLoader
    ) throws -> String {
        try placeFigures(loading: figureLoader)
        try placeReferences(site.references)
        try checkLinks(in: site)
        placeHeadingAnchors()
        try resolveCodeBlocks(with: resolver, blockRenderers: blockRenderers, sourceLinks: site.sourceLinks)
        try typesetInlineMath()
        keepShortCodeWhole()
        placeTables()
        return document.html()
    }

    /// Marks short code spans with a hyphen (`--update`, `x-y`) so that a line never breaks after their dashes.
    private func keepShortCodeWhole() {
        for node in document.nodes(ofType: CMARK_NODE_CODE) where node.literal.contains("-") && node.literal.count <= 32
        {
            document.replaceInline(node, withHTML: "<code class=\"nobreak\">\(escapeHTML(node.literal))</code>")
        }
    }

    /// Replaces each paragraph that is a pipe table (`PipeTable`) by the table.
    ///
    /// Runs last, so a cell's links are checked and its math typeset like the rest of the prose.
    private func placeTables() {
        for paragraph in document.nodes(ofType: CMARK_NODE_PARAGRAPH) {
            guard let first = paragraph.firstChild, first.type == CMARK_NODE_TEXT,
                first.literal.hasPrefix("|") || first.literal.contains("|"),
                let table = PipeTable.html(fromParagraphHTML: document.html(of: paragraph))
            else { continue }
            document.replace(paragraph, withHTML: table)
        }
    }

    /// Fails on the first link or image that points to a page or heading the site does not have.
    ///
    /// Links to a chapter's Markdown file (`02-generator.md#batches`) are turned
    /// into links to its page, so chapters read the same on a code host and in the site.
    private func checkLinks(in site: SiteMap) throws {
        let targets = document.nodes(ofType: CMARK_NODE_LINK) + document.nodes(ofType: CMARK_NODE_IMAGE)
        for node in targets {
            guard let link = InternalLink(node.url) else { continue }
            let line = node.startLine > 0 ? node.startLine : (node.parent?.startLine ?? 0)
            let page = link.page.isEmpty ? pageName : (site.pageName(forMarkdownFile: link.page) ?? link.page)
            guard let anchors = site.anchors[page] else {
                if site.files.contains(link.page) { continue }
                throw SiteError(
                    file: chapter.sourcePath, line: line,
                    message: "link to '\(node.url)': the site has no page '\(link.page)'")
            }
            if let fragment = link.fragment, !anchors.contains(fragment) {
                throw SiteError(
                    file: chapter.sourcePath, line: line,
                    message: "link to '\(node.url)': \(page) has no heading with id '\(fragment)'")
            }
            if page != link.page && !link.page.isEmpty {
                document.setURL(of: node, to: page + (link.fragment.map { "#" + $0 } ?? ""))
            }
        }
    }

    /// Replaces each heading by one with its `id` and a visible `¶` link to itself.
    ///
    /// Runs after the links are checked, so that links inside headings are checked (and pointed at pages) too.
    private func placeHeadingAnchors() {
        for (heading, id) in headings {
            // cmark renders the heading as `<hN>inner</hN>\n`; keep its inner HTML, add the id and the link.
            let rendered = document.html(of: heading).trimmingCharacters(in: .newlines)
            let inner = rendered.dropFirst("<hN>".count).dropLast("</hN>".count)
            document.replace(
                heading,
                withHTML: headingHTML(
                    level: heading.headingLevel, id: id,
                    innerHTML: String(inner)))
        }
    }

    /// Puts each figure, an image of `figures/….svg` alone in its paragraph, into the page in a `<figure>`.
    ///
    /// Runs before the links are checked, so that the figure's image is no
    /// longer a link to a file the site does not have.
    private func placeFigures(loading load: FigureLoader) throws {
        for ((image, id), number) in zip(zip(figureImages, figureIDs), figureNumbers) {
            let line = image.inlineLine
            func problem(_ message: String) -> SiteError {
                SiteError(file: chapter.sourcePath, line: line, message: "figure '\(image.url)': \(message)")
            }
            guard let paragraph = image.parent, paragraph.type == CMARK_NODE_PARAGRAPH,
                image.isSame(as: paragraph.firstChild), image.isSame(as: paragraph.lastChild)
            else {
                throw problem("a figure stands alone in its paragraph")
            }
            guard !image.title.isEmpty else {
                throw problem("no caption; write ![text alternative](\(image.url) \"Caption.\")")
            }
            guard let source = load(chapter, image.url) else {
                throw problem("no such file next to the chapter")
            }
            let svg: String
            do {
                svg = try FigureHTML.inlineSVG(source, name: image.url)
            } catch {
                throw problem(error.message)
            }
            document.replace(
                paragraph,
                withHTML: FigureHTML.html(
                    svg: svg, caption: image.title, id: id,
                    number: number))
        }
    }

    /// Replaces each `@fig-…` and `@eq-…` in the prose by a link that reads "Figure 3.2" or "(3.1)".
    private func placeReferences(_ references: CrossReferences) throws {
        for node in document.nodes(ofType: CMARK_NODE_TEXT) where node.literal.contains("@") {
            do {
                guard let html = try references.html(for: node.literal) else { continue }
                document.replaceInline(node, withHTML: html)
            } catch {
                throw SiteError(file: chapter.sourcePath, line: node.inlineLine, message: error.message)
            }
        }
    }

    /// Typesets `` $`…`$ `` (a code span between two dollar signs) as inline MathML.
    ///
    /// A formula outside the translator's subset stops the build with the
    /// chapter file and the line where the translator stopped. (Display math,
    /// ```` ```math ```` blocks, is a block renderer: `MathHTML.display`.)
    private func typesetInlineMath() throws {
        for node in document.nodes(ofType: CMARK_NODE_CODE) {
            guard let before = node.previous, before.type == CMARK_NODE_TEXT, before.literal.hasSuffix("$"),
                let after = node.next, after.type == CMARK_NODE_TEXT, after.literal.hasPrefix("$")
            else { continue }
            let math: String
            do {
                math = try TeXMath.mathML(node.literal, display: false)
            } catch {
                throw SiteError(
                    file: chapter.sourcePath, line: node.inlineLine + error.line,
                    message: "math: \(error.message)")
            }
            document.setLiteral(of: before, to: String(before.literal.dropLast()))
            document.setLiteral(of: after, to: String(after.literal.dropFirst()))
            document.replaceInline(node, withHTML: math)
        }
    }

    /// Asks the resolver about every fenced code block and puts code or output in its place.
    ///
    /// A block the resolver leaves alone goes to the block renderer for its
    /// kind (the info string's first word), and without one is rendered by
    /// cmark as an ordinary code block.
    private func resolveCodeBlocks(
        with resolver: CodeBlockResolver, blockRenderers: [String: BlockRenderer],
        sourceLinks: SourceLinks
    ) throws {
        for node in document.nodes(ofType: CMARK_NODE_CODE_BLOCK) {
            let block = FencedCodeBlock(info: node.fenceInfo, literal: node.literal, line: node.startLine)
            var html: String?
            switch try resolver(chapter, block) {
            case .code(let included):
                html = OutputHTML.html(forIncluded: included, link: sourceLinks.url(for: included))
            case .output(let output):
                html = OutputHTML.html(for: output)
            case nil:
                html = try blockRenderers[String(block.kind)]?(chapter, block)
            }
            if let rendered = html, let (id, number) = equations[block.line] {
                html =
                    "<div class=\"equation\" id=\"\(escapeHTML(id))\">\(rendered)"
                    + "<span class=\"equation-number\">(\(number))</span></div>"
            }
            if let html { document.replace(node, withHTML: html) }
        }
    }
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
    /// The book's numbered figures and formulas, which prose refers to as `@fig-…` and `@eq-…`.
    var references = CrossReferences()
    /// Where the shown sources can be read online, if anywhere.
    var sourceLinks = SourceLinks()
    /// The site's other files (`style.css`, `model.safetensors`), which links may point to as well.
    var files: Set<String> = []
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
