import Foundation
import Notebook
import XCTest
@testable import Site

/// The fixture book's pages, rendered through cmark, checked for the structure a reader relies on.
final class ChapterPageTests: XCTestCase {
    private var pages: [String: String] = [:]

    override func setUpWithError() throws {
        pages = try FixtureBook.render()
        // `SITE_FIXTURE_OUTPUT=/tmp/fixture-site swift test --filter SiteTests` keeps the book to look at.
        if let folder = ProcessInfo.processInfo.environment["SITE_FIXTURE_OUTPUT"] {
            try SiteFolder.write(pages.mapValues { Data($0.utf8) }, to: URL(fileURLWithPath: folder))
        }
    }

    func testTheSiteHasAnIndexOnePagePerChapterAndTheStylesheet() {
        XCTAssertEqual(
            pages.keys.sorted(),
            [
                "01-parameters.html", "02-generator.html", "03-model.html", "04-loss.html", "05-optimization.html",
                "06-training.html", "index.html", "page.js", "print.html", "search-index.js", "style.css"
            ])
    }

    func testSwiftCodeIsHighlightedByTokenKind() throws {
        let page = try page("06-training.html")
        assertContains(page, #"<span class="hl-keyword">for</span>"#)
        assertContains(page, #"<span class="hl-keyword">let</span> batch"#)
        assertContains(page, #"<span class="hl-comment">// padded with -1</span>"#)
        assertContains(page, #"<span class="hl-number">100</span>"#)
        assertContains(page, #"<span class="hl-type">ProgressReport</span>"#)
        let parameters = try self.page("01-parameters.html")
        assertContains(parameters, #"<span class="hl-comment">/// What one run of the tutorial needs to know.</span>"#)
        assertContains(parameters, #"<span class="hl-string">dynamic-rnn</span>"#)
        assertContains(parameters, #"<span class="hl-type">Hyperparameters</span>"#)
    }

    func testABlockTheResolverLeavesAloneIsStillHighlightedWhenSwiftAndPlainOtherwise() throws {
        let page = try page("06-training.html")
        assertContains(page, #"<span class="hl-comment">// the generator&#39;s largest value</span>"#)
        assertContains(page, #"<span class="hl-number">10_000</span>"#)
        assertContains(page, "<pre><code class=\"language-text\">plain &lt;text&gt; stays as it is\n</code></pre>")
    }

    func testOutputsBecomePreformattedTextATableAndAnSVGPlot() throws {
        let page = try page("06-training.html")
        assertContains(page, "<pre class=\"output\"><code>step  100  loss 0.6931  accuracy 50.00%\n")
        assertContains(page, #"<table class="output">"#)
        assertContains(page, #"<th>Split</th><th class="number">Loss</th><th class="number">Accuracy</th>"#)
        assertContains(page, #"<td>train</td><td class="number">0.0512</td>"#)
        assertContains(page, "<figure class=\"plot\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"")
        XCTAssertEqual(occurrences(of: #"<polyline class="series series-"#, in: page), 2, "one line per series")
        assertContains(page, #"<text class="legend" "#)
        assertContains(page, ">accuracy</text>")
    }

    func testCapturedTextAndTableCellsAreEscaped() throws {
        let page = try page("06-training.html")
        XCTAssertFalse(
            page.contains("<script>alert") || page.contains("<script>x"), "captured text must never become markup")
        assertContains(page, "accuracy 98.44% &lt;script&gt;alert(1)&lt;/script&gt;")
        assertContains(page, "<td>&lt;script&gt;x&lt;/script&gt;</td>")
        assertContains(try self.page("index.html"), "<dd>&lt;42&gt;</dd>")
    }

    func testHeadingsHaveStableIdsAndAVisibleLinkToThemselves() throws {
        let page = try page("06-training.html")
        assertContains(
            page, ##"<h2 id="the-training-loop">The training loop<a class="anchor" href="#the-training-loop""##)
        assertContains(page, #"<h1 id="training">Training<a class="anchor""#)
        assertContains(page, ">¶</a></h2>")
    }

    func testPagesLinkToThePreviousAndNextChapterAndMarkTheCurrentOne() throws {
        let first = try page("01-parameters.html")
        assertContains(first, #"<a class="previous" rel="prev" href="index.html">"#)
        assertContains(first, #"<a class="next" rel="next" href="02-generator.html">"#)
        assertContains(first, #"<li><a href="01-parameters.html" class="current" aria-current="page">"#)
        XCTAssertEqual(occurrences(of: "aria-current", in: first), 1, "exactly one page is current")

        let last = try page("06-training.html")
        assertContains(last, #"<a class="previous" rel="prev" href="05-optimization.html">"#)
        XCTAssertFalse(last.contains("rel=\"next\""), "the last chapter has no next page")
        XCTAssertFalse(try page("index.html").contains("rel=\"prev\""), "the index has no previous page")
    }

    func testTheIndexHasTheIntroductionTheChapterListOnceAndTheSummary() throws {
        let index = try page("index.html")
        assertContains(index, "<strong>linear runs</strong>")
        assertContains(
            index, #"<li><a href="06-training.html"><span class="chapter-number">6.</span> Training</a></li>"#)
        for chapter in [
            "02-generator.html", "03-model.html", "04-loss.html", "05-optimization.html", "06-training.html"
        ] {
            XCTAssertEqual(
                index.components(separatedBy: "href=\"\(chapter)\"").count - 1, 1, "\(chapter) is listed once")
        }
        assertContains(index, "<div><dt>Training steps</dt><dd>1,000</dd></div>")
        assertContains(index, "<title>Dynamic RNN in Swift</title>")
        assertContains(try page("03-model.html"), "<title>Model · Dynamic RNN in Swift</title>")
    }

    func testLinksToAChaptersMarkdownFilePointToItsPage() throws {
        assertContains(try page("03-model.html"), #"<a href="02-generator.html#batches">batches</a>"#)
    }

    func testRenderingTwiceGivesTheSameBytes() throws {
        let again = try FixtureBook.render()
        for (path, content) in pages {
            XCTAssertEqual(Data(content.utf8), again[path].map { Data($0.utf8) }, "\(path) differs between runs")
        }
    }

    func testRenderingLeavesTheParsedChaptersAsTheyWere() throws {
        let chapters = FixtureBook.chapters
        let first = try FixtureBook.render(chapters)
        XCTAssertEqual(try FixtureBook.render(chapters), first, "the same parsed documents render again the same")
    }

    func testABlockRendererTakesTheBlocksOfItsKind() throws {
        var chapters = FixtureBook.chapters
        chapters[3].markdown += "\n```math\na^2 + b^2\n```\n"
        var renderer = SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: FixtureBook.resolve)
        renderer.blockRenderers["math"] = { chapter, block in
            "<div class=\"math\" data-line=\"\(block.line)\">\(block.literal.count) from \(chapter.sourcePath)</div>"
        }
        let page = try XCTUnwrap(try FixtureBook.render(chapters, renderer: renderer)["04-loss.html"])
        assertContains(page, #"<div class="math" data-line="5">10 from chapters/04-loss.md</div>"#)
        XCTAssertFalse(page.contains("a^2"))
    }

    func testExtraFilesAreBinaryAndLinksMayPointToThem() throws {
        var chapters = FixtureBook.chapters
        chapters[5].markdown += "\n[the weights](model.safetensors)\n"
        let weights = Data([0, 0xFF, 0x80, 0x0A])
        let files = try SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: FixtureBook.resolve).render(
            chapters: chapters, introduction: FixtureBook.introduction, summary: [],
            extraFiles: ["model.safetensors": weights])
        XCTAssertEqual(files["model.safetensors"], weights)
    }

    /// The compiled-in resources are the files in Sources/Tools/Site/Resources/, every one and byte for byte.
    func testTheEmbeddedResourcesAreTheResourceFiles() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Tools/Site/Resources")
        let names = try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted()
        XCTAssertEqual(EmbeddedResources.files.keys.sorted(), names, "run python3 .ci/embed-resources.py")
        for name in names {
            XCTAssertEqual(
                EmbeddedResources.files[name],
                try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8),
                "\(name) changed: run python3 .ci/embed-resources.py")
        }
    }

    func testTheStylesheetAndTemplateAreTheResourceFiles() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Tools/Site/Resources")
        let css = try String(contentsOf: sources.appendingPathComponent("style.css"), encoding: .utf8)
        XCTAssertEqual(try page("style.css"), css)
        let template = try String(contentsOf: sources.appendingPathComponent("page.html"), encoding: .utf8)
        let index = try page("index.html")
        for line in template.split(separator: "\n") where !line.contains("{{") {
            assertContains(index, String(line))
        }
    }

    func testResolverErrorsReachTheCaller() {
        var chapters = FixtureBook.chapters
        chapters[3].markdown += "\n```output nowhere\n```\n"
        XCTAssertThrowsError(
            try SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: FixtureBook.resolve)
                .render(chapters: chapters, introduction: FixtureBook.introduction, summary: [])
        ) { error in
            XCTAssertEqual("\(error)", "chapters/04-loss.md:5: nothing named 'nowhere'")
        }
    }

    // MARK: Helpers

    private func page(_ name: String) throws -> String {
        try XCTUnwrap(pages[name], "no page \(name) among \(pages.keys.sorted())")
    }

    private func assertContains(_ page: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertTrue(page.contains(expected), "expected to find\n\(expected)\nin the page", file: file, line: line)
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
