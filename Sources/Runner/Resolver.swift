import Foundation
import Notebook
import Site

extension Chapter {
    /// The code an include directive in this chapter shows: `path` is
    /// relative to the chapter file, `anchor` names a region or is `nil` for
    /// the whole file.
    public func includedCode(path: String, anchor: String?, root: URL) throws(BookError) -> String {
        let source = file.deletingLastPathComponent().appendingPathComponent(path)
        return try AnchoredSource(file: source, root: root).code(anchor: anchor)
    }

    /// The chapter as the site renderer takes it.
    public var siteChapter: SiteChapter {
        SiteChapter(number: number, slug: slug, title: title, markdown: markdown, sourcePath: path)
    }
}

/// Turns the directive blocks the site renderer meets into what the page
/// shows in their place.
///
/// The renderer parses the Markdown itself and asks about every fenced code
/// block; the directive syntax stays defined in one place
/// (`Directive.parse`), shared with the checks and `--update`.
public struct Resolver {
    public var book: Book
    /// Each chapter's run, by chapter number.
    public var runs: [Int: ChapterRun]

    public init(book: Book, runs: [ChapterRun]) {
        self.book = book
        self.runs = Dictionary(runs.map { ($0.chapterNumber, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// What `block` of `chapter` becomes: included code, a captured output,
    /// or `nil` for an ordinary code block, which the page shows as it is.
    /// Its signature is the site renderer's `CodeBlockResolver`.
    public func resolve(_ chapter: SiteChapter, _ block: FencedCodeBlock) throws(BookError) -> Replacement? {
        guard let bookChapter = book.chapter(chapter.number) else {
            throw BookError(path: chapter.sourcePath, message: "the book has no chapter \(chapter.number)")
        }
        return try resolve(bookChapter, info: block.info, literal: block.literal, line: block.line)
    }

    func resolve(_ chapter: Chapter, info: String, literal: String, line: Int) throws(BookError) -> Replacement? {
        let directive: Directive?
        do {
            directive = try Directive.parse(info: info, literal: literal)
        } catch {
            throw BookError(path: chapter.path, line: line, message: error.message)
        }
        switch directive {
        case nil:
            return nil
        case .include(let path, let anchor)?:
            do {
                return .code(swift: try chapter.includedCode(path: path, anchor: anchor, root: book.root))
            } catch {
                throw BookError(path: error.path, line: error.line,
                                message: error.message + " (included from \(chapter.path):\(line))")
            }
        case .output(let name)?:
            guard let output = runs[chapter.number]?.output(named: name) else {
                throw BookError(path: chapter.path, line: line,
                                message: "chapter \(chapter.number) produced no output named '\(name)'")
            }
            return .output(output)
        }
    }
}
