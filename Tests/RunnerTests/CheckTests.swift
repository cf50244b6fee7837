import Notebook
import Parameters
@testable import Runner
import Site
import XCTest

final class CheckTests: XCTestCase {
    func check(_ chapter: Chapter, entryPoint: EntryPoint? = FixtureBook.counting) -> ChapterCheck {
        var chapter = chapter
        chapter.entryPoint = entryPoint
        let run = ChapterRun(chapter, hyperparameters: Hyperparameters())
        return ChapterCheck(chapter, run: run, root: FixtureBook.root)
    }

    func testFixtureBookPasses() throws {
        for chapter in try FixtureBook.book().chapters {
            let result = check(chapter, entryPoint: chapter.entryPoint)
            XCTAssertEqual(result.status, .ok, "chapter \(chapter.number): \(result.problems) \(result.differences)")
        }
    }

    func testAlteredRecordedOutputDiffersWithADiffNamingChapterAndOutput() throws {
        var chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        chapter.markdown = chapter.markdown.replacingOccurrences(of: "3       9  three", with: "3       8  three")
        let result = check(chapter)
        XCTAssertEqual(result.status, .outputDiffers)
        XCTAssertEqual(result.differences, ["""
            --- chapters/01-counting.md:24 output 'squares' (recorded)
            +++ chapter 1 output 'squares' (produced now)
            @@ -3,3 +3,3 @@
             1       1  one
             2       4  two
            -3       8  three
            +3       9  three
            """])
    }

    func testOtherHyperparametersChangeTheOutput() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        var hyperparameters = Hyperparameters()
        hyperparameters.seed = 7
        let result = ChapterCheck(chapter, run: ChapterRun(chapter, hyperparameters: hyperparameters), root: FixtureBook.root)
        XCTAssertEqual(result.status, .outputDiffers)
        XCTAssert(result.differences.first?.contains("+Hello from seed 7") == true, "\(result.differences)")
    }

    func testOutputBlockForAnOutputNotProducedNamesFileAndLine() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        let result = check(chapter) { hyperparameters, notebook in
            try FixtureBook.counting(hyperparameters, Notebook())  // shows nothing but the greeting
            notebook.text("greeting", "Hello from seed 0\nsecond line")
        }
        XCTAssertEqual(result.status, .failed)
        XCTAssertEqual(result.problems, [
            "chapters/01-counting.md:24: chapter 1 produced no output named 'squares' (it produced 'greeting')",
            "chapters/01-counting.md:40: chapter 1 produced no output named 'curve' (it produced 'greeting')",
        ])
    }

    func testOutputNeverShownNamesTheChapter() throws {
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        let result = check(chapter) { hyperparameters, notebook in
            try FixtureBook.counting(hyperparameters, notebook)
            notebook.text("extra", "not in the Markdown")
        }
        XCTAssertEqual(result.problems, [
            "chapters/01-counting.md: chapter 1 produced output 'extra' but never shows it (add a ```output extra block)",
        ])
    }

    func testOutputShownTwiceIsAnError() throws {
        var chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        chapter.markdown += "\n```output greeting\nHello from seed 0\nsecond line\n```\n"
        XCTAssertEqual(check(chapter).problems, ["chapters/01-counting.md:50: output 'greeting' is already shown at line 17"])
    }

    func testBrokenIncludeFailsTheChapterNamingTheSourceAndTheChapterLine() throws {
        var chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        chapter.markdown = chapter.markdown.replacingOccurrences(of: "Counting.swift:squares", with: "Counting.swift:cubes")
        XCTAssertEqual(check(chapter).problems, [
            "Sources/Counting.swift: no anchor 'cubes' (anchors: loop, square, squares) (included from chapters/01-counting.md:5)",
        ])
    }

    func testThrowingEntryPointFailsTheChapter() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "the data ran out" } }
        let chapter = try XCTUnwrap(FixtureBook.book().chapter(1))
        let result = check(chapter) { _, _ in throw Broken() }
        XCTAssertEqual(result.status, .failed)
        XCTAssertEqual(result.problems, ["chapters/01-counting.md: chapter 1 failed: the data ran out"])
    }

    func testReportHasOneLinePerChapterThenTheDiffs() throws {
        var book = try FixtureBook.book()
        book.chapters[1].markdown = book.chapters[1].markdown.replacingOccurrences(of: "second line", with: "2nd line")
        let runs = book.chapters.map { ChapterRun($0, hyperparameters: Hyperparameters()) }
        let checks = zip(book.chapters, runs).map { ChapterCheck($0, run: $1, root: book.root) }
        let report = Report(book: book)
        XCTAssertEqual(report.line(book.chapters[0], run: runs[0], check: checks[0]), "0  Introduction      ok")
        let line = report.line(book.chapters[1], run: runs[1], check: checks[1])
        XCTAssert(line.hasPrefix("1  Counting squares  output differs  0.0") && line.hasSuffix(" s"), line)
        XCTAssertEqual(report.line(book.chapters[1], run: runs[1], check: nil).prefix(25), "1  Counting squares  ran ")
        let lines = Report.details(runs: runs, checks: checks)
        XCTAssertEqual(lines[0], "")
        XCTAssertEqual(lines[1], """
            --- chapters/01-counting.md:17 output 'greeting' (recorded)
            +++ chapter 1 output 'greeting' (produced now)
            @@ -1,2 +1,2 @@
             Hello from seed 0
            -2nd line
            +second line
            """)
        XCTAssertEqual(lines.count, 2)
    }
}

final class LineDiffTests: XCTestCase {
    func testEqualLinesHaveNoDiff() {
        XCTAssertEqual(LineDiff.unified(["a", "b"], ["a", "b"], oldLabel: "old", newLabel: "new"), "")
    }

    func testFarApartChangesMakeSeparateHunks() {
        let old = (1...10).map(String.init)
        var new = old
        new[0] = "one"
        new[9] = "ten"
        new.append("eleven")
        XCTAssertEqual(LineDiff.unified(old, new, oldLabel: "old", newLabel: "new", context: 1), """
            --- old
            +++ new
            @@ -1,2 +1,2 @@
            -1
            +one
             2
            @@ -9,2 +9,3 @@
             9
            -10
            +ten
            +eleven
            """)
    }
}

final class ResolverTests: XCTestCase {
    func testResolvesIncludesAndOutputsAndLeavesOtherBlocks() throws {
        let book = try FixtureBook.book()
        let chapter = book.chapters[1].siteChapter
        let resolver = Resolver(book: book, runs: book.chapters.map { ChapterRun($0, hyperparameters: Hyperparameters()) })
        let include = FencedCodeBlock(info: "swift", literal: "{{#include ../Sources/Counting.swift:square}}\n", line: 5)
        XCTAssertEqual(try resolver.resolve(chapter, include), .code(swift: "func square(_ x: Int) -> Int {\n    x * x\n}"))
        XCTAssertEqual(try resolver.resolve(chapter, FencedCodeBlock(info: "output greeting", literal: "", line: 9)),
                       .output(.text("Hello from seed 0\nsecond line   \n\n")))
        XCTAssertNil(try resolver.resolve(chapter, FencedCodeBlock(info: "swift", literal: "let x = 1\n", line: 9)))
    }

    func testUnknownOutputNamesChapterAndLine() throws {
        let book = try FixtureBook.book()
        let resolver = Resolver(book: book, runs: [])
        let block = FencedCodeBlock(info: "output greeting", literal: "", line: 9)
        XCTAssertEqual(bookErrorMessage { try resolver.resolve(book.chapters[1].siteChapter, block) },
                       "chapters/01-counting.md:9: chapter 1 produced no output named 'greeting'")
    }

    func testBrokenIncludeNamesTheSourceAndTheChapterLine() throws {
        let book = try FixtureBook.book()
        let block = FencedCodeBlock(info: "swift", literal: "{{#include ../Sources/Counting.swift:cube}}\n", line: 12)
        XCTAssertEqual(bookErrorMessage { try Resolver(book: book, runs: []).resolve(book.chapters[0].siteChapter, block) },
                       "Sources/Counting.swift: no anchor 'cube' (anchors: loop, square, squares)"
                       + " (included from chapters/00-introduction.md:12)")
    }
}

final class SiteBuildTests: XCTestCase {
    func testFixtureBookRendersWithItsCodeAndOutputs() throws {
        let book = try FixtureBook.book()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-site-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runs = book.chapters.map { ChapterRun($0, hyperparameters: Hyperparameters()) }
        try SiteBuild.write(book, runs: runs, to: folder)

        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(files, ["01-counting.html", "index.html", "style.css"])
        let page = try String(contentsOf: folder.appendingPathComponent("01-counting.html"), encoding: .utf8)
        XCTAssert(page.contains("Hello from seed 0"), "the greeting output is on the page")
        XCTAssertFalse(page.contains("{{#include"), "the include directive is replaced")
        XCTAssertFalse(page.contains("ANCHOR"), "anchor markers never reach the page")
        XCTAssert(page.contains("squares"), "the included code is on the page")
    }
}
