import Foundation
@testable import Runner
@testable import tutorial
import XCTest

/// What `tutorial` prints while it runs the book: a line per chapter, then problems and diffs.
final class ReportTests: XCTestCase {
    func testOneLinePerChapterThenTheDiffs() throws {
        var book = try FixtureBook.book()
        book.chapters[1] = try FixtureBook.chapter(try FixtureBook.countingMarkdown.replacingOccurrences(of: "second line", with: "2nd line"))
        let runs = book.chapters.map { ChapterRun($0) }
        let checks = zip(book.chapters, runs).map { ChapterCheck($0, run: $1) }
        let report = Report(book: book)
        XCTAssertEqual(report.line(book.chapters[0], run: runs[0], check: checks[0]), "0  Introduction      ok")
        let line = report.line(book.chapters[1], run: runs[1], check: checks[1])
        XCTAssert(line.hasPrefix("1  Counting squares  output differs  0.0") && line.hasSuffix(" s"), line)
        XCTAssertEqual(report.line(book.chapters[1], run: runs[1], check: nil).prefix(25), "1  Counting squares  ran ")
        XCTAssertEqual(Report.details(checks), ["", """
            --- chapters/01-counting.md:17 output 'greeting' (recorded)
            +++ chapter 1 output 'greeting' (produced now)
            @@ -1,2 +1,2 @@
             Hello from seed 0
            -2nd line
            +second line
            """])
    }
}
