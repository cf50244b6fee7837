import Foundation
@testable import Runner
import XCTest

/// Stage 1: the book's chapters, read from `chapters/` in the order the contents give.
final class BookTests: XCTestCase {
    func testChaptersInOrderWithTitlesFromTheirHeadings() throws {
        let book = try FixtureBook.book()
        XCTAssertEqual(book.chapters.map(\.title), ["Introduction", "Counting squares"])
        XCTAssertEqual(book.chapters.map(\.path), ["chapters/00-introduction.md", "chapters/01-counting.md"])
        XCTAssertNil(book.chapters[0].entryPoint)
        XCTAssertNotNil(book.chapters[1].entryPoint)
    }

    func testMissingChapterFileNamesItsPath() {
        let contents = FixtureBook.contents() + [ChapterEntry(number: 2, slug: "02-missing", entryPoint: nil)]
        XCTAssertEqual(
            bookErrorMessage { try Book(root: FixtureBook.root, contents: contents) },
            "chapters/02-missing.md: cannot read the chapter file")
    }

    func testMissingChaptersFolderNamesIt() {
        let root = FixtureBook.fixtures
        XCTAssertEqual(
            bookErrorMessage { try Book(root: root, contents: []) },
            root.appendingPathComponent("chapters").path + ": no chapters folder here")
    }

    func testAChapterFileOutsideTheContentsIsReported() throws {
        for stray in ["07-extra.md", "3b-notes.md"] {
            let root = try FixtureBook.copy("book")
            defer { try? FileManager.default.removeItem(at: root) }
            try Data("# Extra\n".utf8).write(to: root.appendingPathComponent("chapters/" + stray))
            XCTAssertEqual(
                bookErrorMessage { try FixtureBook.book(at: root) },
                "chapters/\(stray): not one of the book's chapters (00-introduction, 01-counting); "
                    + "add it to the book's contents or move it out of chapters/")
        }
    }

    func testTemporariesOfAKilledUpdateAreRemovedAndOtherFilesKept() throws {
        let root = try FixtureBook.copy("book")
        defer { try? FileManager.default.removeItem(at: root) }
        let chapters = root.appendingPathComponent("chapters")
        try Data("half".utf8).write(to: chapters.appendingPathComponent(".01-counting.md.0123456789ab.tutorial-tmp"))
        try Data("mine".utf8).write(to: chapters.appendingPathComponent("notes.txt"))
        // Names the tool does not make are the reader's, whatever they end in.
        try Data("mine".utf8).write(to: chapters.appendingPathComponent(".01-counting.md.tutorial-tmp"))
        try FileManager.default.createDirectory(
            at: chapters.appendingPathComponent(".drafts.tutorial-tmp/ch9"),
            withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: chapters.appendingPathComponent(".01-counting.md.abcdefabcdef.tutorial-tmp"),
            withIntermediateDirectories: true)
        _ = try FixtureBook.book(at: root)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: chapters.path).sorted(),
            [
                ".01-counting.md.abcdefabcdef.tutorial-tmp", ".01-counting.md.tutorial-tmp", ".drafts.tutorial-tmp",
                "00-introduction.md", "01-counting.md", "notes.txt"
            ])
    }

    func testRootIsFoundFromASubfolder() throws {
        let found = try Book.locateRoot(from: FixtureBook.root.appendingPathComponent("Sources"))
        XCTAssertEqual(found.standardizedFileURL.path, FixtureBook.root.standardizedFileURL.path)
    }

    func testNoRootAboveSaysHowToGiveOne() throws {
        // /proc/self: a Linux folder with no chapters folder in it or above it.
        #if !os(Linux)
        throw XCTSkip("uses /proc, which only Linux has")
        #endif
        let message = bookErrorMessage { try Book.locateRoot(from: URL(fileURLWithPath: "/proc/self")) }
        XCTAssertEqual(message, "/proc/self: no chapters folder here or in any folder above; pass --root PATH")
    }

    func testTheSiteMayNotReplaceTheBookOrGoIntoItsSources() throws {
        let book = try FixtureBook.book()
        let root = FixtureBook.root
        for (path, reason) in [
            (".", "it would replace the book's own folder"), ("..", "it would replace the book's own folder"),
            ("chapters", "it is in the book's chapters/ folder"),
            ("chapters/site", "it is in the book's chapters/ folder"),
            ("Sources", "it is in the book's Sources/ folder")
        ] {
            let folder = root.appendingPathComponent(path)
            XCTAssertEqual(
                bookErrorMessage { try book.checkSiteFolder(folder) },
                "\(folder.path): refusing to write the site here: \(reason)")
        }
        XCTAssertNoThrow(try book.checkSiteFolder(root.appendingPathComponent("site")))
        XCTAssertNoThrow(try book.checkSiteFolder(root.appendingPathComponent("runs/seed-5")))
    }
}
