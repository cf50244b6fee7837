import Foundation
import Notebook
@testable import Runner
import XCTest

/// Expensive chapters keep their outputs (`chapters/_freeze/`) and run again
/// only when an input changed: a source file, the settings, or which outputs
/// the chapter shows; never for a change to its prose.
final class FreezeTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = try FixtureBook.copy("book")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    /// The fixture book with chapter 1 marked expensive: its outputs depend on `Sources` and `settings`.
    func book(settings: String = "seed 0", paths: [String] = ["Sources"]) throws -> Book {
        var contents = FixtureBook.contents()
        contents[1].freeze = FreezeInputs(paths: paths, settings: settings)
        return try Book(root: root, contents: contents)
    }

    /// Runs chapter 1 of `book` and keeps its outputs.
    func keep(_ book: Book) throws -> ChapterRun {
        let chapter = book.chapters[1]
        let run = ChapterRun(chapter)
        try Freeze.keep(run, of: chapter, root: root)
        return run
    }

    func testKeptOutputsThawExactlyWhileNothingChanged() throws {
        let run = try keep(try book())
        let thawed = try XCTUnwrap(try Freeze.thaw(try book().chapters[1], root: root))
        XCTAssertTrue(thawed.isThawed)
        XCTAssertEqual(thawed.outputs, run.outputs, "text, tables and plots come back exactly, every Double")
        XCTAssertEqual(thawed.chapterNumber, 1)
        XCTAssertEqual(ChapterCheck(try book().chapters[1], run: thawed).status, .ok)
    }

    func testAChangedSourceFileRunsTheChapterAgain() throws {
        _ = try keep(try book())
        let source = root.appendingPathComponent("Sources/Counting.swift")
        try (try String(contentsOf: source, encoding: .utf8) + "\n// one more line\n").write(
            to: source, atomically: true, encoding: .utf8)
        XCTAssertNil(try Freeze.thaw(try book().chapters[1], root: root))
    }

    func testANewSourceFileRunsTheChapterAgainButAHiddenOneDoesNot() throws {
        _ = try keep(try book())
        try "// editor's swap file".write(
            to: root.appendingPathComponent("Sources/.Counting.swift.swp"),
            atomically: true, encoding: .utf8)
        XCTAssertNotNil(try Freeze.thaw(try book().chapters[1], root: root))
        try "let more = 1".write(
            to: root.appendingPathComponent("Sources/More.swift"), atomically: true, encoding: .utf8)
        XCTAssertNil(try Freeze.thaw(try book().chapters[1], root: root))
    }

    func testOtherSettingsRunTheChapterAgain() throws {
        _ = try keep(try book(settings: "seed 0"))
        XCTAssertNil(try Freeze.thaw(try book(settings: "seed 1").chapters[1], root: root))
        XCTAssertNotNil(try Freeze.thaw(try book(settings: "seed 0").chapters[1], root: root))
    }

    func testEditingProseKeepsTheOutputsButShowingAnotherOutputDoesNot() throws {
        _ = try keep(try book())
        let file = root.appendingPathComponent("chapters/01-counting.md")
        let markdown = try String(contentsOf: file, encoding: .utf8)
        try markdown.replacingOccurrences(of: "Some prose before the code.", with: "Other words entirely.")
            .write(to: file, atomically: true, encoding: .utf8)
        XCTAssertNotNil(try Freeze.thaw(try book().chapters[1], root: root), "prose never changes an output")

        try markdown.replacingOccurrences(of: "```output greeting\nHello from seed 0\nsecond line\n```\n", with: "")
            .write(to: file, atomically: true, encoding: .utf8)
        XCTAssertNil(try Freeze.thaw(try book().chapters[1], root: root))
    }

    func testAChapterNotMarkedExpensiveNeverThaws() throws {
        let book = try FixtureBook.book(at: root)
        try Freeze.keep(ChapterRun(book.chapters[1]), of: book.chapters[1], root: root)
        XCTAssertNil(try Freeze.thaw(book.chapters[1], root: root))
        XCTAssertFalse(FileManager.default.fileExists(atPath: Freeze.file(for: book.chapters[1], root: root).path))
    }

    func testAMissingOrUnreadableFreezeFileRunsTheChapter() throws {
        XCTAssertNil(try Freeze.thaw(try book().chapters[1], root: root))
        _ = try keep(try book())
        try "not json".write(
            to: Freeze.file(for: try book().chapters[1], root: root), atomically: true, encoding: .utf8)
        XCTAssertNil(try Freeze.thaw(try book().chapters[1], root: root))
    }

    func testAMissingInputIsAnError() throws {
        XCTAssertEqual(
            bookErrorMessage { try Freeze.fingerprint(try self.book(paths: ["Nowhere"]).chapters[1], root: self.root) },
            "Nowhere: an input of a frozen chapter does not exist")
    }

    /// Every kind of output, with every field, comes back from the freeze
    /// file as it was, down to the last bit of each Double: the kept outputs
    /// render the same site as a fresh run.
    func testEveryKindOfOutputRoundTrips() throws {
        var contents = FixtureBook.contents(entryPoint: { notebook in
            notebook.text("greeting", "Hello from seed 0\nsecond line")
            notebook.table("squares", Table(header: ["n", "square"], rows: [["1", "1"]]))
            notebook.plot(
                "curve",
                Plot(
                    title: "t", xLabel: "x", yLabel: "y",
                    series: [Series(name: "s", x: [1, 2], y: [0.1, 1.0 / 3.0])],
                    references: [ReferenceLine(y: 0.6931471805599453, label: "ln 2")]))
            notebook.heatmap(
                "grid",
                Heatmap(
                    title: "h", xLabel: "t", yLabel: "unit", columnLabels: ["0", "1"],
                    rowLabels: ["a"], values: [[-0.123456789, .pi]], decimals: 3,
                    scale: .diverging(1)))
            notebook.heatmap(
                "grid2",
                Heatmap(
                    title: "h", xLabel: "t", yLabel: "unit", columnLabels: ["0"],
                    rowLabels: ["a"], values: [[0.5]], scale: .sequential(0, 1)))
        })
        contents[1].freeze = FreezeInputs(paths: ["Sources"], settings: "")
        let chapter = try Book(root: root, contents: contents).chapters[1]
        let run = ChapterRun(chapter)
        try Freeze.keep(run, of: chapter, root: root)
        XCTAssertEqual(try XCTUnwrap(try Freeze.thaw(chapter, root: root)).outputs, run.outputs)
    }
}
