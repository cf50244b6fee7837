import Foundation
import Parameters
@testable import Runner
import XCTest

/// The tutorial's own chapters as doc tests: each chapter runs with the
/// default hyperparameters and must produce exactly the outputs its
/// Markdown records (`chapters/NN-*.md`).
/// Chapter 6 trains for 2,000 steps, a few seconds: the numeric modules are
/// optimised in debug builds too.
final class ChapterSnippetTests: XCTestCase {
    /// The package's root, which holds `chapters/`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func assertChapterMatchesItsRecording(_ number: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let book = try Book(tutorialAt: Self.root)
        let chapter = try XCTUnwrap(book.chapter(number), "the book has no chapter \(number)")
        let check = ChapterCheck(chapter, run: ChapterRun(chapter, hyperparameters: Hyperparameters()), root: book.root)
        XCTAssertEqual(check.status, .ok, "\n" + (check.problems + check.differences).joined(separator: "\n"),
                       file: file, line: line)
    }

    func testChapter0Introduction() throws { try assertChapterMatchesItsRecording(0) }
    func testChapter1Parameters() throws { try assertChapterMatchesItsRecording(1) }
    func testChapter2Generator() throws { try assertChapterMatchesItsRecording(2) }
    func testChapter3Model() throws { try assertChapterMatchesItsRecording(3) }
    func testChapter4Loss() throws { try assertChapterMatchesItsRecording(4) }
    func testChapter5Optimization() throws { try assertChapterMatchesItsRecording(5) }

    func testChapter6Training() throws { try assertChapterMatchesItsRecording(6) }

    /// Chapter 8 trains some 80 models and forks, about a minute on two cores.
    func testChapter8InsideTheModel() throws { try assertChapterMatchesItsRecording(8) }

    /// The check is not vacuous: one line added to a recorded output (in
    /// memory, never on disk) makes the chapter differ, and the diff names
    /// the chapter file, the block's line and the output.
    func testAlteredRecordingMakesTheCheckFail() throws {
        let book = try Book(tutorialAt: Self.root)
        var chapter = try XCTUnwrap(book.chapter(1))
        let block = try XCTUnwrap(chapter.directives().first { if case .output = $0.directive { true } else { false } })
        guard case .output(let name) = block.directive else { return }
        var lines = chapter.markdown.components(separatedBy: "\n")
        lines.insert("a line the chapter never printed", at: block.content.upperBound)
        chapter.markdown = lines.joined(separator: "\n")

        let check = ChapterCheck(chapter, run: ChapterRun(chapter, hyperparameters: Hyperparameters()), root: book.root)
        XCTAssertEqual(check.status, .outputDiffers)
        XCTAssertEqual(check.differences.count, 1)
        let diff = check.differences.first ?? ""
        XCTAssert(diff.hasPrefix("--- \(chapter.path):\(block.line) output '\(name)' (recorded)\n"
                                 + "+++ chapter 1 output '\(name)' (produced now)\n"), diff)
        XCTAssert(diff.hasSuffix("\n-a line the chapter never printed"), diff)
    }
}
