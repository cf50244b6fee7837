import Foundation
import Notebook
@testable import Runner
import Site
import XCTest

/// `chapters/book.json`: the title, and links to the repository and to every shown file, or none.
final class BookSettingsTests: XCTestCase {
    private func parse(_ json: String) throws -> BookSettings { try BookSettings.parse(Data(json.utf8)) }

    private func pages(settings json: String?) throws -> [String: String] {
        let root = try FixtureBook.copy("book")
        defer { try? FileManager.default.removeItem(at: root) }
        if let json { try Data(json.utf8).write(to: root.appendingPathComponent(BookSettings.path)) }
        let book = try FixtureBook.book(at: root)
        let files = try SiteBuild.files(book, runs: book.chapters.map { ChapterRun($0) }, summary: [])
        return files.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    func testWithoutSettingsThePagesHaveNoRepositoryLinks() throws {
        let page = try XCTUnwrap(try pages(settings: nil)["01-counting.html"])
        XCTAssertFalse(page.contains("class=\"repository\""), page)
        XCTAssertFalse(page.contains("source-link"), page)
        XCTAssertTrue(page.contains("<figcaption><code>Sources/Counting.swift</code>, lines"), page)
    }

    func testTheRepositoryAndEachShownFileAreLinkedFromTheSettings() throws {
        let pages = try pages(
            settings: """
                {"title": "Counting <book>", "repository": "https://example.org/counting",
                 "source-file": "https://example.org/counting/blob/main/{path}#L{first}-L{last}"}
                """)
        let page = try XCTUnwrap(pages["01-counting.html"])
        XCTAssertTrue(
            page.contains("<a class=\"repository\" href=\"https://example.org/counting\">The source code</a>"), page)
        let caption = try XCTUnwrap(
            page.range(
                of:
                    #"<figcaption><a class="source-link" href="https://example.org/counting/blob/main/Sources/Counting.swift#L\d+-L\d+"><code>Sources/Counting.swift</code>, lines \d+–\d+</a></figcaption>"#,
                options: .regularExpression), page)
        // The link's lines are the caption's lines.
        let text = String(page[caption])
        let numbers = text.matches(of: /(\d+)/).map { Int($0.1)! }
        XCTAssertEqual(numbers.count, 4, text)
        XCTAssertEqual(Array(numbers[0...1]), Array(numbers[2...3]), text)
        XCTAssertTrue(page.contains("<a class=\"book-title\" href=\"index.html\">Counting &lt;book&gt;</a>"), page)
        XCTAssertTrue(try XCTUnwrap(pages["print.html"]).contains("class=\"repository\""))
    }

    func testBadSettingsNameTheFileAndWhatIsWrong() {
        let cases: [(String, String)] = [
            (
                "{\"title\": \"x\", \"repo\": \"https://a\"}",
                "unknown setting 'repo'; the settings are title, repository, source-file"
            ),
            ("{\"repository\": \"file:///etc\"}", "'repository' must be an http(s) address without spaces or quotes"),
            (
                "{\"repository\": \"https://a/b\\\" onclick=\\\"x\"}",
                "'repository' must be an http(s) address without spaces or quotes"
            ),
            ("{\"source-file\": \"https://a/b\"}", "'source-file' must contain {path}, the shown file's path"),
            ("{\"source-file\": \"https://a/{path}#{line}\"}", "'source-file' may use only {path}, {first}, {last}"),
            ("{\"title\": 3}", "'title' must be a non-empty string on one line"),
            ("[1]", "expected one JSON object of settings")
        ]
        for (json, message) in cases {
            XCTAssertEqual(bookErrorMessage { try parse(json) }, "chapters/book.json: " + message, json)
        }
        XCTAssertTrue(bookErrorMessage { try parse("{title") }?.hasPrefix("chapters/book.json: not valid JSON") == true)
    }

    func testTheTutorialsOwnSettingsAreValidAndNameNoRepository() throws {
        let root = FixtureBook.fixtures.appendingPathComponent("../../..").standardized
        let settings = try BookSettings.load(root: root)
        XCTAssertEqual(settings.title, "Dynamic RNN in Swift")
    }
}
