import CCmark
import Markdown
import XCTest

/// What the runner reads from a chapter's parse: its title and its code blocks with their places.
final class MarkdownDocumentTests: XCTestCase {
    func testTheTitleIsTheFirstLevelOneHeadingsText() {
        XCTAssertEqual(
            MarkdownDocument(markdown: "Intro\n\n## Two\n\n# The `LSTM` *cell*\n\n# Later\n").title,
            "The LSTM cell")
        XCTAssertNil(MarkdownDocument(markdown: "## Only two\n").title)
    }

    func testCodeBlocksWithTheirLinesColumnsAndNesting() {
        let text = "# T\n\n```swift\nlet x = 1\n```\n\n    indented\n\n- item\n\n  ~~~output log\n  a\n  ~~~\n"
        let blocks = MarkdownDocument(markdown: text).codeBlocks
        XCTAssertEqual(blocks.count, 3)
        XCTAssertEqual(blocks[0].info, "swift")
        XCTAssertEqual(blocks[0].literal, "let x = 1\n")
        XCTAssertEqual(
            [blocks[0].startLine, blocks[0].startColumn, blocks[0].endLine, blocks[0].endColumn], [3, 1, 5, 3])
        XCTAssertTrue(blocks[0].isTopLevel)
        XCTAssertEqual(blocks[1].info, "")
        XCTAssertEqual(blocks[1].literal, "indented\n")
        XCTAssertEqual(blocks[2].info, "output log")
        XCTAssertEqual(blocks[2].literal, "a\n")
        XCTAssertEqual(blocks[2].startLine, 11)
        XCTAssertEqual(blocks[2].startColumn, 3)
        XCTAssertFalse(blocks[2].isTopLevel, "inside a list item")
    }

    /// A replaced node's HTML goes out verbatim; the rest is cmark's.
    func testAReplacedNodeRendersAsTheGivenHTML() {
        let document = MarkdownDocument(markdown: "# Title\n\nText.\n")
        let heading = document.nodes(ofType: CMARK_NODE_HEADING)
        XCTAssertEqual(heading.map(\.plainText), ["Title"])
        document.replace(heading[0], withHTML: "<h1 id=\"t\">Title</h1>\n")
        XCTAssertEqual(document.html(), "<h1 id=\"t\">Title</h1>\n<p>Text.</p>\n")
    }
}
