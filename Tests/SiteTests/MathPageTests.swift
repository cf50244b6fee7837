import XCTest
@testable import Site

/// Formulas in a chapter's Markdown become MathML on its page; one outside the subset stops the build at its line.
final class MathPageTests: XCTestCase {
    private func render(_ markdown: String) throws -> String {
        let introduction = SiteChapter(
            number: 0, slug: "00-introduction", title: "Introduction",
            markdown: "# Introduction\n", sourcePath: "chapters/00-introduction.md")
        let chapter = SiteChapter(
            number: 1, slug: "01-math", title: "Math", markdown: markdown,
            sourcePath: "chapters/01-math.md")
        let pages = try SiteRenderer(bookTitle: "Dynamic RNN in Swift", resolver: { _, _ in nil })
            .render(chapters: [chapter], introduction: introduction, summary: [])
        return String(decoding: try XCTUnwrap(pages["01-math.html"]), as: UTF8.self)
    }

    func testMathBlocksAreDisplayMathAndDollarCodeSpansInlineMath() throws {
        let page = try render(
            """
            # Math

            The state $`h_t`$ is read at the last step, and `h_t` stays code.

            ```math
            c_t = f_t \\odot c_{t-1}
            ```
            """)
        XCTAssertTrue(page.contains("<p>The state <math><msub><mi>h</mi><mi>t</mi></msub></math> is read"), page)
        XCTAssertTrue(page.contains("and <code>h_t</code> stays code."), page)
        XCTAssertTrue(
            page.contains(
                #"<div class="math-display"><math display="block"><msub><mi>c</mi><mi>t</mi></msub><mo>=</mo>"#), page)
        XCTAssertFalse(page.contains("$"), page)
    }

    func testAFormulaOutsideTheSubsetNamesTheChapterFileAndLine() {
        XCTAssertThrowsError(try render("# Math\n\n```math\na = b\n\\int c\n```\n")) { error in
            XCTAssertEqual("\(error)", "chapters/01-math.md:5: math: \\int is not in the book's TeX subset")
        }
        XCTAssertThrowsError(try render("# Math\n\nFirst line,\nthen $`x * y`$ inline.\n")) { error in
            XCTAssertEqual("\(error)", "chapters/01-math.md:4: math: '*' is not in the book's TeX subset")
        }
    }
}
