import Foundation
import Notebook
@testable import Runner
import XCTest

/// The fixture books in `Fixtures/`, with a stand-in entry point for their
/// one chapter of code, so that every stage can be tested without the real
/// chapters.
enum FixtureBook {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// A book whose recorded outputs match what `counting()` produces.
    static let root = fixtures.appendingPathComponent("book", isDirectory: true)

    /// Shows a greeting that depends on the seed (0 is the recorded one), a table and a plot.
    static func counting(seed: Int = 0) -> EntryPoint {
        { notebook in
            notebook.text("greeting", "Hello from seed \(seed)\nsecond line   \n\n")
            notebook.table(
                "squares",
                Table(
                    header: ["n", "square", "label"],
                    rows: [["1", "1", "one"], ["2", "4", "two"], ["3", "9", "three"]]))
            notebook.plot(
                "curve",
                Plot(
                    title: "Squares over n", xLabel: "n", yLabel: "value",
                    series: [
                        Series(name: "square", x: [1, 2, 3], y: [1, 4, 9]),
                        Series(name: "half", x: [1, 2], y: [0.5, 2])
                    ]))
        }
    }

    static func contents(entryPoint: EntryPoint? = counting()) -> [ChapterEntry] {
        [
            ChapterEntry(number: 0, slug: "00-introduction", entryPoint: nil),
            ChapterEntry(number: 1, slug: "01-counting", entryPoint: entryPoint)
        ]
    }

    static func book(at root: URL = root, entryPoint: EntryPoint? = counting()) throws -> Book {
        try Book(root: root, contents: contents(entryPoint: entryPoint))
    }

    /// Chapter 1 of the fixture book, preprocessed from `markdown` instead of its file.
    static func chapter(_ markdown: String, entryPoint: EntryPoint? = counting(), root: URL = root) throws -> Chapter {
        try Chapter(
            ChapterEntry(number: 1, slug: "01-counting", entryPoint: entryPoint), markdown: markdown,
            file: root.appendingPathComponent("chapters/01-counting.md"), root: root)
    }

    /// The text of chapter 1's file in the fixture book.
    static var countingMarkdown: String {
        get throws { try String(contentsOf: root.appendingPathComponent("chapters/01-counting.md"), encoding: .utf8) }
    }

    /// A fresh copy of the fixture book `name` in a temporary folder, for tests that write.
    static func copy(_ name: String) throws -> URL {
        let destination = FileManager.default.temporaryDirectory
            .appendingPathComponent("runner-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: destination)
        return destination
    }
}

/// The message of a `BookError` thrown by `body`, or a failure naming what was expected.
func bookErrorMessage<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> String? {
    do {
        let value = try body()
        XCTFail("expected a BookError, got \(value)", file: file, line: line)
    } catch let error as BookError {
        return error.description
    } catch {
        XCTFail("expected a BookError, got \(error)", file: file, line: line)
    }
    return nil
}
