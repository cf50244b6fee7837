import Foundation
@testable import Runner
import Site
import XCTest

/// Stage 2: a chapter parsed once by cmark, its directives read and its includes resolved.
final class PreprocessTests: XCTestCase {
    func chapter(_ markdown: String) throws -> Chapter { try FixtureBook.chapter(markdown) }

    func message(_ markdown: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        bookErrorMessage({ try chapter(markdown) }, file: file, line: line)
    }

    func testBlocksOfTheFixtureChapterSkipTheLongerFence() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        XCTAssertEqual(chapter.title, "Counting squares")
        XCTAssertEqual(
            chapter.blocks.map(\.directive),
            [
                .include(path: "../Sources/Counting.swift", anchor: "squares"),
                .output(name: "greeting"), .output(name: "squares"), .output(name: "curve")
            ])
        XCTAssertEqual(chapter.blocks.map(\.line), [5, 17, 24, 40])
        XCTAssertEqual(chapter.blocks.map(\.content), [5..<6, 17..<19, 24..<29, 40..<47])
    }

    func testIncludesAreResolvedOnceWithTheirFileAndLines() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        XCTAssertEqual(
            chapter.blocks[0].included,
            IncludedCode(
                code: "static func squares(upTo n: Int) -> [Int] {\n    (1...n).map(square)\n}",
                file: "Sources/Counting.swift", lines: 10...14))
        let whole = try XCTUnwrap(FixtureBook.book().chapter(0)?.blocks.first?.included)
        XCTAssertEqual(whole.file, "Sources/Counting.swift")
        XCTAssertEqual(whole.lines, 1...16)
    }

    func testTitleComesFromTheFirstLevelOneHeadingOutsideCode() throws {
        XCTAssertEqual(try chapter("intro\n```\n# not this\n```\n## nor this\n# The *Title* \n").title, "The Title")
        XCTAssertEqual(
            message("no heading\n#nospace\n"), "chapters/01-counting.md: the chapter has no '# ' title heading")
    }

    /// cmark decides where blocks are, for the check as for the page: a fence
    /// indented inside a list item is a block, an indented "fence" is code.
    func testFencesAreWhereCmarkFindsThem() throws {
        let markdown =
            "# T\n\n- a step:\n\n  ```swift\n  {{#include ../Sources/Counting.swift:square}}\n  ```\n\n"
            + "Prose ends the list.\n\n    ```output greeting\n    not a block\n"
        let blocks = try chapter(markdown).blocks
        XCTAssertEqual(blocks.map(\.directive), [.include(path: "../Sources/Counting.swift", anchor: "square")])
        XCTAssertEqual(blocks.first?.line, 5)
    }

    func testAnUnclosedFenceIsAnErrorAnywhere() {
        XCTAssertEqual(
            message("# T\n\n```output greeting\nx\n"),
            "chapters/01-counting.md:3: this ``` code block is never closed (a closing ``` is missing)")
        XCTAssertEqual(
            message("# T\n\n```swift\nlet x = 1\n"),
            "chapters/01-counting.md:3: this ``` code block is never closed (a closing ``` is missing)")
        XCTAssertEqual(
            message("# T\n\n- item\n\n  ~~~~\n  x\n- next\n"),
            "chapters/01-counting.md:5: this ~~~~ code block is never closed (a closing ~~~~ is missing)")
        XCTAssertEqual(
            message("# T\n\n````\n```\n"),
            "chapters/01-counting.md:3: this ```` code block is never closed (a closing ```` is missing)")
        XCTAssertNoThrow(try chapter("# T\n\n```\n```"), "a closing fence on the last line, without a newline")
        XCTAssertNoThrow(try chapter("# T\n\n> ```\n> x\n> ```\n"))
    }

    func testMalformedBlockNamesFileAndLine() {
        XCTAssertEqual(
            message("# T\n\n```output\nx\n```\n"),
            "chapters/01-counting.md:3: an output block needs a name: ```output <name>")
    }

    func testOutputShownTwiceIsAnError() throws {
        let markdown = try FixtureBook.countingMarkdown + "\n```output greeting\nHello from seed 0\nsecond line\n```\n"
        XCTAssertEqual(message(markdown), "chapters/01-counting.md:50: output 'greeting' is already shown at line 17")
    }

    func testOutputBlocksStandAtTheStartOfALineOutsideLists() {
        XCTAssertEqual(
            message("# T\n\n- ```output greeting\n  x\n  ```\n"),
            "chapters/01-counting.md:3: an output block must start at the beginning of the line, outside lists and quotes"
        )
        XCTAssertEqual(
            message("# T\n\n  ```output greeting\n  ```\n"),
            "chapters/01-counting.md:3: an output block must start at the beginning of the line, outside lists and quotes"
        )
    }

    func testBrokenIncludeNamesTheSourceAndTheChapterLine() throws {
        let markdown = try FixtureBook.countingMarkdown.replacingOccurrences(
            of: "Counting.swift:squares", with: "Counting.swift:cubes")
        XCTAssertEqual(
            message(markdown),
            "Sources/Counting.swift: no anchor 'cubes' (anchors: loop, square, squares) (included from chapters/01-counting.md:5)"
        )
        XCTAssertEqual(
            message("# T\n\n```swift\n{{#include ../Sources/Missing.swift}}\n```\n"),
            "Sources/Missing.swift: cannot read the included file (included from chapters/01-counting.md:3)")
    }

    func testIncludesStayInsideTheBook() throws {
        func include(_ path: String) -> String { "# T\n\n```swift\n{{#include \(path)}}\n```\n" }
        XCTAssertEqual(
            message(include("../../../../../../../../etc/passwd")),
            "chapters/01-counting.md:3: cannot include '../../../../../../../../etc/passwd': it is outside the book's folder"
        )
        XCTAssertEqual(
            message(include("/etc/passwd")),
            "chapters/01-counting.md:3: cannot include '/etc/passwd': an include path is relative to the chapter file")
        XCTAssertNoThrow(
            try chapter(include("../../book/Sources/Counting.swift:square")),
            "a path that leaves the root and comes back in is inside")
    }

    func testASymbolicLinkOutOfTheBookIsRefused() throws {
        let root = try FixtureBook.copy("book")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("Sources/Passwords.swift").path,
            withDestinationPath: "/etc/passwd")
        let message = bookErrorMessage {
            try FixtureBook.chapter("# T\n\n```swift\n{{#include ../Sources/Passwords.swift}}\n```\n", root: root)
        }
        XCTAssertEqual(
            message,
            "chapters/01-counting.md:3: cannot include '../Sources/Passwords.swift': it is outside the book's folder")
    }

    /// A huge include is refused before it is read; a FIFO is not waited on.
    func testAHugeOrSpecialIncludeIsRefusedBeforeReading() throws {
        let root = try FixtureBook.copy("book")
        defer { try? FileManager.default.removeItem(at: root) }
        let huge = root.appendingPathComponent("Sources/Huge.swift").path
        XCTAssert(FileManager.default.createFile(atPath: huge, contents: nil))
        XCTAssertEqual(truncate(huge, 1 << 34), 0)
        XCTAssertEqual(mkfifo(root.appendingPathComponent("Sources/Pipe.swift").path, 0o600), 0)
        let start = Date()
        for (name, reason) in [
            ("Huge", "it is larger than 4 MiB, too large for a book's file"), ("Pipe", "it is not a regular file")
        ] {
            let message = bookErrorMessage {
                try FixtureBook.chapter("# T\n\n```swift\n{{#include ../Sources/\(name).swift}}\n```\n", root: root)
            }
            XCTAssertEqual(
                message,
                "Sources/\(name).swift: cannot read the included file: \(reason) "
                    + "(included from chapters/01-counting.md:3)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    /// A book reached through a symbolic link is still one book: its includes are inside it.
    func testABookReachedThroughALinkIncludesItsOwnCode() throws {
        let root = try FixtureBook.copy("book")
        let link = root.deletingLastPathComponent().appendingPathComponent("link-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root); try? FileManager.default.removeItem(at: link) }
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: root)
        XCTAssertNoThrow(try FixtureBook.book(at: link))
        XCTAssertNoThrow(
            try FixtureBook.chapter("# T\n\n```swift\n{{#include ../Sources/Counting.swift:square}}\n```\n", root: link)
        )
    }

    func testAChapterThatIsNotUTF8IsRefusedWithItsLine() {
        var bytes = Array("# T\n\nfine\r\ncaf".utf8)
        bytes += [0xE9]  // Latin-1 é
        bytes += Array("\nmore\n".utf8)
        let message = bookErrorMessage {
            try Chapter(
                ChapterEntry(number: 1, slug: "01-counting", entryPoint: nil), contents: Data(bytes),
                file: FixtureBook.root.appendingPathComponent("chapters/01-counting.md"), root: FixtureBook.root)
        }
        XCTAssertEqual(message, "chapters/01-counting.md:4: this line is not valid UTF-8; save the chapter as UTF-8")
    }

    func testSourceTextSplitsLinesAsCmarkDoesAndJoinsThemBack() {
        for text in ["a\nb\r\nc\rd", "a\n", "", "\n\n", "x\r\n\r\n", "é\r"] {
            XCTAssertEqual(SourceText(text).text, text)
        }
        XCTAssertEqual(SourceText("a\nb\r\nc\rd").lines, ["a", "b", "c", "d"])
        XCTAssertEqual(SourceText("a\n").lines, ["a"])
    }
}
