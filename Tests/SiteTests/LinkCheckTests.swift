import XCTest
@testable import Site

/// Internal links are checked when the site is built; a broken one names the chapter file and line.
final class LinkCheckTests: XCTestCase {
    func testALinkToAMissingHeadingOnAnotherPageNamesFileAndLine() {
        assertBuildFails(
            chapter3: "# Model\n\nThe cell keeps two states,\nas [the generator](02-generator.html#nope) explains.\n",
            with:
                "chapters/03-model.md:4: link to '02-generator.html#nope': 02-generator.html has no heading with id 'nope'"
        )
    }

    func testALinkToAMissingHeadingOnTheSamePageFails() {
        assertBuildFails(
            chapter3: "# Model\n\n## Gates\n\nSee [gates](#gates) and\n\n[cells](#cells).\n",
            with: "chapters/03-model.md:7: link to '#cells': 03-model.html has no heading with id 'cells'")
    }

    func testLinksInsideHeadingsAreCheckedToo() {
        assertBuildFails(
            chapter3: "# Model\n\n## After [the loss](04-loss.html#gone)\n",
            with: "chapters/03-model.md:3: link to '04-loss.html#gone': 04-loss.html has no heading with id 'gone'")
    }

    func testALinkToAMissingPageFails() {
        assertBuildFails(
            chapter3: "# Model\n\n- one\n- see [later](07-serving.html)\n",
            with: "chapters/03-model.md:4: link to '07-serving.html': the site has no page '07-serving.html'")
    }

    func testExternalLinksAreNotChecked() throws {
        var chapters = FixtureBook.chapters
        chapters[2].markdown += "\n[Keras](https://keras.io/#nothing) and [mail](mailto:a@b.c).\n"
        XCTAssertNoThrow(
            try SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: FixtureBook.resolve)
                .render(chapters: chapters, introduction: FixtureBook.introduction, summary: []))
    }

    func testRepeatedHeadingsGetNumberedIdsThatLinksCanUse() throws {
        var chapters = FixtureBook.chapters
        chapters[3].markdown = "# Loss\n\n## Example\n\n## Example\n\nSee [the second](#example-1).\n"
        let pages = try FixtureBook.render(chapters)
        let page = try XCTUnwrap(pages["04-loss.html"])
        XCTAssertTrue(page.contains(#"<h2 id="example">"#), page)
        XCTAssertTrue(page.contains(#"<h2 id="example-1">"#), page)
    }

    func testSlugsKeepLettersAndDigitsAndJoinTheRestWithHyphens() {
        XCTAssertEqual(slugify("The LSTM cell (forward)"), "the-lstm-cell-forward")
        XCTAssertEqual(slugify("  Adam: step 2 of 3! "), "adam-step-2-of-3")
        XCTAssertEqual(slugify("`hiddenSize`"), "hiddensize")
        XCTAssertEqual(slugify("???"), "section")
    }

    private func assertBuildFails(
        chapter3 markdown: String, with expected: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var chapters = FixtureBook.chapters
        chapters[2].markdown = markdown
        XCTAssertThrowsError(
            try SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: FixtureBook.resolve)
                .render(chapters: chapters, introduction: FixtureBook.introduction, summary: []),
            file: file, line: line
        ) { error in
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }
}
