@testable import Runner
import XCTest

final class DirectiveTests: XCTestCase {
    func testIncludeWithAndWithoutAnchor() throws {
        XCTAssertEqual(try Directive.parse(info: "swift", literal: "{{#include ../Sources/03-Model/LSTM.swift:forward}}"),
                       .include(path: "../Sources/03-Model/LSTM.swift", anchor: "forward"))
        XCTAssertEqual(try Directive.parse(info: "swift", literal: "  {{#include ../Sources/A.swift}}\n"),
                       .include(path: "../Sources/A.swift", anchor: nil))
    }

    func testOutputNamesItsOutput() throws {
        XCTAssertEqual(try Directive.parse(info: "output loss-curve", literal: "anything"), .output(name: "loss-curve"))
    }

    func testOrdinaryBlocksAreNotDirectives() throws {
        XCTAssertNil(try Directive.parse(info: "swift", literal: "let x = 1"))
        XCTAssertNil(try Directive.parse(info: "", literal: "{{#include A.swift}}"))
        XCTAssertNil(try Directive.parse(info: "text", literal: "output"))
    }

    func testMalformedDirectivesSayWhatIsExpected() {
        func message(_ info: String, _ literal: String) -> String? {
            do {
                _ = try Directive.parse(info: info, literal: literal)
                return nil
            } catch {
                return error.message
            }
        }
        XCTAssertEqual(message("output", ""), "an output block needs a name: ```output <name>")
        XCTAssertEqual(message("output a b", ""), "an output block takes one name, not 'a b'")
        XCTAssertEqual(message("swift", "{{#include A.swift}}\nlet x = 1"),
                       "an include block holds the {{#include …}} line and nothing else")
        XCTAssertEqual(message("swift", "{{#include A.swift"),
                       "an include reads {{#include PATH}} or {{#include PATH:ANCHOR}}, not '{{#include A.swift'")
        XCTAssertEqual(message("swift", "{{#include A.swift:}}"),
                       "an include reads {{#include PATH:ANCHOR}}, not '{{#include A.swift:}}'")
    }

    func testBlocksInTheFixtureChapterSkipTheLongerFence() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        let blocks = try chapter.directives()
        XCTAssertEqual(blocks.map(\.directive), [
            .include(path: "../Sources/Counting.swift", anchor: "squares"),
            .output(name: "greeting"), .output(name: "squares"), .output(name: "curve"),
        ])
        XCTAssertEqual(blocks.map(\.line), [5, 17, 24, 40])
    }

    func testMalformedBlockInAChapterNamesFileAndLine() {
        let markdown = "# T\n\n```output\nx\n```\n"
        XCTAssertEqual(bookErrorMessage { try Directive.blocks(in: markdown, path: "chapters/01-a.md") },
                       "chapters/01-a.md:3: an output block needs a name: ```output <name>")
    }

    func testUnclosedOutputBlockIsAnError() {
        let markdown = "# T\n\n```output a\nx\n"
        XCTAssertEqual(bookErrorMessage { try Directive.blocks(in: markdown, path: "c.md") },
                       "c.md:3: this ``` block is never closed")
    }

    func testFencesFollowCommonMark() {
        let lines = ["~~~~ output a", "```", "~~~", "~~~~~", "    ```", "```swift", "x", "```"]
        let blocks = FencedBlocks.find(in: lines)
        XCTAssertEqual(blocks.map(\.info), ["output a", "swift"])
        XCTAssertEqual(blocks.map(\.content), [1..<3, 6..<7])
        XCTAssertNil(FencedBlocks.openingFence("``"))
        XCTAssertNil(FencedBlocks.openingFence("```a`b"), "a backtick fence's info may not hold a backtick")
    }
}

final class BookTests: XCTestCase {
    func testChaptersInOrderWithTitlesFromTheirHeadings() throws {
        let book = try FixtureBook.book()
        XCTAssertEqual(book.chapters.map(\.title), ["Introduction", "Counting squares"])
        XCTAssertEqual(book.chapters.map(\.path), ["chapters/00-introduction.md", "chapters/01-counting.md"])
        XCTAssertNil(book.chapters[0].entryPoint)
        XCTAssertNotNil(book.chapters[1].entryPoint)
    }

    func testTitleIgnoresHeadingsInsideCodeBlocks() {
        XCTAssertEqual(Book.title(of: "intro\n```\n# not this\n```\n## nor this\n# Title \n"), "Title")
        XCTAssertNil(Book.title(of: "no heading\n#nospace\n"))
    }

    func testMissingChapterFileNamesItsPath() {
        let contents = [ChapterEntry(number: 2, slug: "02-missing", entryPoint: nil)]
        XCTAssertEqual(bookErrorMessage { try Book(root: FixtureBook.root, contents: contents) },
                       "chapters/02-missing.md: cannot read the chapter file")
    }

    func testMissingChaptersFolderNamesIt() {
        let root = FixtureBook.fixtures
        XCTAssertEqual(bookErrorMessage { try Book(root: root, contents: []) },
                       root.appendingPathComponent("chapters").path + ": no chapters folder here")
    }

    func testRootIsFoundFromASubfolder() throws {
        let found = try Book.locateRoot(from: FixtureBook.root.appendingPathComponent("Sources"))
        XCTAssertEqual(found.standardizedFileURL.path, FixtureBook.root.standardizedFileURL.path)
    }

    func testNoRootAboveSaysHowToGiveOne() {
        let message = bookErrorMessage { try Book.locateRoot(from: URL(fileURLWithPath: "/proc/self")) }
        XCTAssertEqual(message, "/proc/self: no chapters folder here or in any folder above; pass --root PATH")
    }

    func testTutorialContentsListsChaptersZeroToSixInOrder() {
        XCTAssertEqual(Book.tutorialContents.map(\.slug), [
            "00-introduction", "01-parameters", "02-generator", "03-model", "04-loss", "05-optimization", "06-training",
        ])
        XCTAssertEqual(Book.tutorialContents.map(\.number), Array(0...6))
    }
}
