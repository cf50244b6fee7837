import Foundation
import Notebook
@testable import Runner
import Site
import XCTest

/// Stage 6: the preprocessed book and its runs as a site.
final class SiteBuildTests: XCTestCase {
    func testEachBlockIsResolvedFromThePreprocessedChapter() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        let run = ChapterRun(chapter)
        let include = FencedCodeBlock(
            info: "swift", literal: "{{#include ../Sources/Counting.swift:squares}}\n", line: 5)
        XCTAssertEqual(
            try SiteBuild.resolve(include, of: chapter, run: run), .code(try XCTUnwrap(chapter.blocks[0].included)))
        XCTAssertEqual(
            try SiteBuild.resolve(
                FencedCodeBlock(info: "output greeting", literal: "", line: 17), of: chapter, run: run),
            .output(.text("Hello from seed 0\nsecond line   \n\n")))
        XCTAssertNil(
            try SiteBuild.resolve(
                FencedCodeBlock(info: "swift", literal: "let x = 1\n", line: 11), of: chapter, run: run))
    }

    func testAnOutputTheRunLacksNamesChapterAndLine() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        let block = FencedCodeBlock(info: "output greeting", literal: "", line: 17)
        XCTAssertEqual(
            bookErrorMessage { try SiteBuild.resolve(block, of: chapter, run: nil) },
            "chapters/01-counting.md:17: chapter 1 produced no output named 'greeting'")
    }

    func testFixtureBookRendersWithItsCodeAndOutputs() throws {
        let book = try FixtureBook.book()
        let files = try SiteBuild.files(book, runs: book.chapters.map { ChapterRun($0) }, summary: [("seed", "0")])
        XCTAssertEqual(
            files.keys.sorted(),
            ["01-counting.html", "index.html", "page.js", "print.html", "search-index.js", "style.css"])
        let page = String(decoding: try XCTUnwrap(files["01-counting.html"]), as: UTF8.self)
        XCTAssert(
            page.contains("<pre class=\"output\"><code>Hello from seed 0\nsecond line</code></pre>")
                || page.contains("Hello from seed 0\nsecond line   \n\n</code></pre>"),
            "the greeting output is on the page")
        XCTAssertFalse(page.contains("{{#include"), "the include directive is replaced")
        XCTAssertFalse(page.contains("ANCHOR"), "anchor markers never reach the page")
        XCTAssert(
            page.contains(#"<span class="hl-keyword">func</span> <span class="hl-function">squares</span>(upTo"#),
            "the included code is on the page, highlighted")
        XCTAssertEqual(page.components(separatedBy: #"<span class="hl-function">squares</span>"#).count, 2)
        let index = String(decoding: try XCTUnwrap(files["index.html"]), as: UTF8.self)
        XCTAssert(index.contains("<div><dt>seed</dt><dd>0</dd></div>"), "the summary is the one passed in")
    }

    func testAMissingIncludeLeavesNoCodeToShow() throws {
        // The same chapter without its include block: the page must not show the code.
        let markdown = try FixtureBook.countingMarkdown.replacingOccurrences(
            of: "```swift\n{{#include ../Sources/Counting.swift:squares}}\n```\n", with: "")
        var book = try FixtureBook.book()
        book.chapters[1] = try FixtureBook.chapter(markdown)
        let page = try SiteBuild.files(book, runs: book.chapters.map { ChapterRun($0) }, summary: [])[
            "01-counting.html"]
        XCTAssertFalse(String(decoding: try XCTUnwrap(page), as: UTF8.self).contains(#"hl-function">squares<"#))
    }

    func testRenderingTheSameBookTwiceGivesTheSameBytes() throws {
        let book = try FixtureBook.book()
        let runs = book.chapters.map { ChapterRun($0) }
        XCTAssertEqual(
            try SiteBuild.files(book, runs: runs, summary: []), try SiteBuild.files(book, runs: runs, summary: []))
    }

    func testWritingRefusesTheBooksOwnFoldersBeforeTouchingThem() throws {
        let root = try FixtureBook.copy("book")
        defer { try? FileManager.default.removeItem(at: root) }
        let book = try FixtureBook.book(at: root)
        let runs = book.chapters.map { ChapterRun($0) }
        let before = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        for folder in [".", "chapters", "Sources"] {
            XCTAssertThrowsError(
                try SiteBuild.write(book, runs: runs, summary: [], to: root.appendingPathComponent(folder)))
        }
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted(), before)
        // The file system's root holds the book too.
        XCTAssertEqual(
            bookErrorMessage { try book.checkSiteFolder(URL(fileURLWithPath: "/")) },
            "/: refusing to write the site here: it would replace the book's own folder")
    }

    /// A figure is the book's own, as an include is: a symbolic link out of the book is not inlined.
    func testAFigureLinkedFromOutsideTheBookIsNotInlined() throws {
        let root = try FixtureBook.copy("book")
        let outside = root.deletingLastPathComponent().appendingPathComponent("secret-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: root); try? FileManager.default.removeItem(at: outside) }
        try Data("<svg><text>secret</text></svg>".utf8).write(to: outside)
        let figures = root.appendingPathComponent("chapters/figures")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: figures.appendingPathComponent("x.svg"), withDestinationURL: outside)
        var book = try FixtureBook.book(at: root)
        book.chapters[1] = try FixtureBook.chapter(
            FixtureBook.countingMarkdown + "\n![A picture.](figures/x.svg \"Caption.\")\n",
            root: root)
        let runs = book.chapters.map { ChapterRun($0) }
        XCTAssertThrowsError(try SiteBuild.files(book, runs: runs, summary: [])) { error in
            XCTAssert("\(error)".contains("no such file next to the chapter"), "\(error)")
        }
    }
}
