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
    public static func write(_ book: Book, runs: [ChapterRun], to folder: URL) throws {
        try writeSiteAtomically(try files(book, runs: runs), to: folder)
    }

    /// Every file of the site (relative path → contents), rendered in memory.
    /// The same sources and seed give the same bytes, which is how a test
    /// tells that the committed site is stale.
    public static func files(_ book: Book, runs: [ChapterRun]) throws -> [String: String] {
        guard let introduction = book.chapters.first, introduction.entryPoint == nil else {
            throw BookError(path: book.root.path, message: "the book must open with an introduction without code")
        }
        let resolver = Resolver(book: book, runs: runs)
        let renderer = SiteRenderer(resolver: resolver.resolve)
        return try renderer.render(chapters: book.chapters.dropFirst().map(\.siteChapter),
                                   introduction: introduction.siteChapter, summary: summary(runs))
    }

    /// The front page's summary of the run: the training chapter's `summary`
    /// table, when the book has one.
    static func summary(_ runs: [ChapterRun]) -> [(String, String)] {
        for run in runs.reversed() {
            if case .table(let table)? = run.outputs.first(where: { $0.name == "summary" })?.output {
                return table.rows.filter { $0.count >= 2 }.map { ($0[0], $0[1]) }
            }
        }
        return []
    }
}
