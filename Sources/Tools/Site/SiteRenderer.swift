import Foundation

/// Renders a book's chapters into the files of a static site.
///
/// The renderer does not read chapter files or run chapters: the runner hands
/// it parsed chapters and a resolver that says what each fenced code block
/// becomes (highlighted source, or an output the chapter captured). Blocks the
/// resolver leaves alone go to `blockRenderers` by their kind. The result is a
/// map from relative path to file content, written by `SiteFolder`. Same
/// input, same bytes: nothing on a page depends on the time, the machine or
/// the order of a dictionary.
public struct SiteRenderer {
    /// The book's name, shown above the chapter list and in every page title.
    public var bookTitle: String
    /// What a fenced block of each kind (its info string's first word) becomes,
    /// when the resolver leaves it alone. Swift is highlighted; add others here
    /// (``` ```math ```, say). A kind without a renderer is left to cmark.
    public var blockRenderers: [String: BlockRenderer] = [
        "swift": { _, block in OutputHTML.html(forSwift: block.literal) },
        "math": MathHTML.display,
        "python": { _, block in OutputHTML.html(forPython: block.literal) }
    ]
    /// The kinds of block a book adds (its info string's first word → what makes the plugin that renders them).
    /// A new plugin is made for each rendering, with the site's files at hand.
    public var plugins: [String: BlockPlugin.Factory] = [:]
    /// Reads the figures chapters place (`![…](figures/x.svg "…")`); without one, every figure is missing.
    public var figureLoader: FigureLoader = { _, _ in nil }
    /// Links to the repository and to the files the pages show; none by default.
    public var sourceLinks = SourceLinks()
    private let resolver: CodeBlockResolver

    public init(bookTitle: String, resolver: @escaping CodeBlockResolver) {
        self.bookTitle = bookTitle
        self.resolver = resolver
    }

    /// The pages `index.html` (introduction, summary of the run), one per chapter, `print.html`
    /// (every chapter on one page), `style.css`, `page.js` and the search index; and the files the plugins add.
    ///
    /// - Parameters:
    ///   - summary: label/value pairs describing the run, shown as given on the index page.
    ///   - extraFiles: more files for the site (relative path → bytes), which pages may link to.
    /// - Throws: `SiteError` for a broken internal link (naming the chapter file and line),
    ///   and whatever the resolver throws.
    public func render(
        chapters: [SiteChapter], introduction: SiteChapter, summary: [(String, String)],
        extraFiles: [String: Data] = [:]
    ) throws -> [String: Data] {
        let introductionDocument = ChapterDocument(chapter: introduction, pageName: "index.html")
        let chapterDocuments = chapters.map { ChapterDocument(chapter: $0, pageName: $0.pageName) }
        let documents = [introductionDocument] + chapterDocuments
        try checkPageNames(of: documents)

        // Headings first: a link may point at any page.
        for document in documents { document.collectHeadingIDs() }
        var references = CrossReferences()
        for document in documents { try document.number(into: &references) }
        let summaryID = summary.isEmpty ? nil : introductionDocument.claimAnchor("summary")

        var files = extraFiles
        files["style.css"] = Data(try Template.resource("style.css").utf8)
        files["page.js"] = Data(try Template.resource("page.js").utf8)
        let template = Template(try Template.resource("page.html"))
        // A plugin may read the site's files (a model's weights a chapter attached, say).
        let plugins = self.plugins.keys.sorted().map { ($0, self.plugins[$0]!(files)) }
        var blockRenderers = blockRenderers
        for (kind, plugin) in plugins where blockRenderers[kind] == nil { blockRenderers[kind] = plugin.render }

        var markdownFiles: [String: String] = [:]
        for document in documents { markdownFiles[document.chapter.slug + ".md"] = document.pageName }
        let site = SiteMap(
            anchors: Dictionary(uniqueKeysWithValues: documents.map { ($0.pageName, $0.anchors) }),
            references: references, sourceLinks: sourceLinks, files: Set(files.keys), pagesByMarkdownFile: markdownFiles
        )
        let navigation = documents.map { NavigationEntry(chapter: $0.chapter, pageName: $0.pageName) }
        var printed: [(pageName: String, slug: String, title: String, html: String)] = []
        var searchSections: [SearchIndex.Section] = []
        for (index, document) in documents.enumerated() {
            var body = try document.html(
                site: site, resolver: resolver, blockRenderers: blockRenderers,
                figureLoader: figureLoader)
            if index == 0, let summaryID { body += PageTemplate.summary(summary, id: summaryID) }
            printed.append((document.pageName, document.chapter.slug, document.chapter.title, body))
            let chapterLabel =
                document.chapter.number > 0
                ? "\(document.chapter.number). \(document.chapter.title)"
                : document.chapter.title
            searchSections += SearchIndex.sections(page: document.pageName, chapter: chapterLabel, html: body)
            let page = PageTemplate.page(
                template: template, bookTitle: bookTitle, repository: sourceLinks.repository,
                navigation: navigation,
                current: index, body: body, contents: SearchIndex.pageContents(body))
            files[document.pageName] = Data(page.utf8)
        }
        files[PrintPage.pageName] = Data(
            PageTemplate.printPage(
                template: template, bookTitle: bookTitle,
                repository: sourceLinks.repository,
                navigation: navigation,
                body: PrintPage.body(printed)
            ).utf8)
        files["search-index.js"] = Data(SearchIndex.script(searchSections).utf8)
        for (_, plugin) in plugins { files.merge(try plugin.files()) { _, added in added } }
        return files
    }

    /// Two chapters with one slug would overwrite each other's page; a slug with a slash would leave the folder.
    private func checkPageNames(of documents: [ChapterDocument]) throws {
        var seen: Set<String> = []
        for document in documents {
            let slug = document.chapter.slug
            if slug.isEmpty || slug.contains("/") || slug.hasPrefix(".") || slug == "index" {
                throw SiteError(
                    file: document.chapter.sourcePath, line: 0,
                    message: "'\(slug)' cannot name a page: use letters, digits and hyphens")
            }
            if !seen.insert(document.pageName).inserted {
                throw SiteError(
                    file: document.chapter.sourcePath, line: 0,
                    message: "a second chapter with the page name '\(document.pageName)'")
            }
        }
    }
}

/// A chapter as the sidebar and the previous/next links show it.
struct NavigationEntry {
    var chapter: SiteChapter
    var pageName: String
}

/// A kind of fenced block a book adds to its site, and the files its blocks need: the
/// tutorial's trained model in the page is one. The site knows nothing of what it renders.
public protocol BlockPlugin: AnyObject {
    /// Makes the plugin for one rendering of a site, from the site's files (relative path → bytes).
    typealias Factory = (_ siteFiles: [String: Data]) -> any BlockPlugin

    /// What `block`, of this plugin's kind, becomes on `chapter`'s page. A `BlockRenderer`.
    func render(_ chapter: SiteChapter, _ block: FencedCodeBlock) throws -> String

    /// The files the blocks rendered so far need (scripts, data), added to the site after every page.
    func files() throws -> [String: Data]
}
