import Foundation
import Notebook
import Parameters
@testable import Runner
import XCTest

final class UpdateTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = try FixtureBook.copy("stale-book")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func runs(_ book: Book) -> [ChapterRun] {
        book.chapters.map { ChapterRun($0, hyperparameters: Hyperparameters()) }
    }

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
    }

    func testUpdatedBookPassesItsCheck() throws {
        let book = try FixtureBook.book(at: root)
        _ = try Update.write(book, runs: runs(book))
        let updated = try FixtureBook.book(at: root)
        for (chapter, run) in zip(updated.chapters, runs(updated)) {
            let check = ChapterCheck(chapter, run: run, root: root)
            XCTAssertEqual(check.status, .ok, "\(check.problems) \(check.differences)")
        }
    }

    func testUpdateWritesNothingWhenAChapterHasAProblem() throws {
        let before = try text("chapters/01-counting.md")
        let book = try FixtureBook.book(at: root) { hyperparameters, notebook in
            try FixtureBook.counting(hyperparameters, notebook)
            notebook.text("unshown", "x")
        }
        XCTAssertThrowsError(try Update.write(book, runs: runs(book))) { error in
            XCTAssertEqual("\(error)", """
                nothing updated:
                  chapters/01-counting.md: chapter 1 produced output 'unshown' but never shows it (add a ```output unshown block)
                """)
        }
        XCTAssertEqual(try text("chapters/01-counting.md"), before)
    }

    func testFenceGrowsWhenTheOutputHoldsAFence() throws {
        var chapter = try XCTUnwrap(FixtureBook.book(at: root).chapter(1))
        chapter.markdown = "# T\n\n```output greeting\n```\nafter\n"
        chapter.entryPoint = { _, notebook in notebook.text("greeting", "```\ncode\n````") }
        let markdown = try Update.updatedMarkdown(chapter, run: ChapterRun(chapter, hyperparameters: Hyperparameters()), root: root)
        XCTAssertEqual(markdown, "# T\n\n`````output greeting\n```\ncode\n````\n`````\nafter\n")
        chapter.markdown = markdown
        XCTAssertEqual(try Directive.blocks(in: markdown, path: "t.md").map(\.directive), [.output(name: "greeting")])
    }
}
