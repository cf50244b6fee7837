import Foundation
import Notebook
@testable import Runner
import XCTest

/// `{{value NAME}}` in a chapter's prose is filled in from the run when the page is rendered.
final class InlineValuesTests: XCTestCase {
    static let markdown = """
        # Counting

        A batch of {{value batchSize}} sequences; the squares table says 3 squares to {{value squares:3}}, {{value squares:2:label}}.

        ```text
        {{value batchSize}} stays as it is in a code block
        ```

        ```output greeting
        Hello from seed 0
        second line
        ```
        """

    func testAReferenceIsFilledFromTheValuesAndTheOutputs() throws {
        let chapter = try FixtureBook.chapter(Self.markdown)
        let run = ChapterRun(chapter)
        let filled = try InlineValues.fill(chapter.markdown, of: chapter, values: ["batchSize": "32"], runs: [run])
        XCTAssert(filled.contains("A batch of 32 sequences; the squares table says 3 squares to 9, two."), filled)
        XCTAssert(filled.contains("{{value batchSize}} stays as it is in a code block"), filled)
        XCTAssertEqual(
            filled.split(separator: "\n", omittingEmptySubsequences: false).count,
            Self.markdown.split(separator: "\n", omittingEmptySubsequences: false).count)
    }

    func testAnUnknownNameIsRefusedWithFileAndLine() throws {
        let chapter = try FixtureBook.chapter(Self.markdown.replacingOccurrences(of: "squares:3", with: "squares:4"))
        let message = bookErrorMessage {
            try InlineValues.fill(
                chapter.markdown, of: chapter, values: ["batchSize": "32"], runs: [ChapterRun(chapter)])
        }
        XCTAssert(message?.hasPrefix("chapters/01-counting.md:3: no value named 'squares:4'") == true, message ?? "")
        // A column that the table does not have is refused the same way.
        let noColumn = try FixtureBook.chapter(
            Self.markdown.replacingOccurrences(of: "squares:2:label", with: "squares:2:colour"))
        let columnMessage = bookErrorMessage {
            try InlineValues.fill(
                noColumn.markdown, of: noColumn, values: ["batchSize": "32"], runs: [ChapterRun(noColumn)])
        }
        XCTAssert(
            columnMessage?.hasPrefix("chapters/01-counting.md:3: no value named 'squares:2:colour'") == true,
            columnMessage ?? "")
    }

    func testTheSiteShowsTheFilledValue() throws {
        var book = try FixtureBook.book()
        book.chapters[1] = try FixtureBook.chapter(Self.markdown)
        book.values = ["batchSize": "32"]
        let files = try SiteBuild.files(book, runs: book.chapters.map { ChapterRun($0) }, summary: [])
        let page = String(decoding: try XCTUnwrap(files["01-counting.html"]), as: UTF8.self)
        XCTAssert(page.contains("A batch of 32 sequences"), page)
        XCTAssertFalse(page.contains("{{value batchSize}} sequences"))
    }
}
