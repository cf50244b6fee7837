import XCTest
@testable import Site

/// The page with every chapter: in book order, ids unique, links pointing into the page.
final class PrintPageTests: XCTestCase {
    func testIDsAndTheLinksToThemArePrefixedWithTheChapter() {
        let html = PrintPage.prefixed(
            """
            <h2 id="try-it">Try it<a class="anchor" href="#try-it">¶</a></h2>
            <a href="02-generator.html#batches">batches</a> <a href="02-generator.html">the data</a>
            <a href="https://example.com/#x">out</a> <a href="model.safetensors">weights</a>
            <svg role="img" aria-labelledby="cell-title cell-desc"><title id="cell-title">t</title>
            <line marker-end="url(#cell-arrow)"/></svg>
            """, slug: "03-model", pages: ["02-generator.html": "02-generator", "index.html": "00-introduction"])
        XCTAssertEqual(
            html,
            """
            <h2 id="03-model--try-it">Try it<a class="anchor" href="#03-model--try-it">¶</a></h2>
            <a href="#02-generator--batches">batches</a> <a href="#02-generator">the data</a>
            <a href="https://example.com/#x">out</a> <a href="model.safetensors">weights</a>
            <svg role="img" aria-labelledby="03-model--cell-title 03-model--cell-desc"><title id="03-model--cell-title">t</title>
            <line marker-end="url(#03-model--cell-arrow)"/></svg>
            """)
    }

    func testTheBooksPrintPageHasEveryChapterInOrderAndNoIDTwice() throws {
        let page = try XCTUnwrap(try FixtureBook.render()["print.html"])
        let sections = [
            "00-introduction", "01-parameters", "02-generator", "03-model", "04-loss", "05-optimization",
            "06-training"
        ].map { "<section class=\"print-chapter\" id=\"\($0)\">" }
        let positions: [String.Index?] = sections.map { page.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), "every chapter is on the page")
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "in book order")
        let ids = page.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertEqual(
            ids.count, Set(ids).count,
            "duplicate ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $1.count > 1 }.keys)")
        XCTAssertFalse(page.contains("rel=\"next\""), "no previous and next on the page with everything")
    }
}
