import Foundation
import XCTest
@testable import Site

/// Numbered figures and formulas, and `@fig-…` / `@eq-…` references to them from any chapter.
final class CrossReferenceTests: XCTestCase {
    private let drawing = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"><title>A drawing</title></svg>
        """

    /// Pages for two chapters, numbered 2 and 3, each given its Markdown.
    private func render(_ second: String, _ third: String) throws -> [String: String] {
        let introduction = SiteChapter(
            number: 0, slug: "00-introduction", title: "Introduction",
            markdown: "# Introduction\n", sourcePath: "chapters/00-introduction.md")
        let chapters = [
            SiteChapter(number: 2, slug: "02-data", title: "Data", markdown: second, sourcePath: "chapters/02-data.md"),
            SiteChapter(
                number: 3, slug: "03-model", title: "Model", markdown: third, sourcePath: "chapters/03-model.md")
        ]
        var renderer = SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: { _, _ in nil })
        renderer.figureLoader = { [drawing] _, path in path.hasPrefix("figures/") ? drawing : nil }
        let pages = try renderer.render(chapters: chapters, introduction: introduction, summary: [])
        return pages.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    private let model = """
        # Model

        ![One.](figures/cell.svg "The cell.")

        ```math {#eq-state}
        h_t = \\tanh(z)
        ```

        ```math
        y = 1
        ```

        ![Two.](figures/unrolled.svg "Unrolled.")

        ```math {#eq-cell-2}
        c_t = f c_{t-1}
        ```

        """

    func testFiguresAndLabelledFormulasAreNumberedPerChapterInOrder() throws {
        let page = try XCTUnwrap(try render("# Data\n", model)["03-model.html"])
        XCTAssertTrue(page.contains("<figure class=\"diagram\" id=\"fig-cell\">"), page)
        XCTAssertTrue(
            page.contains("<figcaption><span class=\"figure-label\">Figure 3.1.</span> The cell.</figcaption>"), page)
        XCTAssertTrue(
            page.contains("<figcaption><span class=\"figure-label\">Figure 3.2.</span> Unrolled.</figcaption>"), page)
        XCTAssertTrue(page.contains("<div class=\"equation\" id=\"eq-state\"><div class=\"math-display\">"), page)
        XCTAssertTrue(page.contains("<span class=\"equation-number\">(3.1)</span></div>"), page)
        // The unlabelled formula has no number and does not take one.
        XCTAssertEqual(page.components(separatedBy: "equation-number").count - 1, 2, page)
        XCTAssertTrue(page.contains("id=\"eq-cell-2\"><div class=\"math-display\">"), page)
        XCTAssertTrue(page.contains("<span class=\"equation-number\">(3.2)</span>"), page)
    }

    func testReferencesLinkToTheirTargetInAnyChapterAndReadAsTheNumber() throws {
        let pages = try render(
            "# Data\n\nAs @fig-unrolled shows, and by @eq-state. Also (@eq-cell-2).\n",
            model + "\nSee @fig-cell-, e-mail a@fig-cell, and `@fig-nothing` in code.\n")
        let data = try XCTUnwrap(pages["02-data.html"])
        XCTAssertTrue(
            data.contains(
                "As <a class=\"xref\" href=\"03-model.html#fig-unrolled\">Figure 3.2</a> shows, and by "
                    + "<a class=\"xref\" href=\"03-model.html#eq-state\">(3.1)</a>. Also "
                    + "(<a class=\"xref\" href=\"03-model.html#eq-cell-2\">(3.2)</a>)."), data)
        let model = try XCTUnwrap(pages["03-model.html"])
        XCTAssertTrue(
            model.contains("See <a class=\"xref\" href=\"03-model.html#fig-cell\">Figure 3.1</a>-, e-mail a@fig-cell"),
            model)
        XCTAssertTrue(model.contains("@fig-nothing</code>"), model)
        // The one-page print edition points the same references inside itself.
        XCTAssertTrue(try XCTUnwrap(pages["print.html"]).contains("href=\"#03-model--fig-unrolled\">Figure 3.2</a>"))
    }

    func testAnUnknownOrRepeatedLabelStopsTheBuildWithFileAndLine() {
        XCTAssertThrowsError(try render("# Data\n\nText.\n\nSee @eq-missing here.\n", model)) {
            XCTAssertEqual(
                "\($0)",
                "chapters/02-data.md:5: @eq-missing refers to no labelled formula "
                    + "(```math {#eq-missing}) in the book")
        }
        XCTAssertThrowsError(try render("# Data\n\n@fig-gone\n", model)) {
            XCTAssertTrue("\($0)".hasPrefix("chapters/02-data.md:3: @fig-gone refers to no figure"), "\($0)")
        }
        let twice = "# Data\n\n```math {#eq-state}\nx\n```\n\n@eq-state\n"
        XCTAssertThrowsError(try render(twice, model)) {
            XCTAssertEqual(
                "\($0)", "chapters/02-data.md:7: @eq-state is ambiguous: the book places 'eq-state' more than once")
        }
        XCTAssertThrowsError(try render("# Data\n\n```math {#state}\nx\n```\n", model)) {
            XCTAssertTrue(
                "\($0)".hasPrefix("chapters/02-data.md:3: formula label '{#state}': write {#eq-NAME}"), "\($0)")
        }
    }

    func testReferencesAreFoundWhereTheyStandAndEndBeforePunctuation() {
        let found = CrossReferences.references(in: "@eq-a, x@fig-b (@fig-c-d-). @@eq-e @figure @eq-")
        XCTAssertEqual(found.map(\.label), ["eq-a", "fig-c-d"])
    }
}
