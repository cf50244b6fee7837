import Notebook
@testable import Runner
import XCTest

/// Stage 4: a chapter's recorded outputs against a run of its code.
final class CheckTests: XCTestCase {
    func check(
        _ markdown: String? = nil, entryPoint: EntryPoint? = FixtureBook.counting(),
        compareRecorded: Bool = true
    ) throws -> ChapterCheck {
        let chapter = try FixtureBook.chapter(markdown ?? FixtureBook.countingMarkdown, entryPoint: entryPoint)
        return ChapterCheck(chapter, run: ChapterRun(chapter), compareRecorded: compareRecorded)
    }

    func testFixtureBookPasses() throws {
        for chapter in try FixtureBook.book().chapters {
            let result = ChapterCheck(chapter, run: ChapterRun(chapter))
            XCTAssertEqual(result.status, .ok, "chapter \(chapter.number): \(result.problems) \(result.differences)")
        }
    }

    func testAlteredRecordedOutputDiffersWithADiffNamingChapterAndOutput() throws {
        let markdown = try FixtureBook.countingMarkdown.replacingOccurrences(
            of: "3       9  three", with: "3       8  three")
        let result = try check(markdown)
        XCTAssertEqual(result.status, .outputDiffers)
        XCTAssertEqual(
            result.differences,
            [
                """
                --- chapters/01-counting.md:24 output 'squares' (recorded)
                +++ chapter 1 output 'squares' (produced now)
                @@ -3,3 +3,3 @@
                 1       1  one
                 2       4  two
                -3       8  three
                +3       9  three
                """
            ])
    }

    func testAnotherSeedChangesTheOutput() throws {
        let result = try check(entryPoint: FixtureBook.counting(seed: 7))
        XCTAssertEqual(result.status, .outputDiffers)
        XCTAssert(result.differences.first?.contains("+Hello from seed 7") == true, "\(result.differences)")
    }

    func testWithoutComparingOnlyProblemsCount() throws {
        XCTAssertEqual(try check(entryPoint: FixtureBook.counting(seed: 7), compareRecorded: false).status, .ok)
        let missing = try check(entryPoint: { notebook in notebook.text("greeting", "x") }, compareRecorded: false)
        XCTAssertEqual(missing.status, .failed, "a missing output is a problem whatever the hyperparameters")
    }

    func testOutputBlockForAnOutputNotProducedNamesFileAndLine() throws {
        let result = try check { notebook in notebook.text("greeting", "Hello from seed 0\nsecond line") }
        XCTAssertEqual(result.status, .failed)
        XCTAssertEqual(
            result.problems,
            [
                "chapters/01-counting.md:24: chapter 1 produced no output named 'squares' (it produced 'greeting')",
                "chapters/01-counting.md:40: chapter 1 produced no output named 'curve' (it produced 'greeting')"
            ])
    }

    func testOutputNeverShownNamesTheChapter() throws {
        let result = try check { notebook in
            try FixtureBook.counting()(notebook)
            notebook.text("extra", "not in the Markdown")
        }
        XCTAssertEqual(
            result.problems,
            [
                "chapters/01-counting.md: chapter 1 produced output 'extra' but never shows it (add a ```output extra block)"
            ])
    }

    func testThrowingEntryPointFailsTheChapter() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "the data ran out" } }
        let result = try check { _ in throw Broken() }
        XCTAssertEqual(result.status, .failed)
        XCTAssertEqual(result.problems, ["chapters/01-counting.md: chapter 1 failed: the data ran out"])
    }
}
