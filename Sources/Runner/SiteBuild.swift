import Foundation
import Site

/// Stage 6: the book as a static HTML site.
///
/// The runner has already run every chapter; the site renderer gets the
/// chapters' Markdown and a `Resolver` over those runs, so each page shows
/// the code and the outputs of this very run. The introduction (chapter 0)
/// becomes `index.html`, the others a page each.
public enum SiteBuild {
    /// Renders `book` with the outputs of `runs` and writes it to `folder`,
    /// replacing what was there only once every page is written.
    /// `summary` (label, value) pairs describe the run on the index page.
    public static func write(_ book: Book, runs: [ChapterRun], summary: [(String, String)] = [], to folder: URL) throws {
        guard let introduction = book.chapters.first, introduction.entryPoint == nil else {
            throw BookError(path: book.root.path, message: "the book must open with an introduction without code")
        }
        let resolver = Resolver(book: book, runs: runs)
        let renderer = SiteRenderer(resolver: resolver.resolve)
        let files = try renderer.render(chapters: book.chapters.dropFirst().map(\.siteChapter),
                                        introduction: introduction.siteChapter, summary: summary)
        try writeSiteAtomically(files, to: folder)
    }
}
