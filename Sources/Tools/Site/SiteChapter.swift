import Notebook

/// One chapter as the site renderer receives it: already loaded, in book order.
///
/// The runner knows where chapters live and what they are called; the site
/// only needs the Markdown and enough to name the page and the file in
/// error messages.
public struct SiteChapter {
    /// The chapter number shown in the table of contents (0 for the introduction).
    public var number: Int
    /// The file name without extension, `"03-model"`: the page is `03-model.html`.
    public var slug: String
    /// The title shown in the sidebar, the page title and the previous/next links.
    public var title: String
    /// Where the Markdown came from (`chapters/03-model.md`), for error messages.
    public var sourcePath: String
    /// The chapter's Markdown, directives still in its fenced code blocks. Each rendering parses it
    /// into a tree of its own, so that rendering changes nothing it was given.
    public var markdown: String

    public init(number: Int, slug: String, title: String, markdown: String, sourcePath: String) {
        self.number = number
        self.slug = slug
        self.title = title
        self.sourcePath = sourcePath
        self.markdown = markdown
    }

    /// The page's file name in the site folder.
    public var pageName: String { slug + ".html" }
}

/// A fenced code block of a chapter, as the resolver sees it.
public struct FencedCodeBlock: Sendable, Equatable {
    /// The info string after the opening fence, `"swift"` or a directive such as `"output loss"`.
    public var info: String
    /// The block's text, ending with a newline as cmark keeps it.
    public var literal: String
    /// The line of the opening fence in the chapter file (1-based).
    public var line: Int

    public init(info: String, literal: String, line: Int) {
        self.info = info
        self.literal = literal
        self.line = line
    }

    /// The first word of the info string, which says what the block is: `swift`, `output`, `math`.
    public var kind: Substring { info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "" }
}

/// Code cut from a source file of the book, with where it came from.
public struct IncludedCode: Sendable, Equatable {
    /// The code as the page shows it: marker lines removed, dedented.
    public var code: String
    /// The source file, relative to the book's root: `Sources/Library/03-Model/ReferenceLSTM.swift`.
    public var file: String
    /// The 1-based lines of the file the code was cut from (marker lines inside it included).
    public var lines: ClosedRange<Int>

    public init(code: String, file: String, lines: ClosedRange<Int>) {
        self.code = code
        self.file = file
        self.lines = lines
    }
}

/// What a fenced code block stands for, decided by the runner.
public enum Replacement: Equatable {
    /// Swift source to show highlighted in place of the block (a region cut from the real sources).
    case code(IncludedCode)
    /// A captured output to show in place of the block.
    case output(Output)
}

/// Decides what a chapter's fenced code block becomes on the page.
///
/// Returns nil to leave the block to the renderer's `blockRenderers`, or to
/// cmark. A thrown error stops the build and reaches the caller unchanged,
/// so it should name the chapter file and `block.line`.
public typealias CodeBlockResolver = (_ chapter: SiteChapter, _ block: FencedCodeBlock) throws -> Replacement?

/// Turns the fenced blocks of one kind (``` ```math ```, ``` ```swift ```) into HTML.
///
/// The HTML goes into the page verbatim: build it from escaped text. A thrown
/// error stops the build; it should name `chapter.sourcePath` and `block.line`.
public typealias BlockRenderer = (_ chapter: SiteChapter, _ block: FencedCodeBlock) throws -> String

/// A problem in a chapter found while building the site, with the place it was found.
public struct SiteError: Error, Equatable, CustomStringConvertible {
    /// The chapter file, as given in `SiteChapter.sourcePath`.
    public var file: String
    /// The 1-based line in that file, or 0 when the problem has no line.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the form editors and terminals turn into a link.
    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
