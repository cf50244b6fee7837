import Format
import Foundation
import Notebook
import Site

/// Stage 6, render: the book as a static HTML site.
///
/// The runner has already run every chapter; the site renderer gets the
/// preprocessed chapters and a resolver over those runs, so each page shows
/// the code and the outputs of this very run. The introduction (chapter 0)
/// becomes `index.html`, the others a page each.
public enum SiteBuild {
    /// Every file of the site (relative path → contents), rendered in memory.
    /// The same sources and runs give the same bytes, which is how a test
    /// tells that the committed site is stale.
    ///
    /// - Parameters:
    ///   - summary: label/value pairs for the front page, as the caller describes the run.
    ///   - extraFiles: more files for the site. The files the chapters attached
    ///     (`Notebook.attach`, such as the trained weights) are added to them.
    ///   - configure: a last change to the renderer, such as a block renderer of its own.
    public static func files(
        _ book: Book, runs: [ChapterRun], summary: [(String, String)],
        extraFiles: [String: Data] = [:],
        configure: (inout SiteRenderer) -> Void = { _ in }
    ) throws -> [String: Data] {
        guard let introduction = book.chapters.first, introduction.entryPoint == nil else {
            throw BookError(path: book.root.path, message: "the book must open with an introduction without code")
        }
        let pages = try book.chapters.map { chapter throws(BookError) in
            try chapter.siteChapter(
                preprocessedBy: book.preprocessors,
                context: PreprocessorContext(values: book.values, runs: runs))
        }
        let runs = Dictionary(runs.map { ($0.chapterNumber, $0) }, uniquingKeysWith: { _, last in last })
        let chapters = Dictionary(book.chapters.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        // A book without a title in chapters/book.json is called by its introduction's.
        let title = book.settings.title ?? introduction.title
        var renderer = SiteRenderer(bookTitle: title) { siteChapter, block throws(BookError) in
            guard let chapter = chapters[siteChapter.number] else {
                throw BookError(path: siteChapter.sourcePath, message: "the book has no chapter \(siteChapter.number)")
            }
            return try resolve(block, of: chapter, run: runs[chapter.number])
        }
        // Figures live next to the chapters (chapters/figures/), read as the pages need them.
        renderer.figureLoader = { siteChapter, path in
            guard let chapter = chapters[siteChapter.number] else { return nil }
            let file = chapter.file.deletingLastPathComponent().appendingPathComponent(path)
            // A figure is the book's own, as an include is: a link out of the book is not followed.
            guard BookFile.isInside(file, root: book.root), case .success(let data) = BookFile.contents(of: file) else {
                return nil
            }
            return String(bytes: data, encoding: .utf8)
        }
        renderer.sourceLinks = book.settings.sourceLinks
        renderer.plugins = book.plugins
        configure(&renderer)
        var files = extraFiles
        for attachment in runs.values.sorted(by: { $0.chapterNumber < $1.chapterNumber }).flatMap(\.attachments) {
            files[attachment.name] = Data(attachment.contents)
        }
        return try renderer.render(
            chapters: Array(pages.dropFirst()),
            introduction: pages[0], summary: summary, extraFiles: files)
    }

    /// What `block` of `chapter` becomes: the code its include read when the
    /// chapter was preprocessed, an output of `run`, or `nil` for an ordinary
    /// code block. Blocks are found by their line: the site renders the very
    /// document the chapter was preprocessed from.
    static func resolve(_ block: FencedCodeBlock, of chapter: Chapter, run: ChapterRun?) throws(BookError)
        -> Replacement?
    {
        guard let directive = chapter.blocks.first(where: { $0.line == block.line }) else { return nil }
        switch directive.directive {
        case .include:
            return directive.included.map(Replacement.code)
        case .output(let name):
            guard let output = run?.output(named: name) else {
                throw BookError(
                    path: chapter.path, line: block.line,
                    message: "chapter \(chapter.number) produced no output named '\(name)'")
            }
            return .output(output)
        }
    }

    /// Renders the site and writes it to `folder`, replacing an earlier site
    /// there only once every page is written (see `SiteFolder`). A folder
    /// that is the book's own or holds files this tool did not write is refused.
    public static func write(
        _ book: Book, runs: [ChapterRun], summary: [(String, String)],
        extraFiles: [String: Data] = [:], to folder: URL
    ) throws {
        try book.checkSiteFolder(folder)
        try SiteFolder.write(try files(book, runs: runs, summary: summary, extraFiles: extraFiles), to: folder) {
            let parent = Format.echoed(folder.deletingLastPathComponent().path, limit: 200)
            FileHandle.standardError.write(
                Data("waiting for another tutorial run that is writing a site in \(parent)\n".utf8))
        }
    }
}

extension Chapter {
    /// The chapter as the site shows it: its Markdown changed by `preprocessors`, in order.
    /// Each must keep every line where it was, so the directive blocks found when the
    /// chapter was loaded are still found by their line.
    public func siteChapter(
        preprocessedBy preprocessors: [any Preprocessor],
        context: PreprocessorContext
    ) throws(BookError) -> SiteChapter {
        var markdown = self.markdown
        for preprocessor in preprocessors {
            let changed = try preprocessor.run(markdown, of: self, context: context)
            guard SourceText(changed).lines.count == SourceText(markdown).lines.count else {
                throw BookError(
                    path: path, message: "the preprocessor \(type(of: preprocessor)) moved the chapter's lines")
            }
            markdown = changed
        }
        return SiteChapter(number: number, slug: slug, title: title, markdown: markdown, sourcePath: path)
    }
}
