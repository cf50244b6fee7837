import Foundation
import Runner
@testable import tutorial
import XCTest

/// What `tutorial` prints while it runs the book: a line per chapter, then problems and diffs.
final class ReportTests: XCTestCase {
    func testOneLinePerChapterThenTheDiffs() throws {
        let root = try TinyBook.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let book = try TinyBook.book(at: root, entryPoint: TinyBook.greeting(seed: 7))
        let runs = book.chapters.map { ChapterRun($0) }
        let checks = zip(book.chapters, runs).map { ChapterCheck($0, run: $1) }
        let report = Report(book: book)
        XCTAssertEqual(report.line(book.chapters[0], run: runs[0], check: checks[0]), "0  Introduction  ok")
        let line = report.line(book.chapters[1], run: runs[1], check: checks[1])
        XCTAssert(line.hasPrefix("1  Greeting      output differs  0.0") && line.hasSuffix(" s"), line)
        XCTAssertEqual(report.line(book.chapters[1], run: runs[1], check: nil).prefix(21), "1  Greeting      ran ")
        XCTAssertEqual(
            Report.details(checks),
            [
                "",
                """
                --- chapters/01-greeting.md:5 output 'greeting' (recorded)
                +++ chapter 1 output 'greeting' (produced now)
                @@ -1,2 +1,2 @@
                -Hello from seed 0
                +Hello from seed 7
                 bye
                """
            ])
    }
}
