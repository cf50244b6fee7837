import Foundation
import Notebook
import Runner

/// A two-chapter book in a temporary folder, for running the `run` command
/// without the tutorial's chapters: an introduction, and a chapter that greets.
enum TinyBook {
    static let greetingMarkdown = "# Greeting\n\nThe chapter says:\n\n```output greeting\nHello from seed 0\nbye\n```\n"

    /// A fresh copy; the caller removes it.
    static func make() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-book-\(UUID().uuidString)")
        let chapters = root.appendingPathComponent("chapters")
        try FileManager.default.createDirectory(at: chapters, withIntermediateDirectories: true)
        try Data("# Introduction\n\nA tiny book.\n".utf8).write(
            to: chapters.appendingPathComponent("00-introduction.md"))
        try Data(greetingMarkdown.utf8).write(to: chapters.appendingPathComponent("01-greeting.md"))
        return root
    }

    /// The chapter's code: the greeting for `seed` (0 is the recorded one).
    static func greeting(seed: Int = 0) -> EntryPoint {
        { notebook in notebook.text("greeting", "Hello from seed \(seed)\nbye") }
    }

    static func book(at root: URL, entryPoint: EntryPoint? = greeting()) throws -> Book {
        try Book(
            root: root,
            contents: [
                ChapterEntry(number: 0, slug: "00-introduction", entryPoint: nil),
                ChapterEntry(number: 1, slug: "01-greeting", entryPoint: entryPoint)
            ])
    }
}
