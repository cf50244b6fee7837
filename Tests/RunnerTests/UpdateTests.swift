import Foundation
import Notebook
@testable import Runner
import XCTest

/// Stage 5: `--update` rewrites the output blocks, and nothing else, byte for byte.
final class UpdateTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = try FixtureBook.copy("stale-book")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func runs(_ book: Book) -> [ChapterRun] { book.chapters.map { ChapterRun($0) } }

    func text(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    func testUpdateRewritesOutputBlocksOnlyAndASecondUpdateChangesNothing() throws {
        let introduction = try text("chapters/00-introduction.md")
        let book = try FixtureBook.book(at: root)
        XCTAssertEqual(try Update.write(book, runs: runs(book)), ["chapters/01-counting.md"])
        XCTAssertEqual(try text("chapters/01-counting.md"), try text("expected/01-counting.md"))
        XCTAssertEqual(try text("chapters/00-introduction.md"), introduction)

        let updated = try FixtureBook.book(at: root)
        XCTAssertEqual(try Update.write(updated, runs: runs(updated)), [], "a second update must be a no-op")
        XCTAssertEqual(try text("chapters/01-counting.md"), try text("expected/01-counting.md"))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("chapters").path).sorted(),
            ["00-introduction.md", "01-counting.md"], "no temporary file is left")
    }

    func testUpdatedBookPassesItsCheck() throws {
        let book = try FixtureBook.book(at: root)
        _ = try Update.write(book, runs: runs(book))
        let updated = try FixtureBook.book(at: root)
        for (chapter, run) in zip(updated.chapters, runs(updated)) {
            let check = ChapterCheck(chapter, run: run)
            XCTAssertEqual(check.status, .ok, "\(check.problems) \(check.differences)")
        }
    }

    func testUpdateWritesNothingWhenAChapterHasAProblem() throws {
        let before = try text("chapters/01-counting.md")
        let book = try FixtureBook.book(at: root) { notebook in
            try FixtureBook.counting()(notebook)
            notebook.text("unshown", "x")
        }
        XCTAssertThrowsError(try Update.write(book, runs: runs(book))) { error in
            XCTAssertEqual(
                "\(error)",
                """
                nothing updated:
                  chapters/01-counting.md: chapter 1 produced output 'unshown' but never shows it (add a ```output unshown block)
                """)
        }
        XCTAssertEqual(try text("chapters/01-counting.md"), before)
    }

    func testFenceGrowsWhenTheOutputHoldsAFence() throws {
        let chapter = try FixtureBook.chapter(
            "# T\n\n```output greeting\n```\nafter\n",
            entryPoint: { notebook in
                notebook.text("greeting", "```\ncode\n````")
            }, root: root)
        let markdown = try Update.updatedMarkdown(chapter, run: ChapterRun(chapter), root: root)
        XCTAssertEqual(markdown, "# T\n\n`````output greeting\n```\ncode\n````\n`````\nafter\n")
        XCTAssertEqual(
            try FixtureBook.chapter(markdown, root: root).blocks.map(\.directive), [.output(name: "greeting")])
    }

    /// Every byte outside the output blocks stays: line endings (CRLF, a lone
    /// CR), trailing spaces, a NUL, a missing final newline.
    func testBytesOutsideOutputBlocksStayAsTheyWere() throws {
        let before = "# T\r\n\r\ntrailing  \r\nold\rmac\u{0}nul\r\n```output greeting\r\nstale\r\n```\r\nend"
        let chapter = try FixtureBook.chapter(
            before, entryPoint: { notebook in notebook.text("greeting", "new\nlines") },
            root: root)
        XCTAssertEqual(
            try Update.updatedMarkdown(chapter, run: ChapterRun(chapter), root: root),
            "# T\r\n\r\ntrailing  \r\nold\rmac\u{0}nul\r\n```output greeting\r\nnew\r\nlines\r\n```\r\nend")
    }

    func testAByteOrderMarkStaysAndTheBlocksAreFound() throws {
        let before = "\u{FEFF}# T\n\n```output greeting\nstale\n```\n"
        let chapter = try FixtureBook.chapter(
            before, entryPoint: { notebook in notebook.text("greeting", "new") }, root: root)
        XCTAssertEqual(chapter.title, "T")
        XCTAssertEqual(
            try Update.updatedMarkdown(chapter, run: ChapterRun(chapter), root: root),
            "\u{FEFF}# T\n\n```output greeting\nnew\n```\n")
    }

    func testTheReplacedChapterKeepsItsPermissions() throws {
        let file = root.appendingPathComponent("chapters/01-counting.md")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        let book = try FixtureBook.book(at: root)
        _ = try Update.write(book, runs: runs(book))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
    }

    /// The last safeguard: text that would read back differently outside the output blocks is refused.
    func testAnUpdateThatWouldChangeMoreThanTheOutputsIsRefused() throws {
        let chapter = try FixtureBook.chapter("# T\n\n```output greeting\nold\n```\nprose\n", root: root)
        XCTAssertNoThrow(
            try Update.checkOnlyOutputsChanged(
                chapter, "# T\n\n```output greeting\nnew\nlines\n```\nprose\n", root: root))
        for changed in [
            "# T\n\n```output greeting\nnew\n```\nother prose\n", "# T\n\n```output greeting\n```\n```\nprose\n",
            "# T\n\n```output other\n```\nprose\n"
        ] {
            XCTAssertThrowsError(try Update.checkOnlyOutputsChanged(chapter, changed, root: root)) { error in
                XCTAssertEqual(
                    "\(error)",
                    "nothing updated:\n  chapters/01-counting.md: recording the outputs would change "
                        + "more than its output blocks; nothing written")
            }
        }
    }
}
