import Foundation
import Notebook
import Parameters

/// What runs a chapter: it demonstrates the chapter's step and writes what
/// the reader should see into the notebook.
public typealias EntryPoint = @Sendable (Hyperparameters, Notebook) throws -> Void

/// A chapter as the table of contents lists it, before its Markdown is read.
public struct ChapterEntry: Sendable {
    public var number: Int
    /// The file name without `.md`, which also orders the chapters: `03-model`.
    public var slug: String
    /// The chapter module's entry point; `nil` for a chapter of prose only.
    public var entryPoint: EntryPoint?

    public init(number: Int, slug: String, entryPoint: EntryPoint?) {
        self.number = number
        self.slug = slug
        self.entryPoint = entryPoint
    }
}

/// A chapter of the book, read from its Markdown file.
public struct Chapter {
    public var number: Int
    public var slug: String
    /// The text of the Markdown's first `# ` heading.
    public var title: String
    /// `chapters/<slug>.md` under the book's root.
    public var file: URL
    /// The file's text as it was read.
    public var markdown: String
    public var entryPoint: EntryPoint?
    /// The file as messages name it: `chapters/03-model.md`.
    public var path: String

    /// The directive blocks of the chapter, in order.
    public func directives() throws(BookError) -> [DirectiveBlock] {
        try Directive.blocks(in: markdown, path: path)
    }
}

/// Stage 1: the book, its chapters in order, read from the project's root.
///
/// This is the one place that knows which chapters exist; everything else
/// (the runner, the checks, the site, the command line) asks the book.
public struct Book {
    /// The folder that holds `chapters/`.
    public var root: URL
    public var chapters: [Chapter]

    /// Reads every chapter listed in `contents` from `root/chapters/`.
    public init(root: URL, contents: [ChapterEntry]) throws(BookError) {
        self.root = root
        let folder = root.appendingPathComponent("chapters", isDirectory: true)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw BookError(path: folder.path, message: "no chapters folder here")
        }
        chapters = try contents.map { entry throws(BookError) in
            let file = folder.appendingPathComponent(entry.slug + ".md")
            let path = displayPath(of: file, under: root)
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw BookError(path: path, message: "cannot read the chapter file")
            }
            let markdown = String(decoding: data, as: UTF8.self)
            guard let title = Self.title(of: markdown) else {
                throw BookError(path: path, message: "the chapter has no '# ' title heading")
            }
            return Chapter(number: entry.number, slug: entry.slug, title: title, file: file,
                           markdown: markdown, entryPoint: entry.entryPoint, path: path)
        }
    }

    /// The chapter numbered `number`, if the book has it.
    public func chapter(_ number: Int) -> Chapter? {
        chapters.first { $0.number == number }
    }

    /// The text of the first level-1 heading (`# Title`), outside code blocks.
    static func title(of markdown: String) -> String? {
        let lines = TextLines(markdown).lines
        let inBlocks = Set(FencedBlocks.find(in: lines).flatMap { $0.openingLine...($0.closingLine ?? lines.count - 1) })
        for (index, line) in lines.enumerated() where !inBlocks.contains(index) && line.hasPrefix("# ") {
            let title = line.dropFirst(2).trimmingWhitespace
            if !title.isEmpty { return title }
        }
        return nil
    }

    /// The project's root: `start` or the nearest folder above it that holds `chapters/`.
    public static func locateRoot(from start: URL) throws(BookError) -> URL {
        var folder = start.standardizedFileURL
        while true {
            var isFolder: ObjCBool = false
            let chapters = folder.appendingPathComponent("chapters").path
            if FileManager.default.fileExists(atPath: chapters, isDirectory: &isFolder), isFolder.boolValue {
                return folder
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                throw BookError(path: start.standardizedFileURL.path,
                                message: "no chapters folder here or in any folder above; pass --root PATH")
            }
            folder = parent
        }
    }
}
