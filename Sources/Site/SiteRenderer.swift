/// Renders the tutorial's chapters into the files of a static site.
///
/// The renderer does not read chapter files or run chapters: the runner hands
/// it loaded chapters and a resolver that says what each fenced code block
/// becomes (highlighted source, or an output the chapter captured). The result
/// is a map from relative path to file content, written by
/// `writeSiteAtomically(_:to:)`. Same input, same bytes: nothing on a page
/// depends on the time, the machine or the order of a dictionary.
public struct SiteRenderer {
    /// The book's name, shown above the chapter list and in every page title.
    public var bookTitle: String
    private let resolver: CodeBlockResolver

    public init(bookTitle: String = "Dynamic RNN in Swift", resolver: @escaping CodeBlockResolver) {
        self.bookTitle = bookTitle
        self.resolver = resolver
    }

    /// The pages `index.html` (introduction, contents, summary of the run), one per chapter, and `style.css`.
    ///
    /// - Parameter summary: label/value pairs describing the run, shown as given on the index page.
    /// - Parameter model: the trained weights, for the pages that show a model panel
    ///   (`ModelPanel`); with them come `model.js`, `lstm.js` and `model-panel.js`.
    /// - Throws: `SiteError` for a broken internal link (naming the chapter file and line),
    ///   or a model panel without a model, and whatever the resolver throws.
    public func render(chapters: [SiteChapter], introduction: SiteChapter,
                       summary: [(String, String)], model: PageModel? = nil) throws -> [String: String] {
        let introductionDocument = ChapterDocument(chapter: introduction, pageName: "index.html")
        let chapterDocuments = chapters.map { ChapterDocument(chapter: $0, pageName: $0.pageName) }
        let documents = [introductionDocument] + chapterDocuments
        try checkPageNames(of: documents)

        // Headings first: a link may point at any page.
        for document in documents { document.collectHeadingIDs() }
        let contentsID = introductionDocument.claimAnchor("contents")
        let summaryID = summary.isEmpty ? nil : introductionDocument.claimAnchor("summary")

        var markdownFiles: [String: String] = [:]
        for document in documents { markdownFiles[document.chapter.slug + ".md"] = document.pageName }
        let site = SiteMap(anchors: Dictionary(uniqueKeysWithValues: documents.map { ($0.pageName, $0.anchors) }),
                           pagesByMarkdownFile: markdownFiles)

        var files: [String: String] = ["style.css": Stylesheet.css + ModelPanel.css]
        if let model { files.merge(ModelPanel.files(for: model)) { _, script in script } }
        let navigation = documents.map { NavigationEntry(chapter: $0.chapter, pageName: $0.pageName) }
        for (index, document) in documents.enumerated() {
            try document.checkLinks(in: site)
            document.placeHeadingAnchors()
            try document.resolveCodeBlocks(with: resolver, model: model)
            var body = document.html()
            if index == 0 {
                body += PageTemplate.contents(navigation.dropFirst(), id: contentsID)
                if let summaryID { body += PageTemplate.summary(summary, id: summaryID) }
            }
            files[document.pageName] = PageTemplate.page(
                bookTitle: bookTitle, navigation: navigation, current: index, body: body)
        }
        return files
    }

    /// Two chapters with one slug would overwrite each other's page; a slug with a slash would leave the folder.
    private func checkPageNames(of documents: [ChapterDocument]) throws {
        var seen: Set<String> = []
        for document in documents {
            let slug = document.chapter.slug
            if slug.isEmpty || slug.contains("/") || slug.hasPrefix(".") || slug == "index" {
                throw SiteError(file: document.chapter.sourcePath, line: 0,
                                message: "'\(slug)' cannot name a page: use letters, digits and hyphens")
            }
            if !seen.insert(document.pageName).inserted {
                throw SiteError(file: document.chapter.sourcePath, line: 0,
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
