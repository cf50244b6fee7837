import Foundation
import Notebook

/// What a directive block becomes on a rendered page.
///
/// The same cases as the site renderer's `Replacement` (target Site), which
/// this type gives way to once Site is part of the package: then `resolve`
/// returns `Replacement` directly and this enum goes.
public enum Resolution: Equatable {
    /// The included Swift code, markers stripped and dedented.
    case code(swift: String)
    /// The output the chapter produced under the block's name.
    case output(Output)
}

extension Chapter {
    /// The code an include directive in this chapter shows: `path` is
    /// relative to the chapter file, `anchor` names a region or is `nil` for
    /// the whole file.
    public func includedCode(path: String, anchor: String?, root: URL) throws(BookError) -> String {
        let source = file.deletingLastPathComponent().appendingPathComponent(path)
        return try AnchoredSource(file: source, root: root).code(anchor: anchor)
    }
}

/// Stage 6's input: turns the directive blocks a renderer meets into what
/// the page shows in their place.
///
/// The site renderer parses the Markdown itself and calls `resolve` for every
/// fenced code block; the directive syntax stays defined in one place
/// (`Directive.parse`), shared with the checks and `--update`.
public struct Resolver {
    public var book: Book
    /// Each chapter's run, by chapter number.
    public var runs: [Int: ChapterRun]

    public init(book: Book, runs: [ChapterRun]) {
        self.book = book
        self.runs = Dictionary(runs.map { ($0.chapterNumber, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The replacement for a fenced block in chapter `number`; see `resolve(_:info:literal:line:)`.
    public func resolve(chapterNumber number: Int, info: String, literal: String, line: Int) throws(BookError) -> Resolution? {
        guard let chapter = book.chapter(number) else {
            throw BookError(path: book.root.path, message: "the book has no chapter \(number)")
        }
        return try resolve(chapter, info: info, literal: literal, line: line)
    }

    /// The replacement for a fenced block with `info` and content `literal`
    /// that starts at 1-based `line` of `chapter`; `nil` for an ordinary code
    /// block, which the renderer shows as it is.
    public func resolve(_ chapter: Chapter, info: String, literal: String, line: Int) throws(BookError) -> Resolution? {
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
