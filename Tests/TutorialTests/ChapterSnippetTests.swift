import Foundation
import Notebook
@testable import Runner
import XCTest

/// The tutorial's own chapters as doc tests: each chapter, run with the
/// default hyperparameters, must produce exactly the outputs its Markdown
/// records (`chapters/NN-*.md`).
final class ChapterSnippetTests: XCTestCase {
    func assertChapterMatchesItsRecording(_ number: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let (book, runs) = try SharedBookRun.get()
        let chapter = try XCTUnwrap(book.chapter(number), "the book has no chapter \(number)")
        let run = try XCTUnwrap(runs.first { $0.chapterNumber == number })
        let check = ChapterCheck(chapter, run: run)
        XCTAssertEqual(
            check.status, .ok, "\n" + (check.problems + check.differences).joined(separator: "\n"),
            file: file, line: line)
    }

    /// The introduction is prose only: no code runs for it, and it records no outputs.
    func testTheIntroductionIsProseOnly() throws {
        let introduction = try XCTUnwrap(try SharedBookRun.get().book.chapter(0))
        XCTAssertNil(introduction.entryPoint)
        XCTAssertEqual(introduction.blocks.filter(\.directive.isOutput).count, 0, "an output block in the introduction")
    }
    func testChapter1Parameters() throws { try assertChapterMatchesItsRecording(1) }
    func testChapter2Generator() throws { try assertChapterMatchesItsRecording(2) }
    func testChapter3Model() throws { try assertChapterMatchesItsRecording(3) }
    func testChapter4Loss() throws { try assertChapterMatchesItsRecording(4) }
    func testChapter5Optimization() throws { try assertChapterMatchesItsRecording(5) }
    func testChapter6Training() throws { try assertChapterMatchesItsRecording(6) }
    func testChapter7MakingItFast() throws { try assertChapterMatchesItsRecording(7) }
    func testChapter8InsideTheModel() throws { try assertChapterMatchesItsRecording(8) }

    /// The expensive chapters' kept outputs (`chapters/_freeze/`) are
    /// committed current: made from today's sources and hyperparameters, and
    /// equal, value for value, to what the chapter produces when it runs now.
    /// So `tutorial` showing them without running is showing this run.
    func testKeptOutputsOfExpensiveChaptersAreThisRun() throws {
        let (book, runs) = try SharedBookRun.get()
        let expensive = book.chapters.filter { $0.freeze != nil }
        XCTAssertFalse(expensive.isEmpty, "no chapter is marked expensive")
        for chapter in expensive {
            let kept = try XCTUnwrap(
                try Freeze.thaw(chapter, root: book.root),
                "\(chapter.path): its kept outputs are missing or stale; run `swift run tutorial`")
            XCTAssertEqual(kept.outputs, runs.first { $0.chapterNumber == chapter.number }?.outputs, chapter.path)
        }
    }

    /// The full default run (2,000 steps, then 10,000 held-out sequences)
    /// reaches 97%: read from the same run the chapter records, rather than
    /// training once more.
    func testDefaultTrainingReaches97PercentHeldOut() throws {
        let run = try XCTUnwrap(SharedBookRun.get().runs.first { $0.chapterNumber == 6 })
        guard case .table(let summary)? = run.output(named: "summary") else { return XCTFail("no summary table") }
        let cell = try XCTUnwrap(summary.rows.first { $0.first == "held-out accuracy" }?.last)
        let percent = try XCTUnwrap(Double(cell.dropLast()), cell)
        XCTAssertGreaterThanOrEqual(percent, 97, cell)
    }

    /// The check is not vacuous: one line added to a recorded output (in
    /// memory, never on disk) makes the chapter differ, and the diff names
    /// the chapter file, the block's line and the output.
    func testAlteredRecordingMakesTheCheckFail() throws {
        let (book, runs) = try SharedBookRun.get()
        let original = try XCTUnwrap(book.chapter(1))
        let block = try XCTUnwrap(original.blocks.first { $0.directive.isOutput })
        guard case .output(let name) = block.directive else { return }
        var lines = original.source.lines
        lines.insert("a line the chapter never printed", at: block.content.upperBound)
        let entry = ChapterEntry(number: 1, slug: original.slug, entryPoint: nil)
        let chapter = try Chapter(entry, markdown: lines.joined(separator: "\n"), file: original.file, root: book.root)

        let check = ChapterCheck(chapter, run: runs[1])
        XCTAssertEqual(check.status, .outputDiffers)
        XCTAssertEqual(check.differences.count, 1)
        let diff = check.differences.first ?? ""
        XCTAssert(
            diff.hasPrefix(
                "--- \(chapter.path):\(block.line) output '\(name)' (recorded)\n"
                    + "+++ chapter 1 output '\(name)' (produced now)\n"), diff)
        XCTAssert(diff.hasSuffix("\n-a line the chapter never printed"), diff)
    }
}
